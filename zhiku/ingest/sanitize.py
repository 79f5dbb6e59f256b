"""Markup out of imports: zhiku stores text, not HTML.

- Before stage 2, an input meant to be plain text (a text dump: a format declared with
  ``plain_text``, see ``readers/registry.py``) has markup removed line by line
  (``plain_input``), so the reader's heuristics never see it and an unclosed tag cannot
  swallow the rest of the page.
- In stage 3, whatever a reader produced (a scraped page, a JSON Lines file, a BibTeX entry),
  each string goes through ``zhiku.security.sanitize.plain_text`` and each URL through
  ``safe_url`` before anything is stored or shown, with a warning naming the field. A record
  whose title or name is nothing but markup is dropped with a warning.
"""

from __future__ import annotations

from dataclasses import fields
from typing import Any

from zhiku.ingest.records import Extraction
from zhiku.security.sanitize import has_markup, plain_text, safe_url

#: Record fields that hold a link readers may follow; everything else is text.
URL_FIELDS = frozenset({"url"})
#: The field each kind of record cannot do without: sanitising it to nothing drops the record.
REQUIRED_FIELD = {"person": "name", "work": "title", "listed_work": "title"}


def plain_input(text: str) -> tuple[str, int]:
    """``text`` with markup removed line by line, and how many lines had some."""
    lines = text.split("\n")
    changed = 0
    for index, line in enumerate(lines):
        if has_markup(line):
            cleaned = plain_text(line)
            if cleaned != line.strip():
                lines[index] = cleaned
                changed += 1
    return ("\n".join(lines), changed) if changed else (text, 0)


def sanitize_extraction(extraction: Extraction) -> Extraction:
    """``extraction`` with markup stripped from every text field and unsafe URLs dropped."""
    for kind, attr in (("person", "people"), ("work", "works"), ("listed_work", "listed_works")):
        kept = []
        for index, record in enumerate(getattr(extraction, attr)):
            where = f"{kind}[{index}]"
            required = REQUIRED_FIELD[kind]
            _sanitize_record(record, where, required, extraction)
            if not getattr(record, required):
                extraction.warn(
                    "record_dropped",
                    f"{where}: {required} is empty once markup is removed",
                    field=required,
                    line=getattr(record, "line", None),
                )
                continue
            kept.append(record)
        setattr(extraction, attr, kept)
    if extraction.subject:
        extraction.subject = plain_text(extraction.subject)
    return extraction


def _sanitize_record(record: Any, where: str, required: str, extraction: Extraction) -> None:
    line = getattr(record, "line", None)  # a list's record: its line in the input
    for spec in fields(record):
        name, value = spec.name, getattr(record, spec.name)
        if name in URL_FIELDS and isinstance(value, str):
            cleaned = safe_url(value)
            if cleaned != value.strip():
                extraction.warn(
                    "unsafe_url",
                    f"{where}.{name}: not an http(s) link, dropped",
                    field=name,
                    line=line,
                )
            setattr(record, name, cleaned or None)
        elif isinstance(value, str) and has_markup(value):
            cleaned = plain_text(value)
            if cleaned != value:
                setattr(record, name, cleaned if cleaned or name == required else None)
                extraction.warn("markup_removed", f"{where}.{name}", field=name, line=line)
        elif isinstance(value, list) and any(isinstance(v, str) and has_markup(v) for v in value):
            cleaned_list = [plain_text(v) if isinstance(v, str) else v for v in value]
            if cleaned_list != value:
                setattr(record, name, cleaned_list)
                extraction.warn("markup_removed", f"{where}.{name}", field=name, line=line)
        elif isinstance(value, list) and any(isinstance(v, list) for v in value):
            # per-author lists (author_units): each inner list of names is text like the rest
            nested = [[plain_text(u) for u in v if plain_text(u)] if v else v for v in value]
            if nested != value:
                setattr(record, name, nested)
                extraction.warn("markup_removed", f"{where}.{name}", field=name, line=line)
    _drop_empty_items(record)


def _drop_empty_items(record: Any) -> None:
    """Remove list items emptied by sanitising; bylines keep names and English names aligned."""
    authors = getattr(record, "authors", None)
    if authors is not None and "" in authors:
        names_en = getattr(record, "authors_en", []) or []
        pairs = [
            (name, names_en[i] if i < len(names_en) else "")
            for i, name in enumerate(authors)
            if name
        ]
        record.authors = [name for name, _ in pairs]
        if names_en:
            record.authors_en = [name_en for _, name_en in pairs]
    for name in ("body", "keywords", "units"):
        items = getattr(record, name, None)
        if items and "" in items:
            setattr(record, name, [item for item in items if item != ""])
