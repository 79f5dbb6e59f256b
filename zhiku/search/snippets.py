"""Snippets: a passage of a result's original text (its own script and punctuation) around the
query's words, with the matched words marked.

Finding the passage is cheap: the query's terms are looked up in the search form of the text
(``normalize``, the same length as the original in practice) to propose windows; only the few
best windows are tokenized to mark whole tokens, so 中美 is never marked inside 中美洲.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from zhiku.search.analysis import has_han, normalize, tokenize

#: Length of a snippet in characters of the original text.
SNIPPET_CHARS = 160
#: Characters of context kept before the first matched word.
LEAD_CHARS = 40
#: Windows tokenized to find the one with the most marked words.
CANDIDATE_WINDOWS = 3
#: Occurrences of one term considered (a very frequent word adds nothing after a few).
MAX_OCCURRENCES = 40
_SENTENCE_END = re.compile(r"[。！？!?；;…]|\.\s|\n")


@dataclass
class Snippet:
    """``text`` cut from a longer text; ``marks`` are (start, end) spans of matched words."""

    text: str
    marks: list[tuple[int, int]] = field(default_factory=list)
    cut_before: bool = False
    cut_after: bool = False

    def plain(self) -> str:
        """The snippet as text, with … where it was cut."""
        return ("…" if self.cut_before else "") + self.text + ("…" if self.cut_after else "")

    def html(self) -> SafeString:
        """The snippet as escaped HTML with ``<mark>`` around the matched words."""
        out, last = [], 0
        for start, end in self.marks:
            out += [
                escape(self.text[last:start]),
                "<mark>",
                escape(self.text[start:end]),
                "</mark>",
            ]
            last = end
        out.append(escape(self.text[last:]))
        body = "".join(out)
        return mark_safe(  # noqa: S308  (every piece of text above is escaped)
            ("…" if self.cut_before else "") + body + ("…" if self.cut_after else "")
        )


def marks(text: str, terms: set[str]) -> list[tuple[int, int]]:
    """Spans of ``text`` whose tokens are among ``terms``, merged where they overlap."""
    spans = sorted((t.start, t.end) for t in tokenize(text, "index") if t.text in terms)
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def mark_whole(text: str, terms: set[str]) -> Snippet:
    """All of a short text (a title) with its matched words marked."""
    return Snippet(text, marks(text, terms) if terms else [])


def _hits(text: str, terms: set[str]) -> list[int]:
    """Offsets in ``text`` where a term's search form occurs (candidates, not yet verified)."""
    form, offsets = normalize(text)
    found = []
    for term in terms:
        pattern = re.escape(term) if has_han(term) else rf"(?<![a-z0-9]){re.escape(term)}"
        for count, match in enumerate(re.finditer(pattern, form)):
            if count >= MAX_OCCURRENCES:
                break
            found.append(offsets[match.start()] if offsets else match.start())
    return sorted(found)


def _window(text: str, first_hit: int) -> tuple[int, int]:
    start = max(0, first_hit - LEAD_CHARS)
    boundary = None
    for match in _SENTENCE_END.finditer(text, start, first_hit):
        boundary = match.end()
    if boundary is not None:
        start = boundary
    while start < first_hit and text[start].isspace():
        start += 1
    return start, min(len(text), start + SNIPPET_CHARS)


def best_snippet(text: str, terms: set[str]) -> Snippet:
    """The passage of ``text`` with the most matched words (its beginning when none match)."""
    hits = _hits(text, terms) if terms else []
    windows: list[tuple[int, int, int]] = []  # (-distinct hits, start, end)
    for index, hit in enumerate(hits):
        start, end = _window(text, hit)
        inside = {h for h in hits[index:] if h < end}
        windows.append((-len(inside), start, end))
    tried = set()
    best: tuple[int, Snippet] | None = None
    for _, start, end in sorted(windows)[: CANDIDATE_WINDOWS * 4]:
        if (start, end) in tried:
            continue
        tried.add((start, end))
        piece = text[start:end]
        found = marks(piece, terms)
        if best is None or len(found) > best[0]:
            best = (len(found), _snippet(text, start, end, found))
        if len(tried) >= CANDIDATE_WINDOWS:
            break
    if best is not None and best[0] > 0:
        return best[1]
    return _snippet(text, 0, min(len(text), SNIPPET_CHARS), [])


def _snippet(text: str, start: int, end: int, found: list[tuple[int, int]]) -> Snippet:
    piece = text[start:end].replace("\n", " ")  # same length: the marks stay where they are
    return Snippet(piece, found, cut_before=start > 0, cut_after=end < len(text))
