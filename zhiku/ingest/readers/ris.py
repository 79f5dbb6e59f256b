"""RIS publication lists (EndNote, Zotero, CNKI exports), parsed by rispy.

rispy accepts anything and quietly glues a malformed line onto the previous field, so the file
is checked first, record by record: a record is the lines from ``TY  -`` to ``ER  -``; a line
inside it that is not a tag line, a record without ``TY`` or without ``ER`` is reported with its
line number and skipped, and the other records still load.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import rispy

from zhiku.ingest.readers import ReaderError
from zhiku.ingest.readers.batches import Batches
from zhiku.ingest.readers.biblio import (
    date_from_parts,
    finish_work,
    flip_name,
    language_of,
    normalize_doi,
    normalize_pages,
    ris_type,
    split_keywords,
)
from zhiku.ingest.readers.registry import ReaderFormat, strip_head
from zhiku.ingest.records import Extraction, WorkRecord

#: A RIS tag line: two characters, two spaces, a dash ("TY  - JOUR"; some tools drop a space).
TAG_LINE = re.compile(r"^(?P<tag>[A-Z][A-Z0-9])\s{1,2}-(?:\s(?P<value>.*))?$")


class RisError(ReaderError):
    """A RIS file with no readable record; the message says where and why."""


def read_ris(text: str) -> Iterator[Extraction]:
    """Extractions of the file's records; malformed records become warnings with line numbers."""
    batches = Batches()
    found = 0
    first_problem = ""
    for start, lines, problem in _records(text):
        if problem:
            first_problem = first_problem or problem
            batches.current.warn("bad_entry", problem, line=start)
            continue
        (data,) = rispy.loads("\n".join(lines)) or [{}]
        work = _work(data, start, batches.current)
        found += 1
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


def _records(text: str) -> Iterator[tuple[int, list[str], str]]:
    """(first line number, tag lines, problem) for each record; problem is "" when well formed."""
    lines: list[str] = []
    start, problem = 0, ""
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.strip("\ufeff").rstrip()
        if not line.strip():
            continue
        match = TAG_LINE.match(line)
        if match is None:
            if lines and not problem:
                problem = (
                    f"line {number}: not a RIS tag line (expected 'XX  - value'): {line[:40]!r}"
                )
            elif not lines:
                yield number, [], f"line {number}: text outside a record: {line[:40]!r}"
            continue
        tag = match["tag"]
        if tag == "TY":
            if lines:
                yield start, lines, problem or f"line {start}: record is not closed by 'ER  - '"
            lines, start, problem = [f"TY  - {match['value'] or ''}"], number, ""
        elif tag == "ER":
            if lines:
                yield start, [*lines, "ER  - "], problem
            lines = []
        elif not lines:
            yield number, [], f"line {number}: record does not start with 'TY  - '"
        else:
            lines.append(f"{tag}  - {match['value'] or ''}")
    if lines:
        yield start, lines, problem or f"line {start}: record is not closed by 'ER  - '"


def _first(data: dict[str, Any], *keys: str) -> str | None:
    for key in keys:
        value = data.get(key)
        if isinstance(value, list):
            value = value[0] if value else None
        if isinstance(value, str) and value.strip():
            return value.strip()
    return None


def _work(data: dict[str, Any], line: int, extraction: Extraction) -> WorkRecord | None:
    kind = (data.get("type_of_reference") or "").strip().upper()
    where = f"line {line} (TY {kind or '?'})"
    title = _first(data, "title", "primary_title", "translated_title")
    if not title:
        extraction.warn("bad_record", f"{where}: record has no title (TI/T1)", line=line)
        return None
    authors = [*data.get("authors", []), *data.get("first_authors", [])]
    year = _first(data, "year", "publication_year")
    work = WorkRecord(
        title=title,
        authors=[flip_name(a) for a in authors if a.strip()],
        date=date_from_parts(
            extraction,
            where,
            date=_first(data, "date"),
            year=(year or "").split("/")[0] or None,
            month=None,
        ),
        type=ris_type(kind),
        language=language_of(_first(data, "language"), title),
        abstract=_first(data, "abstract", "notes_abstract"),
        keywords=split_keywords(data.get("keywords")),
    )
    return finish_work(
        work,
        {
            "journal": _first(
                data, "journal_name", "secondary_title", "alternate_title3", "alternate_title1"
            ),
            "volume": _first(data, "volume"),
            "issue": _first(data, "number"),
            "pages": normalize_pages(_first(data, "start_page"), _first(data, "end_page")),
            "publisher": _first(data, "publisher"),
            "place": _first(data, "place_published"),
            "doi": normalize_doi(_first(data, "doi")),
            "url": _first(data, "urls", "url"),
            "isbn": _first(data, "issn") if kind in ("BOOK", "EBOOK", "CHAP") else None,
            "issn": _first(data, "issn") if kind not in ("BOOK", "EBOOK", "CHAP") else None,
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
