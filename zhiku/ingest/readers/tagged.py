"""What the line-tagged export formats share (EndNote tagged, NoteExpress, RefWorks, CNKI
E-Study): splitting a file into records of (tag, value) lines, and making a work of a record
whose tags were mapped to common field names.

A format module gives a regular expression for its tag lines (groups ``tag`` and ``value``),
the tag that starts a record, and a mapping from its tags to the field names of ``Fields``.
A line that is not a tag line continues the field above it (a wrapped abstract or address);
a record that cannot be made a work (no title) is reported with its line and skipped.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from zhiku.ingest.readers import ReaderError
from zhiku.ingest.readers.batches import Batches
from zhiku.ingest.readers.biblio import (
    contributor,
    export_code,
    finish_work,
    first_issn,
    flip_name,
    language_of,
    loose_date,
    normalize_doi,
    normalize_pages,
    ris_type,
    split_keywords,
)
from zhiku.ingest.records import Extraction, WorkRecord

#: Field names a format maps its tags to. Names fields hold one name per value (or a list that
#: ``split_names`` splits); the others take their first value.
NAME_FIELDS = ("authors", "editors", "translators")
BOOKS = frozenset({"BOOK", "EBOOK", "EDBOOK", "CHAP", "ECHAP"})


@dataclass
class Record:
    """One record: its first line and its (field, value) pairs in file order."""

    line: int
    values: dict[str, list[str]] = field(default_factory=dict)

    def add(self, name: str, value: str) -> None:
        self.values.setdefault(name, []).append(value)

    def first(self, *names: str) -> str | None:
        for name in names:
            for value in self.values.get(name, []):
                text = " ".join(value.split())
                if text:
                    return text
        return None

    def all(self, name: str) -> list[str]:
        return [v for v in self.values.get(name, []) if v.strip()]


def records(
    text: str,
    tag_line: re.Pattern[str],
    mapping: dict[str, str],
    starts: Callable[[str], bool],
) -> Iterator[Record]:
    """The file's records: a tag for which ``starts`` is true begins one; unmapped tags are
    dropped; an untagged line continues the value above it."""
    current: Record | None = None
    last: str | None = None
    for number, raw in enumerate(text.replace("\ufeff", "").splitlines(), 1):
        line = raw.rstrip()
        if not line.strip():
            continue
        match = tag_line.match(line)
        if match is None:
            if current is not None and last is not None and current.values.get(last):
                current.values[last][-1] += "\n" + line.strip()
            continue
        tag, value = match["tag"].strip(), (match["value"] or "").strip()
        if starts(tag):
            if current is not None:
                yield current
            current = Record(number)
        if current is None:
            current = Record(number)
        last = mapping.get(tag)
        if last is not None:
            current.add(last, value)
    if current is not None:
        yield current


def split_names(values: list[str]) -> list[str]:
    """Names from name fields: several lines, or one line split on ``;`` (and on ``,`` when
    there is no ``;``, as CNKI writes "谢昕,王小增")."""
    out: list[str] = []
    for value in values:
        if re.search(r"[;；]", value):
            parts = re.split(r"[;；]+", value)
        elif re.search(r"[\u3400-\u9fff]", value) and re.search(r"[,，、]", value):
            parts = re.split(r"[,，、]+", value)
        else:
            parts = [value]
        out += [" ".join(p.split()) for p in parts if p.strip()]
    return out


def read_tagged(
    text: str,
    *,
    name: str,
    tag_line: re.Pattern[str],
    mapping: dict[str, str],
    starts: Callable[[str], bool],
    flip: bool = True,
    error: type[ReaderError] = ReaderError,
) -> Iterator[Extraction]:
    """Extractions of a tagged export's records (see the module's description)."""
    batches = Batches()
    found = 0
    for record in records(text, tag_line, mapping, starts):
        if not record.values:
            continue
        found += 1
        work = build_work(record, batches.current, flip=flip)
        if work is not None:
            work.line = record.line  # for the record boundary's messages (validate.py)
            batches.current.works.append(work)
        yield from batches.full()
    if not found:
        raise error(f"no {name} records found")
    yield from batches.rest()


def build_work(record: Record, extraction: Extraction, *, flip: bool = True) -> WorkRecord | None:
    """The work a record describes (its fields named as ``NAME_FIELDS`` and ``WorkRecord``)."""
    kind_name = record.first("type") or ""
    code = export_code(kind_name)
    where = f"line {record.line} ({kind_name or 'no type'})"
    title = record.first("title")
    if not title:
        extraction.warn("bad_record", f"{where}: record has no title", line=record.line)
        return None

    def names(key: str) -> list[str]:
        found = split_names(record.all(key))
        return [flip_name(n) for n in found] if flip else found

    contributors = [contributor(n, "editor") for n in names("editors")]
    contributors += [contributor(n, "translator") for n in names("translators")]
    year = record.first("year")
    date = loose_date(year, record.first("date"))
    if (year or record.first("date")) and not date:
        extraction.warn("date_unparsed", f"{where}: {year or record.first('date')!r}")
    container = record.first("container") or record.first("container_abbr")
    series = record.first("series")
    secondary = record.first("secondary_title")
    if secondary:
        if code in ("BOOK", "EBOOK", "EDBOOK", "RPRT"):
            series = series or secondary
        else:
            container = container or secondary
    isbn_issn = record.first("isbn_issn")
    is_issn = bool(isbn_issn and re.fullmatch(r"\d{4}-?\d{3}[\dXx]", isbn_issn.split()[0]))
    thesis = code == "THES"
    keywords = [k for v in record.all("keywords") for k in split_keywords(v.replace(";;", ";"))]
    abstract = record.first("abstract")
    if abstract:
        abstract = re.sub(r"^Abstract\(#br\)", "", abstract).replace("(#br)", "\n").strip()
    work = WorkRecord(
        title=title,
        authors=names("authors"),
        date=date,
        type=ris_type(code),
        language=language_of(record.first("language"), title),
        abstract=abstract or None,
        keywords=keywords,
        contributors=contributors,
        title_en=record.first("title_en"),
    )
    doi_values = record.all("doi")
    number = record.first("issue")
    return finish_work(
        work,
        {
            "journal": container,
            "journal_en": record.first("container_en"),
            "volume": record.first("volume"),
            "issue": number if code != "RPRT" else None,
            "report_number": (record.first("report_number") or number) if code == "RPRT" else None,
            "pages": normalize_pages(record.first("pages")),
            "publisher": record.first("publisher", "institution"),
            "place": record.first("place"),
            "doi": normalize_doi(doi_values[-1] if doi_values else None),
            "url": record.first("url"),
            "isbn": record.first("isbn") or (isbn_issn if isbn_issn and not is_issn else None),
            "issn": first_issn(record.first("issn") or (isbn_issn if is_issn else None)),
            "edition": record.first("edition"),
            "series": series,
            "conference_name": record.first("conference")
            or (container if code in ("CONF", "CPAPER") else None),
            "conference_place": record.first("conference_place"),
            "thesis_degree": record.first("degree") if thesis else None,
            "thesis_institution": record.first("institution", "publisher") if thesis else None,
            "access_date": loose_date(None, record.first("access_date")),
        },
    )
