"""Snippets: a passage of a result's original text (its own script and punctuation) around the
query's words, with the matched words marked.

Finding the passage is cheap: the query's terms are looked up in the search form of the text
(``normalize``, the same length as the original in practice) to propose windows; only the few
best windows are tokenized to mark whole tokens, so 中美 is never marked inside 中美洲.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from functools import lru_cache

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from zhiku.search.analysis import has_han, normalize, regional_forms, tokenize
from zhiku.search.concepts import Highlight

#: Length of a snippet in characters of the original text.
SNIPPET_CHARS = 160
#: Characters of context kept before the first matched word.
LEAD_CHARS = 40
#: Windows tokenized, best first, before a snippet falls back to the text's beginning.
CANDIDATE_WINDOWS = 3
#: Occurrences of one term considered (a very frequent word adds nothing after a few).
MAX_OCCURRENCES = 40
_SENTENCE_END = re.compile(r"[。！？!?；;…]|\.\s|\n")


def _highlight(marked: Highlight | set[str]) -> Highlight:
    return marked if isinstance(marked, Highlight) else Highlight(frozenset(marked))


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


def marks(text: str, marked: Highlight | set[str]) -> list[tuple[int, int]]:
    """Spans of ``text`` whose tokens match, merged where they overlap."""
    marked = _highlight(marked)
    tokens = tokenize(text, "index")
    spans = [(t.start, t.end) for t in tokens if t.text in marked.terms]
    if marked.phrases:
        at = {t.position: t for t in tokens}
        for phrase in marked.phrases:
            first_offset, first = phrase[0]
            for token in tokens:
                if token.text != first:
                    continue
                base = token.position - first_offset
                found = [at.get(base + offset) for offset, _ in phrase]
                if all(
                    t is not None and t.text == word
                    for t, (_, word) in zip(found, phrase, strict=True)
                ):
                    spans.append((found[0].start, found[-1].end))
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def mark_whole(text: str, marked: Highlight | set[str]) -> Snippet:
    """All of a short text (a title) with its matched words marked."""
    return Snippet(text, marks(text, marked) if marked else [])


def _hits(text: str, terms: set[str]) -> list[int]:
    """Offsets in ``text`` where a term occurs (candidates, not yet verified).

    Most texts are found as written (Simplified, lower-case after folding Latin); the
    normalised form is built only when that finds nothing (Traditional or full-width text).
    A regional word is indexed as its mainland form (網路 as 网络), so a term is also looked
    for in the regional forms it stands for.
    """
    terms = terms | {form for term in terms for form in regional_forms(term)}
    found = _find(text.lower(), terms, None)
    if not found:
        form, offsets = normalize(text)
        found = _find(form, terms, offsets)
    return sorted(found)


def _find(form: str, terms: set[str], offsets: list[int] | None) -> list[int]:
    found: list[int] = []
    for term in terms:
        if has_han(term):
            start = form.find(term)
            count = 0
            while start >= 0 and count < MAX_OCCURRENCES:
                found.append(offsets[start] if offsets else start)
                start = form.find(term, start + len(term))
                count += 1
        else:
            pattern = _latin_pattern(term)
            for count, match in enumerate(pattern.finditer(form)):
                if count >= MAX_OCCURRENCES:
                    break
                found.append(offsets[match.start()] if offsets else match.start())
    return found


@lru_cache(maxsize=4096)
def _latin_pattern(term: str) -> re.Pattern[str]:
    # A stem (negoti) matches the words it stems from (negotiations) at a word start.
    return re.compile(rf"(?<![a-z0-9]){re.escape(term)}")


def _window(text: str, first_hit: int) -> tuple[int, int]:
    start = max(0, first_hit - LEAD_CHARS)
    boundary = None
    for match in _SENTENCE_END.finditer(text, start, first_hit):
        boundary = match.end()
    if boundary is not None:
        start = boundary
    start = _word_start(text, start, first_hit)
    while start < first_hit and text[start].isspace():
        start += 1
    return start, _word_end(text, min(len(text), start + SNIPPET_CHARS), first_hit + 1)


def _inside_word(text: str, at: int) -> bool:
    """True when offset ``at`` falls between two letters or digits of one Latin word."""
    return 0 < at < len(text) and _latin_word_char(text[at - 1]) and _latin_word_char(text[at])


def _latin_word_char(char: str) -> bool:
    return (char.isalnum() or char in "'’-") and not has_han(char)


def _word_start(text: str, start: int, limit: int) -> int:
    """``start`` moved forward to the beginning of a word (never beyond ``limit``)."""
    moved = start
    while moved < limit and _inside_word(text, moved):
        moved += 1
    return moved if moved < limit or not _inside_word(text, start) else start


def _word_end(text: str, end: int, floor: int) -> int:
    """``end`` moved back to the end of a word (never before ``floor``); a word longer than
    the whole snippet is cut after all."""
    moved = end
    while moved > floor and _inside_word(text, moved):
        moved -= 1
    return moved if moved > floor else end


def best_snippet(text: str, marked: Highlight | set[str]) -> Snippet:
    """The passage of ``text`` with the most matched words (its beginning when none match)."""
    marked = _highlight(marked)
    hits = _hits(text, marked.leads()) if marked else []
    windows: list[tuple[int, int, int]] = []  # (-hits inside, start, end)
    for index, hit in enumerate(hits):
        start, end = _window(text, hit)
        windows.append((index - bisect.bisect_left(hits, end), start, end))
    tried = set()
    for _, start, end in sorted(windows):
        if (start, end) in tried:
            continue
        tried.add((start, end))
        found = marks(text[start:end], marked)
        if found:  # the window proposing most terms, as far as tokens confirm them
            return _snippet(text, start, end, found)
        if len(tried) >= CANDIDATE_WINDOWS:
            break
    return _snippet(text, 0, _word_end(text, min(len(text), SNIPPET_CHARS), 1), [])


def _snippet(text: str, start: int, end: int, found: list[tuple[int, int]]) -> Snippet:
    piece = text[start:end].replace("\n", " ")  # same length: the marks stay where they are
    kept = len(piece.rstrip())  # no space before the … of a cut
    piece = piece[:kept]
    return Snippet(piece, found, cut_before=start > 0, cut_after=end < len(text))
