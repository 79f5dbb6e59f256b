"""Keys for matching text: stored text stays as written; these are for comparison only."""

from __future__ import annotations

import functools
import re
import unicodedata

_PUNCT_OR_SPACE = re.compile(r"[\s\W_]+", re.UNICODE)


def text_key(text: str) -> str:
    """A matching key: NFKC (full/half width folded), lowercase, no spaces or punctuation."""
    # Same result as removing \W after NFKC + casefold, several times faster on long text:
    # punctuation and spaces that NFKC cannot turn into letters go first, NFKC runs only when
    # something is left to normalise, and the final pass only when a non-letter remains.
    stripped = _punctuation_and_spaces().sub("", text)
    if not unicodedata.is_normalized("NFKC", stripped):
        stripped = unicodedata.normalize("NFKC", stripped)
    folded = stripped.casefold()
    return folded if folded.isalnum() else _PUNCT_OR_SPACE.sub("", folded)


@functools.cache
def _punctuation_and_spaces() -> re.Pattern[str]:
    """Punctuation, separators and spaces of the BMP whose NFKC form holds no letter or digit."""
    chars = []
    for code in range(0x10000):
        char = chr(code)
        if 0xD800 <= code <= 0xDFFF:
            continue
        droppable = unicodedata.category(char)[0] in "PZ" or char.isspace() or char == "_"
        if droppable and not any(c.isalnum() for c in unicodedata.normalize("NFKC", char)):
            chars.append(re.escape(char))
    return re.compile(f"[{''.join(chars)}]+")


def clean_inline(text: str) -> str:
    """One line of display text: NBSP and odd spaces made plain, runs of spaces collapsed."""
    text = text.replace("\u00a0", " ").replace("\u3000", " ").replace("\ufeff", "")
    text = re.sub(r"[\u200b-\u200d\u2060]", "", text)
    return re.sub(r"[ \t]+", " ", text).strip()
