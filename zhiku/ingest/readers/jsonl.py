"""JSON Lines: one work per line in zhiku's import/export format (DESIGN §2).

``{"id", "title", "title_en", "authors": ["name" | {"name", "name_en"}], "date", "type",
"language", "abstract", "body": "text" | ["para", …], "source", "keywords": [], "units": []}``
plus optional venue keys (journal, volume, issue, pages, publisher, place, isbn, issn, doi, url).
``units`` are the units of the authors the line does not place otherwise; an author object may
carry its own ``units`` (the export writes them for co-authors placed elsewhere).
Lines are read as a stream and yielded in batches, so a file of any length needs bounded memory.
A bad line is reported with its number and skipped; the rest of the file goes on: a line that
is not UTF-8 or not JSON, one longer than ``read.MAX_LINE_BYTES`` (skipped unread) or nested
deeper than ``validate.MAX_JSON_DEPTH``, and a record that is not a usable work.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from typing import Any

from zhiku.catalog.genres import GENRES
from zhiku.ingest.normalize import DateError, normalize_date
from zhiku.ingest.read import MAX_LINE_BYTES, LongLine
from zhiku.ingest.readers.batches import Batches
from zhiku.ingest.readers.registry import ReaderFormat, strip_head
from zhiku.ingest.records import Extraction, WorkRecord
from zhiku.ingest.validate import MAX_JSON_DEPTH, json_too_deep
from zhiku.text.scripts import detect_language

_TEXT_KEYS = (
    "title_en",
    "abstract",
    "abstract_en",
    "journal",
    "volume",
    "issue",
    "pages",
    "publisher",
    "place",
    "isbn",
    "issn",
    "doi",
    "url",
)


class RecordError(ValueError):
    """A line that is JSON but not a usable work record."""


def read_jsonl(lines: str | Iterable[str | bytes | LongLine]) -> Iterator[Extraction]:
    """Extractions of BATCH_SIZE works each; bad lines become warnings naming the line.

    ``lines`` is the decoded text, or the file's lines as bytes (streamed: each line is decoded
    on its own, so one line that is not UTF-8 is reported and the others load; a line over the
    limit comes as a ``LongLine``, already skipped).
    """
    batches = Batches(count_warnings=True)
    for number, line in enumerate(lines.splitlines() if isinstance(lines, str) else lines, 1):
        batch = batches.current
        if isinstance(line, str) and len(line) > MAX_LINE_BYTES // 4:
            size = len(line.encode("utf-8", "surrogatepass"))
            if size > MAX_LINE_BYTES:
                line = LongLine(size, MAX_LINE_BYTES)
        if isinstance(line, LongLine):
            batch.warn("bad_line", f"line {number}: {line.describe()}", line=number)
            yield from batches.full()
            continue
        if isinstance(line, bytes):
            try:
                line = line.decode("utf-8-sig" if number == 1 else "utf-8")
            except UnicodeDecodeError as exc:
                batch.warn(
                    "bad_line",
                    f"line {number}: not UTF-8 (byte {exc.start + 1} of the line)",
                    line=number,
                )
                continue
        if not line.strip():
            continue
        try:
            if json_too_deep(line):
                raise RecursionError
            data = json.loads(line)
            if not isinstance(data, dict):
                raise RecordError("line is JSON but not an object")
            work = work_from_record(data, batch, number)
            work.line = number
            batch.works.append(work)
        except json.JSONDecodeError as exc:
            batch.warn(
                "bad_line",
                f"line {number}: not JSON ({exc.msg} at column {exc.colno})",
                line=number,
            )
        except RecursionError:
            batch.warn(
                "bad_line",
                f"line {number}: nested more than {MAX_JSON_DEPTH} levels deep: skipped",
                line=number,
            )
        except RecordError as exc:
            batch.warn("bad_record", f"line {number}: {exc}", line=number)
        except Exception as exc:  # anything else one line can cause costs that line only
            batch.warn("bad_record", f"line {number}: {type(exc).__name__}: {exc}", line=number)
        yield from batches.full()
    yield from batches.rest()


def work_from_record(data: dict[str, Any], extraction: Extraction, number: int) -> WorkRecord:
    """A WorkRecord from one decoded JSON object; RecordError when it cannot be one."""
    title = _text(data.get("title"))
    if not title:
        raise RecordError("record has no title")
    authors, authors_en, author_units = [], [], []
    raw_authors = data.get("authors") or []
    if not isinstance(raw_authors, list):
        raise RecordError("authors must be a list")
    for author in raw_authors:
        units: list[str] | None = None  # None: the record's units apply; []: none
        if isinstance(author, dict):
            name, name_en = _text(author.get("name")), _text(author.get("name_en"))
            if "units" in author:
                units = _texts(author.get("units") or [])
        else:
            name, name_en = _text(author), ""
        if name:
            authors.append(name)
            authors_en.append(name_en)
            author_units.append(units)
    date = None
    if data.get("date"):
        try:
            parsed = normalize_date(str(data["date"]))
        except DateError as exc:
            parsed = None
            extraction.warn("date_unparsed", f"line {number}: {exc}", field="date", line=number)
        else:
            if parsed is None:
                extraction.warn(
                    "date_unparsed", f"line {number}: {data['date']!r}", field="date", line=number
                )
        date = parsed.iso if parsed else None
    body = data.get("body") or []
    if isinstance(body, str):
        body = [p.strip() for p in re.split(r"\n+", body) if p.strip()]
    elif isinstance(body, list):
        body = _texts(body)
    else:
        raise RecordError("body is neither text nor a list of paragraphs")
    work_type = _text(data.get("type")) or "article"
    if work_type not in GENRES:  # a genre's code, or one of its labels (研究报告, op-ed)
        work_type = GENRES.by_alias(work_type) or work_type
    if work_type not in GENRES:
        extraction.warn(
            "unknown_type", f"line {number}: type {work_type!r} read as 'other'", line=number
        )
        work_type = "other"
    keywords = data.get("keywords") or []
    units = data.get("units") or []
    if not isinstance(keywords, list) or not isinstance(units, list):
        raise RecordError("keywords and units must be lists")
    record = WorkRecord(
        title=title,
        authors=authors,
        date=date,
        type=work_type,
        language=_text(data.get("language")) or detect_language(title + "".join(body[:2])),
        source=_text(data.get("source")) or None,
        body=body,
        external_id=_text(data.get("id")) or None,
        keywords=_texts(keywords),
        units=_texts(units),
        authors_en=authors_en if any(authors_en) else [],
        author_units=author_units if any(u is not None for u in author_units) else [],
    )
    for key in _TEXT_KEYS:
        value = _text(data.get(key))
        if value:
            setattr(record, key, value)
    return record


def _texts(values: list[Any]) -> list[str]:
    """The non-empty texts of a list (each stripped)."""
    out = []
    for value in values:
        text = value.strip() if isinstance(value, str) else _text(value)
        if text:
            out.append(text)
    return out


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    if not isinstance(value, str):
        raise RecordError(f"expected text, found {type(value).__name__}")
    return value.strip()


FORMAT = ReaderFormat(
    name="jsonl",
    suffixes=(".jsonl", ".ndjson"),
    read=read_jsonl,
    read_lines=read_jsonl,
    size_limit=None,
    sniff=lambda head: head.startswith(b"{"),
    upload_check=lambda head: (
        None
        if strip_head(head).split(b"\n", 1)[0].startswith(b"{")
        else "does not look like JSON Lines (the first line is not a JSON object)"
    ),
)
