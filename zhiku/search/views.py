"""The search page: a box, results with snippets, facets as links, experts, pagination."""

from __future__ import annotations

import logging
from urllib.parse import urlencode

from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from zhiku.catalog.genres import GENRES
from zhiku.search.facets import FACETS
from zhiku.search.query import MAX_QUERY_CHARS, Notice
from zhiku.search.service import (
    LONG_QUERY_CHARS,
    PAGE_SIZES,
    PER_PAGE,
    SearchResults,
    search,
)

logger = logging.getLogger(__name__)

#: URL parameters that filter (the same names the query syntax accepts).
FILTER_PARAMS = ("type", "year", "lang", "unit", "author", "person")
#: Page links shown either side of the current page.
PAGE_WINDOW = 3


def page_number(value: str | None) -> int:
    """A page number from a URL parameter: anything unusable is page 1."""
    try:
        return max(1, min(int(value or 1), 10**6))
    except (TypeError, ValueError):
        return 1


#: Fields of the advanced-search form; it writes them into the query syntax.
ADVANCED_PARAMS = tuple(
    f"adv_{name}" for name in ("all", "phrase", "none", "author", "type", "from", "to", "unit")
)


def page_size(value: str | None) -> int:
    """A page size from a URL parameter: one of PAGE_SIZES, else the default."""
    try:
        size = int(value or PER_PAGE)
    except (TypeError, ValueError):
        return PER_PAGE
    return size if size in PAGE_SIZES else PER_PAGE


def search_page(request):
    """The search page for ``q`` and the filter parameters; never a server error."""
    if any(request.GET.get(name) for name in ADVANCED_PARAMS):
        return redirect(request.path + "?" + urlencode({"q": advanced_query(request.GET)}))
    q = request.GET.get("q", "")
    per_page = page_size(request.GET.get("per_page"))
    if len(q) > LONG_QUERY_CHARS:
        results = SearchResults(_empty_query(q, "query_too_long"), "relevance", 1, per_page)
        context = {"q": q[:MAX_QUERY_CHARS], "results": results, "too_long": True}
        return render(request, "search/search.html", context | _form_context(), status=414)
    params = {name: request.GET.getlist(name) for name in FILTER_PARAMS if request.GET.get(name)}
    page = page_number(request.GET.get("page"))
    sort = request.GET.get("sort", "")
    try:
        results = search(q, params=params, page=page, per_page=per_page, sort=sort)
    except Exception:  # a reader must never meet a server error here; the log keeps the cause
        logger.exception("search failed for %r", q)
        results = SearchResults(query=_empty_query(q), sort="relevance", page=1, per_page=per_page)
        results.unavailable = True
    stray = any(n.code == "nothing_searchable" for n in results.query.notices)
    no_terms = stray or (
        bool(q.strip()) and results.query.is_empty and results.query.filters.is_empty()
    )
    if no_terms:  # ((((, or only symbols: say so rather than list every work
        if not any(n.code == "nothing_searchable" for n in results.query.notices):
            results.query.notices.append(Notice("nothing_searchable"))
        results.hits, results.total, results.facets, results.experts = [], 0, {}, []
    pages = page_links(request, results)
    context = {
        "q": q,
        "results": results,
        "no_terms": no_terms,
        "facet_groups": facet_groups(request, results),
        "active_filters": active_filters(request, results),
        "pages": pages,
        "previous_page": next((p for p in pages if p.get("number") == results.page - 1), None),
        "next_page": next((p for p in pages if p.get("number") == results.page + 1), None),
        "page_sizes": page_size_links(request, results),
        "sort_links": sort_links(request, results),
    }
    return render(request, "search/search.html", context | _form_context())


def _form_context() -> dict:
    """What the advanced-search form offers."""
    return {"genres": [(g.code, g.label) for g in GENRES]}


def _quoted(value: str) -> str:
    value = " ".join(value.replace('"', " ").split())
    return f'"{value}"' if value and (" " in value or not value.isalnum()) else value


def advanced_query(data) -> str:
    """The query syntax the advanced-search form's fields stand for."""
    parts = []
    words = " ".join(data.get("adv_all", "").split())
    if words:
        parts.append(words)
    phrase = " ".join(data.get("adv_phrase", "").replace('"', " ").split())
    if phrase:
        parts.append(f'"{phrase}"')
    for word in data.get("adv_none", "").split():
        parts.append("-" + word.lstrip("-"))
    if data.get("adv_author", "").strip():
        parts.append("author:" + _quoted(data["adv_author"].strip()))
    if data.get("adv_type", "").strip():
        parts.append("type:" + _quoted(data["adv_type"].strip()))
    first, last = data.get("adv_from", "").strip(), data.get("adv_to", "").strip()
    if first or last:
        parts.append(f"year:{first}..{last}" if first != last else f"year:{first}")
    if data.get("adv_unit", "").strip():
        parts.append("unit:" + _quoted(data["adv_unit"].strip()))
    return " ".join(parts)[:MAX_QUERY_CHARS]


def _empty_query(q: str, code: str = "index_unavailable"):
    from zhiku.search.query import ParsedQuery

    return ParsedQuery(text=q[:MAX_QUERY_CHARS], notices=[Notice(code, str(len(q)))])


def _url(request, **changes) -> str:
    """The current search with parameters changed (None removes one); page back to 1."""
    params = {k: request.GET.getlist(k) for k in request.GET if k != "page"}
    for name, value in changes.items():
        if value is None:
            params.pop(name, None)
        else:
            params[name] = [value]
    return "?" + urlencode(params, doseq=True)


def facet_groups(request, results: SearchResults) -> list[dict]:
    """Each facet with its values as links that add (or, when chosen, remove) the filter."""
    titles = {
        "type": _("Type"),
        "year": _("Year"),
        "language": _("Language"),
        "unit": _("Unit"),
        "author": _("Author"),
    }
    groups = []
    for name, values in results.facets.items():
        param = FACETS[name].param
        chosen = set(request.GET.getlist(param))
        links = [
            {
                "label": v.label,
                "count": v.count,
                "chosen": v.value in chosen,
                "url": _url(request, **{param: None if v.value in chosen else v.value}),
            }
            for v in values
        ]
        if links:
            groups.append({"name": name, "title": titles[name], "values": links})
    return groups


def active_filters(request, results: SearchResults) -> list[dict]:
    """Filters given as URL parameters, each with a link that removes it."""
    labels = {v.value: v.label for values in results.facets.values() for v in values}
    return [
        {
            "name": name,
            "value": value,
            "label": labels.get(value, value),
            "url": _url(request, **{name: None}),
        }
        for name in FILTER_PARAMS
        for value in request.GET.getlist(name)
        if value
    ]


def page_links(request, results: SearchResults) -> list[dict]:
    """Links to the pages around the current one (with the first and last)."""
    last = results.pages
    if last <= 1:
        return []
    shown = {1, last, *range(results.page - PAGE_WINDOW, results.page + PAGE_WINDOW + 1)}
    links, previous = [], 0
    for number in sorted(n for n in shown if 1 <= n <= last):
        if number - previous > 1:
            links.append({"gap": True})
        params = {k: request.GET.getlist(k) for k in request.GET if k != "page"}
        params["page"] = [str(number)]
        links.append(
            {
                "number": number,
                "url": "?" + urlencode(params, doseq=True),
                "current": number == results.page,
            }
        )
        previous = number
    return links


def page_size_links(request, results: SearchResults) -> list[dict]:
    """Links to the same search with each page size (back to page 1)."""
    return [
        {
            "size": size,
            "url": _url(request, per_page=str(size)),
            "current": size == results.per_page,
        }
        for size in PAGE_SIZES
    ]


def sort_links(request, results: SearchResults) -> list[dict]:
    """Links to the same search by relevance and newest first."""
    names = {"relevance": _("Relevance"), "date": _("Newest first")}
    return [
        {"label": label, "url": _url(request, sort=key), "current": key == results.sort}
        for key, label in names.items()
    ]
