"""The shapes the JSON API returns; django-ninja turns them into the OpenAPI schema."""

from __future__ import annotations

import datetime as dt

from ninja import Schema


class UnitRef(Schema):
    slug: str
    name: str
    name_en: str
    url: str
    api_url: str


class AuthorRef(Schema):
    """One byline entry: the name as written, and the expert when we know who it is."""

    name: str
    role: str
    person: str | None = None  # the expert's slug
    api_url: str | None = None


class WorkSummary(Schema):
    id: int
    title: str
    title_en: str
    type: str
    language: str
    date: str | None = None  # ISO 8601 at its precision: 2013-07-15, 2013-07 or 2013
    authors: list[AuthorRef]
    source: str | None = None  # where it first appeared; null means unknown
    url: str  # the work's page
    api_url: str


class Citations(Schema):
    """Links to the work's citation in each format."""

    gbt7714_2015: str
    apa: str
    bibtex: str
    ris: str
    csl_json: str


class WorkDetail(WorkSummary):
    status: str
    abstract: str
    body: list[str]
    keywords: list[str]
    journal: str
    volume: str
    issue: str
    pages: str
    publisher: str
    place: str
    isbn: str
    issn: str
    doi: str
    external_url: str
    translation_of: int | None = None
    translations: list[int]
    updated: dt.datetime
    citations: Citations


class WorkPage(Schema):
    count: int
    next: str | None = None
    previous: str | None = None
    results: list[WorkSummary]


class PersonSummary(Schema):
    slug: str
    name: str
    name_en: str
    title: str
    title_en: str
    units: list[UnitRef]
    url: str
    api_url: str


class PositionOut(Schema):
    unit: UnitRef
    role: str
    start_date: dt.date | None = None
    end_date: dt.date | None = None


class PersonDetail(PersonSummary):
    bio: str
    bio_en: str
    positions: list[PositionOut]
    work_count: int
    works: list[WorkSummary]
    feeds: dict[str, str]
    updated: dt.datetime


class PersonPage(Schema):
    count: int
    next: str | None = None
    previous: str | None = None
    results: list[PersonSummary]


class UnitNode(Schema):
    slug: str
    name: str
    name_en: str
    kind: str
    url: str
    api_url: str
    children: list[UnitNode]


UnitNode.model_rebuild()


class UnitDetail(Schema):
    slug: str
    name: str
    name_en: str
    kind: str
    url: str
    api_url: str
    parent: UnitRef | None = None
    children: list[UnitRef]
    people: list[PersonSummary]
    feeds: dict[str, str]
