"""LaTeX → Unicode for BibTeX values, by pylatexenc: ``{\\"O}`` → Ö, ``{\\v R}`` → Ř, ``--`` → –,
``~`` → space, protective braces removed, and math made plain: ``Cu$_2$O`` → Cu₂O (sub- and
superscripts that Unicode has), ``$t$-$J$`` → t-J.
"""

from __future__ import annotations

import re

from pylatexenc.latex2text import LatexNodes2Text

_LATEX = LatexNodes2Text(math_mode="text", strict_latex_spaces=True)
_MATH = re.compile(r"(?<!\\)\$(.+?)(?<!\\)\$", re.S)
_SUB = str.maketrans("0123456789+-=()aeoxhklmnpst", "₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎ₐₑₒₓₕₖₗₘₙₚₛₜ")
_SUP = str.maketrans("0123456789+-=()n", "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ⁿ")
_SCRIPT = re.compile(r"([_^])(?:\{([^{}]*)\}|(\\?[A-Za-z0-9+\-=()]))")


def latex_to_text(value: str) -> str:
    """LaTeX → Unicode, math made plain (``Cu$_2$O`` → Cu₂O), whitespace collapsed."""
    if "$" in value:
        value = _MATH.sub(lambda m: _math(m.group(1)), value)
    if "\\" in value or "{" in value or "~" in value or "--" in value:
        try:
            value = _LATEX.latex_to_text(value)
        except Exception:
            value = value.replace("{", "").replace("}", "")
    return " ".join(value.split())


def _math(formula: str) -> str:
    def script(match: re.Match[str]) -> str:
        text = match.group(2) if match.group(2) is not None else match.group(3)
        table = _SUB if match.group(1) == "_" else _SUP
        converted = text.translate(table)
        return converted if converted != text or not text.strip() else text

    return _SCRIPT.sub(script, formula)
