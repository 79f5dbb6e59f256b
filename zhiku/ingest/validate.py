"""The record boundary: one validation step between reading and loading, for every reader.

Whatever a reader produced (a scraped page, a JSON Lines line, a BibTeX entry, a CSV row), its
records pass here before anything is stored (``pipeline.validated`` applies it to every
Extraction of every input):

- ``normalize_extraction``, before sanitising: text is normalised. Lone surrogates (JSON can
  spell ``"\\ud800"``), NUL and the other C0 and C1 control characters except tab and newline
  are removed, with a ``control_removed`` warning naming the field (and the line, for a line
  format); a carriage return becomes a newline. What a warning quotes is normalised the same way,
  so the report can always be stored (PostgreSQL refuses NUL in text and in ``jsonb``) and
  printed (a lone surrogate cannot be encoded).
- ``check_limits``: after cleaning, a record must keep its title (a person, its name); and
  before any write (the loader calls it on each batch, so ``zhiku extract`` and the golden
  scores still show what a file holds), every text is checked against the ``max_length`` of
  the model field it is stored in
  (``WORK_LIMITS`` and friends, checked against the models by
  ``tests/integration/test_record_boundary.py``). Nothing is ever truncated: a cut title, DOI
  or name is a wrong one that would then be matched, merged, shown and cited as if true. A
  record whose identifying value (title, an author, a unit, an id) is over its limit is skipped
  with a ``bad_record`` warning naming the field, its length, the limit and the line; a detail
  it can do without (``DETAILS``: an ISSN list, pages, a URL …) is removed instead, with a
  ``field_dropped`` warning, and the record kept. The report says what to fix in the input.

Bounds on the input itself (``read.MAX_LINE_BYTES`` for a JSON Lines line, ``MAX_JSON_DEPTH``
for its nesting: ``json_too_deep``) are enforced by the JSON Lines reader, line by line.

Django-free (checked by mypy with the other stages).
"""

from __future__ import annotations

import re
from dataclasses import fields
from typing import Any

from zhiku.ingest.records import Extraction, ListedWork, PersonRecord, Warning, WorkRecord

#: How deep a JSON Lines line may nest arrays and objects. A work record nests four levels
#: (record → authors → author → units); Python's parser gives up near a thousand.
MAX_JSON_DEPTH = 64

#: Characters removed from every text: C0 controls but tab, newline and carriage return (which
#: becomes a newline), DEL, C1 controls, and lone surrogates (halves of a UTF-16 pair, which no
#: UTF-8 text can hold).
_REMOVED = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")
_CR = re.compile("\r\n?")

#: Most characters of each text field of a work record: the ``max_length`` of the Work field it
#: is stored in (``external_id``: Work.external_id; ``source``: Work.source, …).
WORK_LIMITS: dict[str, int] = {
    "title": 500,
    "title_en": 500,
    "type": 30,
    "language": 20,
    "source": 500,
    "external_id": 300,
    "journal": 300,
    "volume": 50,
    "issue": 50,
    "pages": 50,
    "publisher": 300,
    "place": 200,
    "isbn": 40,
    "issn": 40,
    "doi": 200,
    "url": 1000,
}
#: Most characters of each item of a work record's list fields: an author's name is an
#: Authorship's ``name_as_written`` and a Person's ``name``; a unit is a Unit's ``name``.
WORK_ITEM_LIMITS: dict[str, int] = {
    "authors": 200,
    "authors_en": 200,
    "units": 200,
    "author_units": 200,
}
#: The same for person records (Person; e-mail: Django's EmailField, 254).
PERSON_LIMITS: dict[str, int] = {"name": 200, "name_en": 200, "title": 100, "email": 254}
PERSON_ITEM_LIMITS: dict[str, int] = {"units": 200}
#: The same for a profile's listed works (they become works).
LISTED_LIMITS: dict[str, int] = {"title": 500, "type": 30, "language": 20, "source": 500}

#: Per kind of record: (attribute of Extraction, name in messages, limits, item limits).
KINDS: tuple[tuple[str, str, dict[str, int], dict[str, int]], ...] = (
    ("people", "person", PERSON_LIMITS, PERSON_ITEM_LIMITS),
    ("works", "work", WORK_LIMITS, WORK_ITEM_LIMITS),
    ("listed_works", "listed_work", LISTED_LIMITS, {}),
)
#: Details a record can do without: one over its limit is removed (with a warning), and the
#: record kept. Anything else over its limit (a title, an author, a unit, an id, a type)
#: identifies the record or places it, and the record is skipped.
DETAILS: dict[str, frozenset[str]] = {
    "work": frozenset(
        "title_en source journal volume issue pages publisher place isbn issn doi url "
        "authors_en".split()
    ),
    "person": frozenset({"name_en", "title", "email"}),  # a person's title: 研究员
    "listed_work": frozenset({"source"}),
}
#: The field each kind of record cannot do without (blank once normalised: the record fails).
REQUIRED = {"person": "name", "work": "title", "listed_work": "title"}
#: Record attributes that are not text from the input (derived later, or bookkeeping).
NOT_TEXT = frozenset({"body_key", "line"})

Record = PersonRecord | WorkRecord | ListedWork


def clean_text(text: str) -> tuple[str, list[str]]:
    """``text`` without the characters ``_REMOVED`` matches (CR as newline), and the code points
    removed (as "U+0000"), in order of first appearance."""
    if "\r" in text:
        text = _CR.sub("\n", text)
    if _REMOVED.search(text) is None:
        return text, []
    removed = list(dict.fromkeys(f"U+{ord(c):04X}" for c in _REMOVED.findall(text)))
    return _REMOVED.sub("", text), removed


def plain(text: str) -> str:
    """``clean_text`` without the account of what was removed (for messages and reports)."""
    return clean_text(text)[0]


def where_of(kind: str, index: int, record: Any) -> str:
    """How messages name a record: its line when the reader knows it, else its place."""
    line = getattr(record, "line", None)
    return f"line {line}" if line is not None else f"{kind}[{index}]"


def normalize_extraction(extraction: Extraction) -> Extraction:
    """``extraction`` with every text of every record normalised (see the module's doc), each
    change warned about once per field and record; warnings and the subject are normalised
    silently (they quote the input)."""
    notes: list[Warning] = []
    for attr, kind, _, _ in KINDS:
        for index, record in enumerate(getattr(extraction, attr)):
            _normalize_record(record, where_of(kind, index, record), notes)
    for warning in extraction.warnings:
        warning.detail = plain(warning.detail)
        if warning.field:
            warning.field = plain(warning.field)
    if extraction.subject:
        extraction.subject = plain(extraction.subject)
    extraction.warnings += notes
    return extraction


_TEXT_FIELDS: dict[type, tuple[str, ...]] = {}


def _text_fields(cls: type) -> tuple[str, ...]:
    if cls not in _TEXT_FIELDS:
        _TEXT_FIELDS[cls] = tuple(f.name for f in fields(cls) if f.name not in NOT_TEXT)
    return _TEXT_FIELDS[cls]


def _dirty(text: str) -> bool:
    return "\r" in text or _REMOVED.search(text) is not None


def _normalize_record(record: Any, where: str, notes: list[Warning]) -> None:
    line = getattr(record, "line", None)
    for name in _text_fields(type(record)):
        value = getattr(record, name)
        removed: list[str] = []
        if isinstance(value, str):
            if not _dirty(value):
                continue
            cleaned, removed = clean_text(value)
            setattr(record, name, cleaned)
        elif isinstance(value, list) and value:
            if all(isinstance(v, str) for v in value) and not _dirty("\n".join(value)):
                continue  # the common case, in one search
            cleaned_list, removed = _clean_list(value)
            setattr(record, name, cleaned_list)
        if removed:
            shown = ", ".join(removed[:5]) + (" …" if len(removed) > 5 else "")
            notes.append(
                Warning(
                    "control_removed",
                    f"{where}: {name}: control characters removed ({shown})",
                    field=name,
                    line=line,
                )
            )


def _clean_list(values: list[Any]) -> tuple[list[Any], list[str]]:
    out: list[Any] = []
    removed: list[str] = []
    for value in values:
        if isinstance(value, str):
            cleaned, gone = clean_text(value)
            out.append(cleaned)
        elif isinstance(value, list):
            cleaned_items, gone = _clean_list(value)
            out.append(cleaned_items)
        elif isinstance(value, dict):  # a contributor: {"name", "role", …}
            keys = list(value)
            cleaned_values, gone = _clean_list([value[k] for k in keys])
            out.append(dict(zip(keys, cleaned_values, strict=True)))
        else:
            out.append(value)
            gone = []
        removed += [c for c in gone if c not in removed]
    return out, removed


def problems_of(record: Any, limits: dict[str, int], item_limits: dict[str, int]) -> list[str]:
    """What in ``record`` is longer than its model field allows ("title has 600 characters,
    more than 500"); empty when it fits."""
    return [message for _, _, message in _overlong(record, limits, item_limits)]


def _overlong(
    record: Any, limits: dict[str, int], item_limits: dict[str, int]
) -> list[tuple[str, int | None, str]]:
    """(field, item index or None, message) for each value of ``record`` over its limit."""
    out: list[tuple[str, int | None, str]] = []
    for name, limit in limits.items():
        value = getattr(record, name, None)
        if isinstance(value, str) and len(value) > limit:
            out.append((name, None, f"{name} has {len(value)} characters, more than {limit}"))
    for name, limit in item_limits.items():
        for index, value in enumerate(getattr(record, name, None) or []):
            for text in value if isinstance(value, list) else [value]:
                if isinstance(text, str) and len(text) > limit:
                    message = f"{name}[{index}] has {len(text)} characters, more than {limit}"
                    out.append((name, index, message))
    return out


def check_limits(extraction: Extraction, *, lengths: bool = True) -> Extraction:
    """``extraction`` checked against the models' limits (see the module's doc): a record with
    an identifying value over its limit (title, an author, a unit, an id …) is dropped and
    reported as ``bad_record``; a detail over its limit (``DETAILS``: ISSN, pages, a URL …) is
    removed from the record, which is kept, and reported as ``field_dropped``. Each names the
    field, its length, the limit and the line. ``lengths=False`` checks only that each record
    keeps its title (a person: its name)."""
    for attr, kind, limits, item_limits in KINDS:
        kept = []
        for index, record in enumerate(getattr(extraction, attr)):
            where, line = where_of(kind, index, record), getattr(record, "line", None)
            problems = _overlong(record, limits, item_limits) if lengths else []
            details = DETAILS[kind]
            for name, item, message in [p for p in problems if p[0] in details]:
                if item is None:
                    setattr(record, name, None)
                else:
                    getattr(record, name)[item] = ""
                detail = f"{where}: {message}: {name} dropped, the {kind} kept"
                extraction.warn("field_dropped", detail, field=name, line=line)
            fatal = [message for name, _, message in problems if name not in details]
            required = REQUIRED[kind]
            if not (getattr(record, required) or "").strip():
                fatal.insert(0, f"{required} is empty")
            if not fatal:
                kept.append(record)
                continue
            first = fatal[0].split(" ", 1)[0].split("[", 1)[0]
            extraction.warn(
                "bad_record",
                f"{where}: {'; '.join(fatal)}: {kind} skipped",
                field=first,
                line=line,
            )
        setattr(extraction, attr, kept)
    return extraction


_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"', re.S)
_BRACKET = re.compile(r"[\[\]{}]")


def json_too_deep(text: str, limit: int = MAX_JSON_DEPTH) -> bool:
    """True when the JSON ``text`` nests arrays and objects more than ``limit`` deep (brackets
    inside strings do not count). Linear in the text, and no recursion."""
    if text.count("[") + text.count("{") <= limit:
        return False
    depth = 0
    for match in _BRACKET.finditer(_STRING.sub("", text)):
        if match.group() in "[{":
            depth += 1
            if depth > limit:
                return True
        else:
            depth -= 1
    return False
