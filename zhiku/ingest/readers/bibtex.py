"""BibTeX publication lists, parsed by bibtexparser v2.

Each entry becomes a work: authors (``SplitNameParts``), title, type from the entry type,
journal or book title, volume/number/pages, publisher/institution, address, DOI, URL, ISBN,
ISSN, abstract, keywords. An entry the parser cannot read (a syntax error) is reported with its
line and the reason, and the other entries still load; a file where no entry can be read is
refused with the first error.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from typing import Any

import bibtexparser
from bibtexparser import middlewares
from bibtexparser.model import DuplicateBlockKeyBlock, Entry, ParsingFailedBlock

from zhiku.ingest.readers import ReaderError
from zhiku.ingest.readers.batches import Batches
from zhiku.ingest.readers.biblio import (
    bibtex_type,
    date_from_parts,
    display_name,
    finish_work,
    language_of,
    normalize_doi,
    normalize_pages,
    split_keywords,
)
from zhiku.ingest.readers.registry import ReaderFormat
from zhiku.ingest.records import Extraction, WorkRecord

# bibtexparser logs each syntax error itself; we report them with file and line instead.
logging.getLogger("bibtexparser").setLevel(logging.CRITICAL)


class BibtexError(ReaderError):
    """A BibTeX file with no readable entry; the message says where and why."""


def read_bibtex(text: str) -> Iterator[Extraction]:
    """Extractions of the file's entries; syntax errors become warnings with line numbers."""
    library = bibtexparser.parse_string(
        text,
        append_middleware=[
            middlewares.LatexDecodingMiddleware(),
            middlewares.SeparateCoAuthors(),
            middlewares.SplitNameParts(),
        ],
    )
    batches = Batches()
    problems = [_problem(block) for block in library.failed_blocks]
    if not library.entries:
        if problems:
            raise BibtexError(f"BibTeX syntax error: {problems[0][1]}; no entry could be read")
        raise BibtexError("no BibTeX entries found (expected @article{…}, @book{…}, …)")
    for code, message, line in problems:
        batches.current.warn(code, message, line=line)
    for entry in library.entries:
        work = _work(entry, batches.current)
        if work is not None:
            work.line = (entry.start_line or 0) + 1
            batches.current.works.append(work)
        yield from batches.full()
    yield from batches.rest()


def _problem(block: ParsingFailedBlock) -> tuple[str, str, int]:
    line = (block.start_line or 0) + 1
    if isinstance(block, DuplicateBlockKeyBlock):
        return "duplicate_entry", f"line {line}: a second entry with key {block.key!r}", line
    error = block.error
    reason = getattr(error, "abort_reason", "") or getattr(error, "message", "") or str(error)
    head = (block.raw or "").strip().splitlines()[0][:60] if block.raw else ""
    return "bad_entry", f"line {line}: syntax error in {head!r}: {reason.strip().rstrip('.')}", line


def _field(entry: Entry, *names: str) -> str | None:
    for name in names:
        field = entry.fields_dict.get(name)
        if field is not None and isinstance(field.value, str) and field.value.strip():
            return " ".join(field.value.split())
    return None


def _authors(entry: Entry, name: str = "author") -> list[str]:
    field = entry.fields_dict.get(name)
    if field is None:
        return []
    values: list[Any] = field.value if isinstance(field.value, list) else [field.value]
    out = []
    for value in values:
        if isinstance(value, middlewares.NameParts):
            last = " ".join([*value.von, *value.last, *value.jr])
            out.append(display_name(last, " ".join(value.first)))
        elif isinstance(value, str) and value.strip():
            out.append(value.strip())
    return out


def _work(entry: Entry, extraction: Extraction) -> WorkRecord | None:
    line = (entry.start_line or 0) + 1
    where = f"line {line} (@{entry.entry_type}{{{entry.key}}})"
    title = _field(entry, "title")
    if not title:
        extraction.warn("bad_record", f"{where}: entry has no title", line=line)
        return None
    entry_type = entry.entry_type.lower()
    work = WorkRecord(
        title=title,
        authors=_authors(entry) or _authors(entry, "editor"),
        date=date_from_parts(
            extraction,
            where,
            date=_field(entry, "date"),
            year=_field(entry, "year"),
            month=_field(entry, "month"),
        ),
        type=bibtex_type(entry_type),
        language=language_of(_field(entry, "language", "langid"), title),
        abstract=_field(entry, "abstract"),
        keywords=split_keywords(_field(entry, "keywords")),
        source=_field(entry, "booktitle") if entry_type in ("inbook", "incollection") else None,
    )
    return finish_work(
        work,
        {
            "journal": _field(entry, "journal", "journaltitle", "booktitle"),
            "volume": _field(entry, "volume"),
            "issue": _field(entry, "number", "issue"),
            "pages": normalize_pages(_field(entry, "pages")),
            "publisher": _field(entry, "publisher", "institution", "organization", "school"),
            "place": _field(entry, "address", "location"),
            "doi": normalize_doi(_field(entry, "doi")),
            "url": _field(entry, "url"),
            "isbn": _field(entry, "isbn"),
            "issn": _field(entry, "issn"),
        },
    )


#: The start of a BibTeX file: comment lines, then an entry ("@article{").
HEAD = re.compile(rb"^\s*(?:%[^\n]*\n\s*)*@[A-Za-z]+\s*[{(]")

FORMAT = ReaderFormat(
    name="bibtex",
    suffixes=(".bib", ".bibtex"),
    read=read_bibtex,
    sniff=lambda head: bool(HEAD.match(head)),
    sniff_wins=True,
    upload_check=lambda head: (
        None
        if re.search(rb"@[A-Za-z]+\s*[{(]", head)
        else "does not look like BibTeX (no @type{…} entry)"
    ),
)
