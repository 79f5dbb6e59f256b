"""RIS publication lists (EndNote, Zotero, JabRef, CNKI exports), parsed by rispy.

A record is the lines from ``TY  -`` to ``ER  -`` (rispy's own model: a second ``TY`` inside a
record is one more field, the first value of a tag is kept). Before rispy reads a record:

- a line that is not a tag line continues the field above it (a wrapped abstract, an address
  over two lines) and is joined to it, never a reason to refuse the file;
- tag lines written with one space or none before the dash are put right;
- ``AU`` and ``A1`` (both authors) keep their order, as do ``A2``/``ED`` editors and ``A4``
  translators (rispy is given a mapping that sends them to one list each);
- a record without ``TY`` (it starts at its first tag) or without ``ER`` (it ends with the file)
  is read and reported with its line.

The container is ``JF``, else ``T2``, else ``JO`` (abbreviations ``JA``/``J2``/``J1`` only when
nothing else); ``PY``/``Y1``/``DA`` give the date with all their parts (``2016/12//`` → 2016-12).
The title is the first `TI`/`T1` (else `ST`, the short title). A record with no title is
reported with its line and skipped; the others still load.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from rispy import RisParser
from rispy.config import LIST_TYPE_TAGS, TAG_KEY_MAPPING

from zhiku.ingest.readers import ReaderError
from zhiku.ingest.readers.batches import Batches
from zhiku.ingest.readers.biblio import (
    contributor,
    finish_work,
    first_issn,
    flip_name,
    language_of,
    loose_date,
    normalize_date_text,
    normalize_doi,
    normalize_pages,
    ris_type,
    split_keywords,
)
from zhiku.ingest.readers.registry import ReaderFormat, strip_head
from zhiku.ingest.records import Extraction, WorkRecord

#: A RIS tag line: two characters, spaces, a dash ("TY  - JOUR"; some tools drop a space).
TAG_LINE = re.compile(r"^(?P<tag>[A-Z][A-Z0-9])\s{0,2}-(?:\s(?P<value>.*))?$")
#: rispy's mapping, with the tags that name one role sent to one list, in file order.
MAPPING = {
    **TAG_KEY_MAPPING,
    "AU": "authors",
    "A1": "authors",
    "TI": "title",
    "T1": "title",
    "A2": "secondary_authors",
    "ED": "editors",
    "A3": "tertiary_authors",
    "A4": "translators",
    "TA": "translators_ta",
    "BT": "book_title",
    "Y2": "access_date",
    "M2": "extra2",
    "T3": "tertiary_title",
    "VO": "volume",  # an old spelling of VL
}
LIST_TAGS = [*LIST_TYPE_TAGS, "ED", "TA"]
#: Types whose ``A2`` are the editors of the book they are part of (or of the book itself).
EDITED = frozenset({"BOOK", "CHAP", "EBOOK", "ECHAP", "EDBOOK", "CONF", "CPAPER", "ENCYC"})
BOOKS = frozenset({"BOOK", "EBOOK", "CHAP", "ECHAP", "EDBOOK"})
#: List tags whose untagged lines are more items (EndNote writes one keyword a line).
ONE_PER_LINE = frozenset({"KW"})


class RisError(ReaderError):
    """A RIS file with no readable record; the message says where and why."""


def read_ris(text: str) -> Iterator[Extraction]:
    """Extractions of the file's records; malformed records become warnings with line numbers."""
    batches = Batches()
    parser = RisParser(mapping=MAPPING, list_tags=LIST_TAGS, newline="\n")
    found = 0
    first_problem = ""
    for start, lines, problems in _records(text):
        first_problem = first_problem or (problems[0][1] if problems else "")
        for line, problem in problems:
            batches.current.warn("bad_entry", problem, line=line)
        if not lines:
            continue
        data = parser.parse_lines(iter(lines))
        found += 1
        work = _work(data[0] if data else {}, start, batches.current)
        if work is not None:
            work.line = start
            batches.current.works.append(work)
        yield from batches.full()
    if not found:
        raise RisError(
            f"RIS syntax error: {first_problem}; no record could be read"
            if first_problem
            else "no RIS records found (expected lines such as 'TY  - JOUR' … 'ER  - ')"
        )
    yield from batches.rest()


def _records(text: str) -> Iterator[tuple[int, list[str], list[tuple[int, str]]]]:
    """(first line number, tag lines for rispy, problems) for each record."""
    lines: list[str] = []
    start = 0
    problems: list[tuple[int, str]] = []
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.replace("\ufeff", "").rstrip()
        if not line.strip():
            continue
        match = TAG_LINE.match(line)
        if match is None:
            if lines and lines[-1][:2] in ONE_PER_LINE:
                lines.append(f"{lines[-1][:2]}  - {line.strip()}")  # one keyword a line
            elif lines:
                # a continuation: the wrapped rest of the field above
                lines[-1] = f"{lines[-1]} {line.strip()}".rstrip()
            else:
                yield number, [], [(number, f"line {number}: text outside a record: {line[:40]!r}")]
            continue
        tag, value = match["tag"], (match["value"] or "").strip()
        if tag == "ER":
            if lines:
                yield start, [*lines, "ER  - "], problems
            lines, problems = [], []
            continue
        if not lines:
            start = number
            lines = ["TY  - "]
            if tag == "TY":
                lines = [f"TY  - {value}"]
                continue
            problems.append((number, f"line {number}: record does not start with 'TY  - '"))
        lines.append(f"{tag}  - {value}")
    if lines:
        problems.append((start, f"line {start}: record is not closed by 'ER  - '"))
        yield start, [*lines, "ER  - "], problems


def _first(data: dict[str, Any], *keys: str) -> str | None:
    for key in keys:
        value = data.get(key)
        if isinstance(value, list):
            value = next((v for v in value if isinstance(v, str) and v.strip()), None)
        if isinstance(value, str) and value.strip():
            return " ".join(value.split())
    return None


def _names(data: dict[str, Any], key: str) -> list[str]:
    values = data.get(key) or []
    values = values if isinstance(values, list) else [values]
    return [flip_name(" ".join(v.split())) for v in values if isinstance(v, str) and v.strip()]


def ris_date(value: str | None) -> str | None:
    """``PY``/``DA`` text → ISO date at its precision: "2016/12//" → 2016-12, "2015/october"
    → 2015-10, "2001/09/01/" → 2001-09-01; None when it holds no year."""
    if not value:
        return None
    parts = [p.strip() for p in re.split(r"[/]", value.strip())]
    year = parts[0] if parts else ""
    if not re.fullmatch(r"\d{4}", year):
        match = re.match(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?", value.strip())
        return normalize_date_text(match.group(0)) if match else None
    month = _month_number(parts[1]) if len(parts) > 1 else None
    day = parts[2] if len(parts) > 2 and parts[2].isdigit() else ""
    if month and day and 1 <= int(day) <= 31:
        return normalize_date_text(f"{year}-{month:02d}-{int(day):02d}") or f"{year}-{month:02d}"
    return f"{year}-{month:02d}" if month else year


def _month_number(text: str) -> int | None:
    text = text.strip().lower()
    if text.isdigit() and 1 <= int(text) <= 12:
        return int(text)
    names = "jan feb mar apr may jun jul aug sep oct nov dec".split()
    return names.index(text[:3]) + 1 if text[:3] in names else None


def _work(data: dict[str, Any], line: int, extraction: Extraction) -> WorkRecord | None:
    kind = (data.get("type_of_reference") or "").strip().upper()
    where = f"line {line} (TY {kind or '?'})"
    title = _first(data, "title", "primary_title", "translated_title", "short_title")
    if not title:
        extraction.warn("bad_record", f"{where}: record has no title (TI/T1)", line=line)
        return None
    dates = [ris_date(_first(data, key)) for key in ("year", "publication_year", "date")]
    day_month = _first(data, "date")
    if day_month and dates[0] and not re.search(r"\d{4}", day_month):
        dates[2] = loose_date(dates[0][:4], day_month)  # PY 2014, DA Dec
    dated = [d for d in dates if d]
    date = max(dated, key=len) if dated else None
    if date and dated and not date.startswith(dated[0]):
        date = dated[0]
    raw_date = _first(data, "year", "publication_year", "date")
    if raw_date and not date:
        extraction.warn("date_unparsed", f"{where}: {raw_date!r}", field="date")
    contributors = [contributor(n, "editor") for n in _names(data, "editors")]
    secondary = _names(data, "secondary_authors")
    if kind in EDITED:
        contributors += [contributor(n, "editor") for n in secondary]
    translators = _names(data, "translators") + _names(data, "translators_ta")
    contributors += [contributor(n, "translator") for n in translators]
    work = WorkRecord(
        title=title,
        authors=_names(data, "authors"),
        date=date,
        type=ris_type(kind),
        language=language_of(_first(data, "language"), title),
        abstract=_first(data, "abstract", "notes_abstract"),
        keywords=split_keywords(data.get("keywords")),
        contributors=contributors,
    )
    container = _first(data, "alternate_title3", "secondary_title", "journal_name", "book_title")
    container = container or _first(data, "alternate_title2", "alternate_title1")
    issn = _first(data, "issn")
    edition = _first(data, "edition")  # EndNote files PubMed's Epub date (20180327) here
    if issn and kind not in BOOKS:
        issn = first_issn(issn)  # "2277-9175 (Print)"
    series = _first(data, "tertiary_title") if kind in BOOKS else None
    if kind in ("BOOK", "EBOOK", "EDBOOK") and not series:
        series, container = container, None
    conference = kind in ("CONF", "CPAPER")
    return finish_work(
        work,
        {
            "journal": container,
            "volume": _first(data, "volume"),
            "issue": _first(data, "number") if kind not in ("RPRT",) else None,
            "report_number": _first(data, "number") if kind == "RPRT" else None,
            "pages": normalize_pages(_first(data, "start_page"), _first(data, "end_page")),
            "publisher": _first(data, "publisher"),
            "place": _first(data, "place_published"),
            "doi": normalize_doi(_first(data, "doi")),
            "url": _first(data, "urls", "url"),
            "isbn": issn if kind in BOOKS else None,
            "issn": issn if kind not in BOOKS else None,
            "edition": None if re.fullmatch(r"\d{8}", edition or "") else edition,
            "series": series,
            "conference_name": container if conference else None,
            "conference_place": _first(data, "place_published") if conference else None,
            "access_date": ris_date(_first(data, "access_date")),
        },
    )


#: The start of a RIS file: its first record's type line.
HEAD = re.compile(rb"^\s*(?:\xef\xbb\xbf)?TY  - ")

FORMAT = ReaderFormat(
    name="ris",
    suffixes=(".ris",),
    read=read_ris,
    sniff=lambda head: bool(HEAD.match(head)),
    sniff_wins=True,
    upload_check=lambda head: (
        None if HEAD.match(strip_head(head)) else "does not look like RIS (no 'TY  - ' line first)"
    ),
)
