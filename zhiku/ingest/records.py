"""The records an extraction produces: plain dataclasses, serialisable to the JSON contract.

The contract (DESIGN §2) names the core keys of each record; they are always present. Optional
keys (venue, abstract, keywords, ids, …) appear only when a reader found a value, so a page that
has none of them serialises to exactly the contract's shape.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any

EXTRACTOR_VERSION = "1"


@dataclass
class Warning:
    """Something a reader noticed and dealt with: a stable ``code`` plus human detail."""

    code: str
    detail: str = ""
    field: str | None = None
    line: int | None = None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"code": self.code}
        if self.field:
            out["field"] = self.field
        if self.line is not None:
            out["line"] = self.line
        if self.detail:
            out["detail"] = self.detail
        return out


@dataclass
class PersonRecord:
    name: str
    title: str | None = None
    units: list[str] = field(default_factory=list)
    email: str | None = None
    name_en: str | None = None
    bio: str | None = None
    bio_en: str | None = None
    #: transient, never serialised: the line of the input the record was read from, if known
    line: int | None = field(default=None, repr=False, compare=False)

    CORE = ("name", "title", "units", "email")

    def to_dict(self) -> dict[str, Any]:
        return _contract_dict(self, self.CORE)


@dataclass
class WorkRecord:
    title: str
    authors: list[str] = field(default_factory=list)
    date: str | None = None
    type: str = "article"
    language: str = "zh"
    source: str | None = None
    body: list[str] = field(default_factory=list)
    # optional details, serialised only when present
    external_id: str | None = None
    title_en: str | None = None
    abstract: str | None = None
    abstract_en: str | None = None
    keywords: list[str] = field(default_factory=list)
    units: list[str] = field(default_factory=list)
    authors_en: list[str] = field(default_factory=list)
    # per author, the units that author belongs to (parallel to ``authors``); None: ``units``
    author_units: list[list[str] | None] = field(default_factory=list)
    journal: str | None = None
    volume: str | None = None
    issue: str | None = None
    pages: str | None = None
    publisher: str | None = None
    place: str | None = None
    isbn: str | None = None
    issn: str | None = None
    doi: str | None = None
    url: str | None = None
    # what a citation needs beyond the venue (export readers fill them; not stored yet):
    # contributors other than the authors, in order: {"name", "role"[, "organisation": True]},
    # ``role`` a code of ``catalog.contributor_roles`` (editor, translator, compiler, …), or
    # ``container_author`` for the author of the book a part is in (BibTeX ``bookauthor``, CSL
    # ``container-author``; no row of the table names it yet, so it reads as ``contributor``)
    contributors: list[dict[str, Any]] = field(default_factory=list)
    # the author list ends in "and others" / "et al." / 等
    authors_et_al: bool = False
    # ``journal`` is the container's title (journal, book, proceedings, newspaper); in English:
    journal_en: str | None = None
    edition: str | None = None
    report_number: str | None = None
    series: str | None = None
    series_number: str | None = None
    conference_name: str | None = None
    conference_place: str | None = None
    conference_date: str | None = None
    thesis_degree: str | None = None
    thesis_institution: str | None = None
    # when the ``url`` was last seen (ISO date)
    access_date: str | None = None
    # transient, never serialised: the body's matching key, computed once by the clean stage
    body_key: str = field(default="", repr=False, compare=False)
    # transient: how sure the reader is of each field, and where each value came from
    # (``zhiku extract --explain``; a weak page is imported as a draft)
    confidence: dict[str, float] = field(default_factory=dict, repr=False, compare=False)
    evidence: list[dict[str, Any]] = field(default_factory=list, repr=False, compare=False)
    review_reasons: list[str] = field(default_factory=list, repr=False, compare=False)
    #: transient, never serialised: the line of the input the record was read from, if known
    line: int | None = field(default=None, repr=False, compare=False)

    CORE = ("title", "authors", "date", "type", "language", "source", "body")

    def to_dict(self) -> dict[str, Any]:
        return _contract_dict(self, self.CORE)


@dataclass
class ListedWork:
    """A title listed on a profile, credited to the profile's subject."""

    title: str
    type: str = "article"
    language: str = "zh"
    date: str | None = None
    source: str | None = None
    #: transient, never serialised: the line of the input the record was read from, if known
    line: int | None = field(default=None, repr=False, compare=False)

    CORE = ("title", "type", "language")

    def to_dict(self) -> dict[str, Any]:
        return _contract_dict(self, self.CORE)


@dataclass
class Extraction:
    """Everything one input yields. ``subject`` names the person a profile describes."""

    people: list[PersonRecord] = field(default_factory=list)
    works: list[WorkRecord] = field(default_factory=list)
    listed_works: list[ListedWork] = field(default_factory=list)
    warnings: list[Warning] = field(default_factory=list)
    subject: str | None = None

    def warn(self, code: str, detail: str = "", **extra: Any) -> None:
        self.warnings.append(Warning(code, detail, **extra))

    def is_empty(self) -> bool:
        return not (self.people or self.works or self.listed_works)

    def to_dict(self) -> dict[str, Any]:
        return {
            "people": [p.to_dict() for p in self.people],
            "works": [w.to_dict() for w in self.works],
            "listed_works": [w.to_dict() for w in self.listed_works],
            "warnings": [w.to_dict() for w in self.warnings],
        }


#: Attributes that help the pipeline but are not part of the record.
TRANSIENT = frozenset({"body_key", "line", "confidence", "evidence", "review_reasons"})


def _contract_dict(record: Any, core: tuple[str, ...]) -> dict[str, Any]:
    # Shallow on purpose (asdict deep-copies, and dominates the hashing of a large import):
    # values are strings and lists of strings, which nobody mutates after serialising.
    out = {}
    for name in _field_names(type(record)):
        value = getattr(record, name)
        empty = value is False or value in (None, "", [], {})
        if name not in TRANSIENT and (name in core or not empty):
            out[name] = value
    return out


_FIELD_NAMES: dict[type, tuple[str, ...]] = {}


def _field_names(cls: type) -> tuple[str, ...]:
    if cls not in _FIELD_NAMES:
        _FIELD_NAMES[cls] = tuple(f.name for f in fields(cls))
    return _FIELD_NAMES[cls]
