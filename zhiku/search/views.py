"""The search page: a box, results with snippets, facets as links, experts, pagination."""

from __future__ import annotations

import logging
from urllib.parse import urlencode

from django.shortcuts import render
from django.utils.translation import gettext as _

from zhiku.search.facets import FACETS
from zhiku.search.query import Notice
from zhiku.search.service import PER_PAGE, SearchResults, search

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


def search_page(request):
    """The search page for ``q`` and the filter parameters; never a server error."""
    q = request.GET.get("q", "")
    params = {name: request.GET.getlist(name) for name in FILTER_PARAMS if request.GET.get(name)}
    page = page_number(request.GET.get("page"))
    sort = request.GET.get("sort", "")
    try:
        results = search(q, params=params, page=page, per_page=PER_PAGE, sort=sort)
    except Exception:  # a reader must never meet a server error here; the log keeps the cause
        logger.exception("search failed for %r", q)
        results = SearchResults(query=_empty_query(q), sort="relevance", page=1, per_page=PER_PAGE)
        results.unavailable = True
    context = {
        "q": q,
        "results": results,
        "facet_groups": facet_groups(request, results),
        "active_filters": active_filters(request, results),
        "pages": page_links(request, results),
        "sort_links": sort_links(request, results),
    }
    return render(request, "search/search.html", context)


def _empty_query(q: str):
    from zhiku.search.query import ParsedQuery

    return ParsedQuery(text=q, notices=[Notice("index_unavailable")])


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


def sort_links(request, results: SearchResults) -> list[dict]:
    """Links to the same search by relevance and newest first."""
    names = {"relevance": _("Relevance"), "date": _("Newest first")}
    return [
        {"label": label, "url": _url(request, sort=key), "current": key == results.sort}
        for key, label in names.items()
    ]
