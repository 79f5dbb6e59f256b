"""The tantivy schema and the one conversion from zhiku's documents to tantivy's.

Text fields are fed our analyzer's tokens joined by spaces (tantivy's whitespace tokenizer only
splits them again; tokens never contain spaces); fast fields hold what filters, facets and
sorting need; ``payload`` stores what a result shows (original title, authors, text for
snippets), so a results page needs no database query per hit.
"""

from __future__ import annotations

import json
from typing import Any, cast

import tantivy

from zhiku.search.backends.base import TEXT_FIELDS, Document

#: Bump when the schema or the analyzer changes what is indexed: older indexes get rebuilt.
SCHEMA_VERSION = 5
#: The first linked authors of a work, one fast field each, so the experts panel reads them
#: for a hundred hits in one call (tantivy's Python API returns one value of a multi-valued
#: fast field).
EXPERT_FIELDS = ("person1", "person2", "person3")
#: The first linked author's unit and the units above it (most specific first), one
#: single-valued fast field each: the unit facet reads them (multi-valued fast fields are
#: about ten times slower to aggregate; ``units`` stays for filtering).
UNIT_FIELDS = ("unit1", "unit2", "unit3")


def build_schema() -> tantivy.Schema:
    """The index schema (see the module docstring)."""
    builder = tantivy.SchemaBuilder()
    builder.add_unsigned_field("id", stored=True, indexed=True, fast=True)
    for name in TEXT_FIELDS:
        builder.add_text_field(name, tokenizer_name="whitespace", index_option="position")
    builder.add_text_field("type", fast=True, tokenizer_name="raw")
    builder.add_text_field("language", fast=True, tokenizer_name="raw")
    builder.add_integer_field("year", indexed=True, fast=True)
    builder.add_integer_field("date", indexed=True, fast=True)  # days since 1970 (sorting)
    builder.add_unsigned_field("units", indexed=True, fast=True)
    builder.add_unsigned_field("persons", indexed=True, fast=True)
    for name in EXPERT_FIELDS + UNIT_FIELDS:
        builder.add_unsigned_field(name, fast=True)
    builder.add_float_field("recency", fast=True)
    builder.add_bytes_field("payload", stored=True)
    return builder.build()


SCHEMA = build_schema()


def to_document(prepared: Document) -> tantivy.Document:
    """The tantivy document of a prepared work."""
    doc = tantivy.Document()
    doc.add_unsigned("id", prepared["id"])
    for name in TEXT_FIELDS:
        if name in prepared["fields"]:
            doc.add_text(name, prepared["fields"][name])  # whitespace-tokenized by tantivy
    doc.add_text("type", prepared["type"])
    doc.add_text("language", prepared["language"])
    if prepared["year"]:
        doc.add_integer("year", prepared["year"])
    doc.add_integer("date", prepared["day"])
    for unit_id in prepared["units"]:
        doc.add_unsigned("units", unit_id)
    for person_id in prepared["persons"]:
        doc.add_unsigned("persons", person_id)
    for name, person_id in zip(EXPERT_FIELDS, prepared["persons"], strict=False):
        doc.add_unsigned(name, person_id)
    for name, unit_id in zip(UNIT_FIELDS, prepared["unit_chain"], strict=False):
        doc.add_unsigned(name, unit_id)
    doc.add_float("recency", prepared["recency"])
    doc.add_bytes("payload", prepared["payload"])
    return doc


def read_payload(doc: tantivy.Document) -> dict[str, Any]:
    """The payload stored with an index document."""
    return json.loads(cast(bytes, doc.get_first("payload")))
