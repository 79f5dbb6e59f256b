"""JSON Lines: one work per line in zhiku's import/export format (DESIGN §2).

``{"id", "title", "title_en", "authors": ["name" | {"name", "name_en"}], "date", "type",
"language", "abstract", "body": "text" | ["para", …], "source", "keywords": [], "units": []}``
plus optional venue keys (journal, volume, issue, pages, publisher, place, isbn, issn, doi, url).
Lines are read as a stream and yielded in batches, so a file of any length needs bounded memory.
A bad line is reported with its number and skipped; the rest of the file goes on.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

from zhiku.ingest.normalize import DateError, detect_language, normalize_date
from zhiku.ingest.records import Extraction, WorkRecord

#: Records per yielded Extraction: big enough to amortise, small enough to bound memory.
BATCH_SIZE = 500
WORK_TYPES = frozenset(
    "article commentary journal_paper book chapter report conference_summary interview "
    "other".split()
)
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


def read_jsonl(text: str) -> Iterator[Extraction]:
    """Extractions of BATCH_SIZE works each; bad lines become warnings naming the line."""
    batch = Extraction()
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            data = json.loads(line)
            if not isinstance(data, dict):
                raise RecordError("line is JSON but not an object")
            batch.works.append(work_from_record(data, batch, number))
        except json.JSONDecodeError as exc:
            batch.warn(
                "bad_line",
                f"line {number}: not JSON ({exc.msg} at column {exc.colno})",
                line=number,
            )
        except RecordError as exc:
            batch.warn("bad_record", f"line {number}: {exc}", line=number)
        if len(batch.works) >= BATCH_SIZE:
            yield batch
            batch = Extraction()
    if batch.works or batch.warnings:
        yield batch


def work_from_record(data: dict[str, Any], extraction: Extraction, number: int) -> WorkRecord:
    """A WorkRecord from one decoded JSON object; RecordError when it cannot be one."""
    title = _text(data.get("title"))
    if not title:
        raise RecordError("record has no title")
    authors, authors_en = [], []
    for author in data.get("authors") or []:
        if isinstance(author, dict):
            name, name_en = _text(author.get("name")), _text(author.get("name_en"))
        else:
            name, name_en = _text(author), ""
        if name:
            authors.append(name)
            authors_en.append(name_en)
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
        body = [_text(p) for p in body if _text(p)]
    else:
        raise RecordError("body is neither text nor a list of paragraphs")
    work_type = _text(data.get("type")) or "article"
    if work_type not in WORK_TYPES:
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
        keywords=[_text(k) for k in keywords if _text(k)],
        units=[_text(u) for u in units if _text(u)],
        authors_en=authors_en if any(authors_en) else [],
    )
    for key in _TEXT_KEYS:
        value = _text(data.get(key))
        if value:
            setattr(record, key, value)
    return record


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    if not isinstance(value, str):
        raise RecordError(f"expected text, found {type(value).__name__}")
    return value.strip()
