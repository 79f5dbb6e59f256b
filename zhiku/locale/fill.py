"""Fill the .po catalogues from ``<lang>.json`` (msgid → translation) and compile them.

``make messages`` runs makemessages, then this. The English catalogue's msgids are English, so
its translations are the msgids themselves. A msgid with a context (``pgettext``) is looked up
as ``"context\u0004msgid"``.
"""

import json
import re
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
# A quoted string, possibly continued on following lines (gettext wraps long ones).
_STRING = r'"(?:[^"\\]|\\.)*"(?:\n"(?:[^"\\]|\\.)*")*'
ENTRY = re.compile(
    rf"(?P<head>(?:msgctxt (?P<ctx>{_STRING})\n)?msgid (?P<id>{_STRING})\n"
    rf"(?:msgid_plural (?P<plural>{_STRING})\n)?)"
    r'(?P<strs>(?:msgstr(?:\[\d\])? ".*"\n(?:".*"\n)*)+)'
)
_PART = re.compile(r'"((?:[^"\\]|\\.)*)"')


def _joined(quoted: str | None) -> str | None:
    """The text of a (possibly continued) quoted .po string, still escaped."""
    return None if quoted is None else "".join(_PART.findall(quoted))


_FUZZY = re.compile(r"^#, (.*)\n", re.MULTILINE)


def _unfuzzy(match: re.Match[str]) -> str:
    flags = [f.strip() for f in match[1].split(",") if f.strip() != "fuzzy"]
    return f"#, {', '.join(flags)}\n" if flags else ""


def fill(lang: str) -> list[str]:
    po = HERE / lang / "LC_MESSAGES" / "django.po"
    table = json.loads((HERE / f"{lang}.json").read_text()) if lang != "en" else None
    missing: list[str] = []

    def replace(match: re.Match[str]) -> str:
        msgid, plural = _joined(match["id"]), _joined(match["plural"])
        if not msgid:
            return match.group(0)
        # pgettext entries are keyed "context\u0004msgid", as gettext itself stores them
        context = _joined(match["ctx"])
        key = f"{context}\x04{msgid}" if context else msgid
        text = msgid if table is None else table.get(key)
        if text is None:
            missing.append(msgid)
            return match.group(0)
        if plural is not None:
            other = plural if table is None else text
            forms = [text] if lang == "zh_Hans" else [text, other]
            strs = "".join(f'msgstr[{i}] "{s}"\n' for i, s in enumerate(forms))
            return match["head"] + strs
        return f'{match["head"]}msgstr "{text}"\n'

    # Every entry gets its translation from the table, so gettext's fuzzy guesses (which
    # msgfmt would leave out of the .mo) and their "#| previous msgid" notes are dropped.
    text = _FUZZY.sub(_unfuzzy, po.read_text())
    text = re.sub(r"^#\| .*\n", "", text, flags=re.MULTILINE)
    po.write_text(ENTRY.sub(replace, text))
    subprocess.run(["msgfmt", "--check", "-o", str(po.with_suffix(".mo")), str(po)], check=True)
    return missing


if __name__ == "__main__":
    problems = {lang: fill(lang) for lang in ("zh_Hans", "en")}
    for lang, ids in problems.items():
        for msgid in ids:
            print(f"{lang}: untranslated: {msgid}", file=sys.stderr)
    sys.exit(1 if any(problems.values()) else 0)
