"""CSV lists of people: name, name_en, title, units, email (headers in English or Chinese).

The header names the columns (``HEADER_ALIASES``); only ``name`` is required. ``units`` holds
one or more units separated by ``;``, ``、`` or ``|``, most specific first (美洲研究中心;
全球治理研究所), like a profile card. A row with a wrong number of cells, no name, or an
e-mail that is not one is reported with its line number and skipped; the rest loads.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator

from zhiku.ingest import rules
from zhiku.ingest.readers import ReaderError
from zhiku.ingest.readers.batches import Batches
from zhiku.ingest.readers.registry import ReaderFormat, strip_head
from zhiku.ingest.records import Extraction, PersonRecord

#: Column header (case-folded, spaces removed) → field.
HEADER_ALIASES: dict[str, str] = {
    "name": "name", "姓名": "name", "中文名": "name", "中文姓名": "name", "fullname": "name",
    "name_en": "name_en", "nameen": "name_en", "englishname": "name_en", "英文名": "name_en",
    "英文姓名": "name_en", "拼音": "name_en",
    "title": "title", "职称": "title", "職稱": "title", "职务": "title", "position": "title",
    "units": "units", "unit": "units", "部门": "units", "部門": "units", "单位": "units",
    "單位": "units", "所在部门": "units", "affiliation": "units", "affiliations": "units",
    "email": "email", "e-mail": "email", "mail": "email", "邮箱": "email", "電子郵件": "email",
    "电子邮箱": "email", "郵箱": "email",
    "bio": "bio", "简介": "bio", "簡介": "bio", "bio_en": "bio_en", "英文简介": "bio_en",
}  # fmt: skip
_UNIT_SEPARATORS = re.compile(r"\s*[;；、|｜]\s*")


class CsvError(ReaderError):
    """A CSV file that cannot be a people list; the message says why."""


def read_people_csv(text: str) -> Iterator[Extraction]:
    """Extractions of BATCH_SIZE people each; bad rows become warnings naming the line."""
    sample = text[:4096]
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text), dialect)
    header = next(reader, None)
    if not header:
        raise CsvError("CSV file has no header row")
    columns = [HEADER_ALIASES.get(re.sub(r"\s+", "", h.strip().lstrip("\ufeff").casefold()), "")
               for h in header]  # fmt: skip
    if "name" not in columns:
        raise CsvError(
            f"line 1: no name column in the header {header!r} "
            "(expected one of: name, 姓名, name_en, title, units, email)"
        )
    batches = Batches()
    for row in reader:
        number = reader.line_num
        if not any(cell.strip() for cell in row):
            continue
        person = _person(row, columns, number, batches.current)
        if person is not None:
            person.line = number
            batches.current.people.append(person)
        yield from batches.full()
    yield from batches.rest()


def _person(
    row: list[str], columns: list[str], number: int, extraction: Extraction
) -> PersonRecord | None:
    if len(row) != len(columns):
        extraction.warn(
            "bad_row",
            f"line {number}: {len(row)} cells, but the header has {len(columns)}",
            line=number,
        )
        return None
    values = {field: cell.strip() for field, cell in zip(columns, row, strict=True) if field}
    if not values.get("name"):
        extraction.warn("bad_row", f"line {number}: the name cell is empty", line=number)
        return None
    email = values.get("email") or None
    if email and rules.CLOUDFLARE_PLACEHOLDER.search(email):
        extraction.warn(
            "email_obfuscated", f"line {number}: e-mail hidden by Cloudflare", line=number
        )
        email = None
    elif email and not rules.EMAIL.fullmatch(email):
        extraction.warn(
            "bad_email", f"line {number}: {email!r} is not an e-mail address", line=number
        )
        email = None
    return PersonRecord(
        name=values["name"],
        name_en=values.get("name_en") or None,
        title=values.get("title") or None,
        units=[u for u in _UNIT_SEPARATORS.split(values.get("units", "")) if u],
        email=email,
        bio=values.get("bio") or None,
        bio_en=values.get("bio_en") or None,
    )


FORMAT = ReaderFormat(
    name="csv",
    suffixes=(".csv", ".tsv"),
    read=read_people_csv,
    upload_check=lambda head: (
        None
        if re.search(rb"[,;\t]", strip_head(head).split(b"\n", 1)[0])
        else "does not look like CSV (no separator in the header line)"
    ),
)
