"""``GET /api/v1/search``: the search page's results as JSON (same code path, same filters)."""

from __future__ import annotations

import logging
from typing import Literal

from django.urls import reverse
from ninja import Query, Router, Schema, Status

from zhiku.interop.api.support import Error, WholeNumber
from zhiku.search.service import LONG_QUERY_CHARS, MAX_PER_PAGE, SearchResults, search, suggest

logger = logging.getLogger(__name__)

router = Router(tags=["search"])
suggest_router = Router(tags=["search"])


class AuthorOut(Schema):
    name: str
    id: int | None
    url: str | None


class ResultOut(Schema):
    id: int
    external_id: str | None
    title: str
    authors: list[AuthorOut]
    date: str | None
    type: str
    language: str
    source: str | None
    snippet: str
    snippet_html: str
    score: float | None
    url: str


class FacetValueOut(Schema):
    value: str
    label: str
    count: int


class ExpertWorkOut(Schema):
    id: int
    title: str
    date: str | None


class ExpertOut(Schema):
    id: int
    name: str
    name_en: str
    url: str
    score: float
    works: list[ExpertWorkOut]


class NoticeOut(Schema):
    code: str
    message: str


class SearchOut(Schema):
    query: str
    total: int
    page: int
    per_page: int
    pages: int
    sort: str
    relaxed: bool
    available: bool
    notices: list[NoticeOut]
    results: list[ResultOut]
    facets: dict[str, list[FacetValueOut]]
    experts: list[ExpertOut]


class SearchParams(Schema):
    q: str = ""
    page: WholeNumber = 1
    per_page: WholeNumber = 10
    sort: Literal["relevance", "date", ""] = ""
    type: list[str] = []
    year: list[str] = []
    lang: list[str] = []
    unit: list[str] = []
    author: list[str] = []
    person: list[str] = []
    facets: bool = True
    experts: bool = True


@router.get(
    "", response={200: SearchOut, 400: Error, 414: Error}, summary="Search works", url_name="search"
)
def search_works(request, params: Query[SearchParams]):
    """Ranked works with snippets (``<mark>`` around matched words in ``snippet_html``), facet
    counts for the whole result set and experts on the topic. ``q`` takes the search box's
    syntax: words, "phrases", -exclusions and filters (author:, type:, year:2013..2016, lang:,
    unit:), which can also be given as parameters. A ``q`` of more than 2,000 characters is
    refused (414); up to that, only its first 500 characters are searched."""
    if len(params.q) > LONG_QUERY_CHARS:
        return Status(414, too_long(params.q))
    filters = {
        name: values
        for name in ("type", "year", "lang", "unit", "author", "person")
        if (values := [v for v in getattr(params, name) if v])
    }
    results = search(
        params.q,
        params=filters,
        page=max(1, min(params.page, 10**6)),
        per_page=max(1, min(params.per_page, MAX_PER_PAGE)),
        sort=params.sort,
        facets=params.facets,
        experts=params.experts,
    )
    return to_json(results)


def to_json(results: SearchResults) -> dict:
    """The API's representation of search results."""
    return {
        "query": results.query.text,
        "total": results.total,
        "page": results.page,
        "per_page": results.per_page,
        "pages": results.pages,
        "sort": results.sort,
        "relaxed": results.relaxed,
        "available": not results.unavailable,
        "notices": [{"code": c, "message": m} for c, m in results.notices],
        "results": [
            {
                "id": hit.id,
                "external_id": hit.external_id or None,
                "title": hit.title,
                "authors": [
                    {
                        "name": a["name"],
                        "id": a["id"],
                        "url": reverse("catalog:person-detail", kwargs={"slug": a["slug"]})
                        if a["slug"]
                        else None,
                    }
                    for a in hit.authors
                ],
                "date": hit.date or None,
                "type": hit.type,
                "language": hit.language,
                "source": hit.source or None,
                "snippet": hit.snippet.plain(),
                "snippet_html": str(hit.snippet.html()),
                "score": hit.score,
                "url": hit.url,
            }
            for hit in results.hits
        ],
        "facets": {
            name: [{"value": v.value, "label": v.label, "count": v.count} for v in values]
            for name, values in results.facets.items()
        },
        "experts": [
            {
                "id": e.person.pk,
                "name": e.person.name,
                "name_en": e.person.name_en,
                "url": e.person.get_absolute_url(),
                "score": e.score,
                "works": e.works,
            }
            for e in results.experts
        ],
    }


def too_long(q: str) -> dict:
    return {
        "detail": f"The query has {len(q)} characters; at most {LONG_QUERY_CHARS} are accepted.",
        "errors": [
            {
                "parameter": "q",
                "location": "query",
                "message": f"longer than {LONG_QUERY_CHARS} characters",
            }
        ],
    }


class SuggestionOut(Schema):
    kind: Literal["person", "unit", "term", "work"]
    label: str
    url: str
    detail: str


class SuggestOut(Schema):
    query: str
    suggestions: list[SuggestionOut]


@suggest_router.get(
    "",
    response={200: SuggestOut, 400: Error, 414: Error},
    summary="Suggestions as you type",
    url_name="suggest",
)
def suggest_view(request, q: str = "", limit: WholeNumber = 10):
    """People (by Chinese name, pinyin, pinyin initials such as ``lcy`` or English name),
    units, glossary terms and work titles starting with what was typed, best first."""
    if len(q) > LONG_QUERY_CHARS:
        return Status(414, too_long(q))
    return {"query": q, "suggestions": [s.as_dict() for s in suggest(q, limit)]}
