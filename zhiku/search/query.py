"""What a reader typed, parsed into zhiku's own query structure (plain Python, no Django).

Syntax: words; "quoted phrases" (also “…” 「…」 『…』); -exclusion of a word or phrase; OR
between two items; filters ``author:`` ``type:`` ``year:2015`` / ``year:2013..2016`` ``lang:``
``unit:`` (with Chinese aliases such as 作者：, and the same names as URL parameters).
Everything else is text: Lucene/tantivy operators (``* ? ~ ^ [ ] { } ( ) AND NOT``) are read
as the characters they are, so user input never reaches an engine's query syntax. A search
backend (``zhiku/search/backends/``) compiles a ``ParsedQuery`` into its own query objects.

Problems are never errors: a notice (a stable code and the offending value) says what was
ignored or changed, and the rest of the query goes on.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from zhiku.search.vocabulary import FIELD_ALIASES, LANGUAGE_ALIASES, work_type

#: Longer queries are cut here: nobody types more, and each word costs query time.
MAX_QUERY_CHARS = 500
#: Earliest and latest year a year filter accepts.
YEAR_RANGE = (1000, 2999)
#: Opening quote → the closing quotes that end it.
QUOTES = {'"': '"”', "“": '”"', "「": "」", "『": "』", "＂": '＂"', "”": '”"'}
NEGATION = "-−－"
_FIELD = re.compile(
    "(" + "|".join(sorted(map(re.escape, FIELD_ALIASES), key=len, reverse=True)) + r")\s*[:：]",
    re.IGNORECASE,
)
_YEAR = re.compile(r"(\d{4})?\s*(?:(\.\.|–|—|-|~|～|至|到)\s*(\d{4})?)?")
_BCP47 = re.compile(r"[a-z]{2,3}(?:-[a-z0-9]{2,8})*")


@dataclass(frozen=True)
class Text:
    """Words a result should contain (analysed into words, each a concept)."""

    text: str


@dataclass(frozen=True)
class Phrase:
    """Words that must appear together, in this order."""

    text: str


@dataclass(frozen=True)
class AnyOf:
    """Any one of several items (``a OR b``)."""

    items: tuple[Text | Phrase, ...]


Item = Text | Phrase | AnyOf


@dataclass(frozen=True)
class Notice:
    """Something the parser ignored or changed: a stable ``code`` and the ``value`` concerned."""

    code: str
    value: str = ""


@dataclass
class Filters:
    """Restrictions on the result set; empty lists restrict nothing."""

    authors: list[str] = field(default_factory=list)
    person_ids: list[int] = field(default_factory=list)
    types: list[str] = field(default_factory=list)
    languages: list[str] = field(default_factory=list)
    units: list[str] = field(default_factory=list)
    years: tuple[int | None, int | None] | None = None

    def is_empty(self) -> bool:
        return not (
            self.authors
            or self.person_ids
            or self.types
            or self.languages
            or self.units
            or self.years
        )


@dataclass
class ParsedQuery:
    """A reader's query: items to match, items to exclude, filters, notices."""

    text: str = ""
    must: list[Item] = field(default_factory=list)
    must_not: list[Item] = field(default_factory=list)
    filters: Filters = field(default_factory=Filters)
    notices: list[Notice] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        """True when nothing is asked for but filters (or not even those)."""
        return not self.must and not self.must_not


def clean(text: str) -> str:
    """``text`` without control and format characters, whitespace collapsed."""
    kept = []
    for char in text:
        category = unicodedata.category(char)
        if category in ("Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"):
            kept.append(" ")
        else:
            kept.append(char)
    return " ".join("".join(kept).split())


def parse(text: str, params: dict[str, list[str]] | None = None) -> ParsedQuery:
    """The ParsedQuery of ``text`` plus filters given as URL ``params`` (name → values)."""
    query = ParsedQuery()
    text = clean(text or "")
    if len(text) > MAX_QUERY_CHARS:
        query.notices.append(Notice("query_truncated", str(MAX_QUERY_CHARS)))
        text = text[:MAX_QUERY_CHARS]
    query.text = text
    _Scanner(text, query).run()
    for name, values in (params or {}).items():
        canonical = FIELD_ALIASES.get(name.lower())
        for value in values:
            value = clean(value)
            if canonical and value:
                add_filter(query, canonical, value)
    return query


def add_filter(query: ParsedQuery, name: str, value: str) -> None:
    """Add filter ``name`` (a canonical field name) with ``value`` or a notice why not."""
    filters = query.filters
    if name == "author":
        filters.authors.append(value)
    elif name == "person":
        if value.isascii() and value.isdigit() and len(value) < 19:  # not "²" or "١"
            filters.person_ids.append(int(value))
        else:
            query.notices.append(Notice("unknown_person", value))
    elif name == "type":
        kind = work_type(value.lower())
        if kind:
            filters.types.append(kind)
        else:
            query.notices.append(Notice("unknown_type", value))
    elif name == "lang":
        language = LANGUAGE_ALIASES.get(value.lower())
        if language is None and _BCP47.fullmatch(value.lower()):
            language = value.lower()
        if language:
            filters.languages.append(language)
        else:
            query.notices.append(Notice("unknown_language", value))
    elif name == "unit":
        filters.units.append(value)
    elif name == "year":
        years = parse_years(value)
        if years is None:
            query.notices.append(Notice("bad_year", value))
        else:
            filters.years = years


def parse_years(value: str) -> tuple[int | None, int | None] | None:
    """(first, last) years of ``2015``, ``2013..2016``, ``2013-2016``, ``..2016`` or ``2013..``."""
    match = _YEAR.fullmatch(value.strip())
    if not match or not (match[1] or match[3]):
        return None
    first = int(match[1]) if match[1] else None
    last = int(match[3]) if match[3] else (None if match[2] else first)
    low, high = YEAR_RANGE
    if any(y is not None and not low <= y <= high for y in (first, last)):
        return None
    if first is not None and last is not None and first > last:
        first, last = last, first
    return first, last


class _Scanner:
    """Walks the query text left to right, appending items and filters to a ParsedQuery."""

    def __init__(self, text: str, query: ParsedQuery) -> None:
        self.text, self.query, self.pos = text, query, 0
        self.pending_or = self.pending_not = False

    def run(self) -> None:
        text = self.text
        while self.pos < len(text):
            if text[self.pos].isspace():
                self.pos += 1
                continue
            negate, self.pending_not = self.pending_not, False
            following = text[self.pos + 1 : self.pos + 2]
            if text[self.pos] in NEGATION and following and not following.isspace():
                negate = True
                self.pos += 1
            match = _FIELD.match(text, self.pos)
            if match:
                self.pos = match.end()
                value = self.value()
                name = FIELD_ALIASES[match[1].lower()]
                if value:
                    add_filter(self.query, name, value)
                else:
                    self.query.notices.append(Notice("empty_filter", match[1]))
                continue
            item = self.item()
            if item is None:
                continue
            self.add(item, negate)

    def item(self) -> Text | Phrase | None:
        text, start = self.text, self.pos
        if text[start] in QUOTES:
            phrase = self.quoted().strip()
            return Phrase(phrase) if phrase else None
        end = start
        while end < len(text) and not text[end].isspace() and text[end] not in QUOTES:
            end += 1
        word = text[start:end]
        glued = next((m for m in _FIELD.finditer(word) if m.start() > 0 and _han(m[1])), None)
        if glued:  # 中美关系作者：鲁传颖: Chinese needs no space before a filter
            end = start + glued.start()
            word = text[start:end]
        self.pos = end
        if word in ("OR", "|", "||"):
            self.pending_or = True
            return None
        if word in ("AND", "&&", "+"):
            return None
        if word == "NOT":
            self.pending_not = True
            return None
        word = word.lstrip("+")
        return Text(word) if word else None

    def quoted(self) -> str:
        text, opener = self.text, self.text[self.pos]
        closers = QUOTES[opener]
        end = self.pos + 1
        while end < len(text) and text[end] not in closers:
            end += 1
        if end >= len(text):
            self.query.notices.append(Notice("unbalanced_quote", opener))
        phrase = text[self.pos + 1 : end]
        self.pos = end + 1
        return phrase

    def value(self) -> str:
        text = self.text
        if self.pos < len(text) and text[self.pos] in QUOTES:
            return self.quoted().strip()
        end = self.pos
        while end < len(text) and not text[end].isspace():
            end += 1
        value = text[self.pos : end]
        self.pos = end
        return value.strip("\"'“”「」『』")

    def add(self, item: Text | Phrase, negate: bool) -> None:
        target = self.query.must_not if negate else self.query.must
        if self.pending_or and not negate and target:
            previous = target.pop()
            items = previous.items if isinstance(previous, AnyOf) else (previous,)
            target.append(AnyOf((*items, item)))
        else:
            target.append(item)
        self.pending_or = False


def _han(text: str) -> bool:
    return any("\u4e00" <= c <= "\u9fff" for c in text)
