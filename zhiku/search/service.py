"""``search()``: the one code path behind the search page, the API, the CLI and the benchmarks.

It parses the reader's input, resolves filters against the catalog (unit names, people),
compiles the query, runs it on this process's index reader, and returns ranked results with
snippets, facet counts for the whole result set and the experts panel.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db.models import Q

from zhiku.catalog.genres import GENRES
from zhiku.catalog.models import Person, Unit
from zhiku.search import log
from zhiku.search.documents import read_payload
from zhiku.search.engine import Found, execute, filter_queries, item_concepts, joined
from zhiku.search.facets import Facet, Facets, facet_aggregations, read_facets
from zhiku.search.index import (
    EXPERT_FIELDS,
    IndexUnavailable,
    Reader,
    State,
    current_path,
)
from zhiku.search.messages import notice_message
from zhiku.search.query import Notice, ParsedQuery, parse
from zhiku.search.snippets import Highlight, Snippet, best_snippet, mark_whole

logger = logging.getLogger(__name__)

SORTS = ("relevance", "date")
PER_PAGE = 10
MAX_PER_PAGE = 100
#: Deepest result reachable by paging (tantivy keeps offset + limit hits in memory).
MAX_OFFSET = 10_000
#: Hits whose authors are summed for the experts panel, and how many experts it shows.
EXPERT_HITS = 100
EXPERTS = 5
EXPERT_WORKS = 2

_readers: dict[Path, Reader] = {}


@dataclass
class Hit:
    """One result: what a results list shows about a work."""

    id: int
    external_id: str
    title: str
    title_marked: Snippet
    authors: list[dict[str, Any]]
    date: str
    year: int | None
    type: str
    type_label: str
    language: str
    source: str
    snippet: Snippet
    score: float | None

    @property
    def url(self) -> str:
        from django.urls import reverse

        return reverse("catalog:work-detail", kwargs={"pk": self.id})


@dataclass
class Expert:
    """A person ranked by the summed relevance of their matching works."""

    person: Person
    score: float
    works: list[dict[str, Any]]


@dataclass
class SearchResults:
    """Everything a results page shows."""

    query: ParsedQuery
    sort: str
    page: int
    per_page: int
    total: int = 0
    hits: list[Hit] = field(default_factory=list)
    facets: Facets = field(default_factory=dict)
    experts: list[Expert] = field(default_factory=list)
    relaxed: bool = False
    unavailable: bool = False

    @property
    def notices(self) -> list[tuple[str, str]]:
        """(code, message in the current language) for each notice."""
        return [(n.code, notice_message(n)) for n in self.query.notices]

    @property
    def pages(self) -> int:
        return min(-(-self.total // self.per_page), (MAX_OFFSET // self.per_page) or 1)

    @property
    def first(self) -> int:
        return (self.page - 1) * self.per_page + 1


def reader(data_dir: Path | None = None) -> Reader:
    """This process's reader of the index under ``data_dir`` (default: settings.DATA_DIR)."""
    path = Path(data_dir or settings.DATA_DIR)
    if path not in _readers:
        _readers[path] = Reader(path)
    return _readers[path]


def catch_up(data_dir: Path) -> None:
    """Bring the index up to date in this process, unless an indexer process does that.

    Cheap when nothing is pending: one read of the state file and one query.
    """
    if settings.ZHIKU_SEARCH_READ_ONLY:
        return
    from zhiku.search.indexer import apply_pending, database_id, rebuild_requested

    path = current_path(data_dir)
    if path is not None and not rebuild_requested(data_dir):
        try:
            state = State.read(path)
            if state.database == database_id() and not log.pending(state.watermark, 1).work_ids:
                return
        except (OSError, ValueError, TypeError):
            pass
    apply_pending(data_dir)


def open_searcher(data_dir: Path):
    """A searcher on the index, caught up first unless read-only. A damaged index is
    reported for rebuilding; a process that may write rebuilds it at once."""
    from zhiku.search.indexer import request_rebuild

    catch_up(data_dir)
    try:
        return reader(data_dir).searcher()
    except IndexUnavailable as exc:
        if current_path(data_dir) is not None:
            request_rebuild(data_dir, str(exc))
        if settings.ZHIKU_SEARCH_READ_ONLY:
            raise
    catch_up(data_dir)  # rebuilds what was asked for
    return reader(data_dir).searcher()


def search(
    text: str = "",
    *,
    params: dict[str, list[str]] | None = None,
    page: int = 1,
    per_page: int = PER_PAGE,
    sort: str = "",
    facets: bool = True,
    experts: bool = True,
) -> SearchResults:
    """Results for what a reader typed (``text``) and chose (``params``: URL filters)."""
    parsed = parse(text, params)
    if parsed.must and not any(item_concepts(item) for item in joined(parsed.must)):
        parsed.notices.append(Notice("nothing_searchable"))
        parsed.must = []  # only symbols or emoji: show what an empty query shows
    sort = sort if sort in SORTS else ("relevance" if parsed.must else "date")
    per_page = max(1, min(per_page, MAX_PER_PAGE))
    page = max(1, page)
    if (page - 1) * per_page >= MAX_OFFSET:
        parsed.notices.append(Notice("page_too_deep", str(MAX_OFFSET // per_page)))
        page = MAX_OFFSET // per_page
    results = SearchResults(parsed, sort, page, per_page)
    data_dir = Path(settings.DATA_DIR)
    try:
        searcher = open_searcher(data_dir)
    except IndexUnavailable as exc:
        logger.warning("search: %s", exc)
        results.unavailable = True
        parsed.notices.append(Notice("index_unavailable"))
        return results
    filters = resolve_filters(parsed)
    # The experts panel sums the top EXPERT_HITS by relevance: fetch them in the same pass.
    shared = experts and results.page == 1 and results.sort == "relevance"
    try:
        found = execute(
            searcher,
            parsed,
            filters=filters,
            sort=results.sort,
            offset=(results.page - 1) * results.per_page,
            limit=max(results.per_page, EXPERT_HITS) if shared else results.per_page,
        )
        fill(searcher, results, found, facets=facets, experts=experts)
    except ValueError as exc:  # tantivy reports damaged files as ValueError
        _broken(data_dir, exc)
        results.unavailable = True
        parsed.notices.append(Notice("index_unavailable"))
        return results
    if found.relaxed:
        parsed.notices.append(Notice("relaxed"))
    if results.total and not results.hits:
        parsed.notices.append(Notice("page_past_end", str(results.pages)))
    return results


def fill(searcher, results: SearchResults, found: Found, *, facets: bool, experts: bool) -> None:
    """Fill ``results`` with the hits, total, facets and experts of ``found``."""
    compiled = found.compiled
    results.total, results.relaxed = found.total, found.relaxed
    results.hits = [
        make_hit(read_payload(searcher.doc(address)), compiled.highlight, score, results.sort)
        for score, address in found.hits[: results.per_page]
    ]
    if facets and results.total:
        results.facets = read_facets(searcher.aggregate(compiled.query, facet_aggregations()))
    if experts and results.total and results.page == 1 and compiled.highlight:
        if results.sort != "relevance":
            top = searcher.search(compiled.query, EXPERT_HITS, count=False)
            found = Found(list(top.hits), found.total, compiled)
        results.experts = find_experts(searcher, found.hits)


def make_hit(data: dict[str, Any], terms: Highlight, score: float, sort: str) -> Hit:
    """A result from a stored payload: title and snippet marked for ``terms``."""
    text = "\n".join(x for x in (data.get("abstract"), data.get("body")) if x)
    return Hit(
        id=data["id"],
        external_id=data.get("external_id") or "",
        title=data["title"],
        title_marked=mark_whole(data["title"], terms),
        authors=[
            {"name": name, "id": pid or None, "slug": slug} for name, pid, slug in data["authors"]
        ],
        date=data.get("date") or "",
        year=data.get("year"),
        type=data["type"],
        type_label=str(GENRES.label(data["type"])),
        language=data.get("language") or "",
        source=data.get("source") or "",
        snippet=best_snippet(text, terms),
        score=round(score, 4) if sort == "relevance" else None,
    )


def find_experts(searcher, hits: list) -> list[Expert]:
    """People ranked by the summed relevance of their works among ``hits`` (score, address)."""
    hits = hits[:EXPERT_HITS]
    addresses = [address for _, address in hits]
    scores: dict[int, float] = {}
    works: dict[int, list[tuple[float, Any]]] = {}
    columns = [searcher.fast_field_values(name, addresses) for name in EXPERT_FIELDS]
    for row, (score, address) in enumerate(hits):
        for column in columns:
            person_id = column[row]
            if person_id:
                scores[person_id] = scores.get(person_id, 0.0) + score
                works.setdefault(person_id, []).append((score, address))
    ranked = sorted(scores, key=lambda p: -scores[p])[:EXPERTS]
    people = Person.objects.in_bulk(ranked)
    experts = []
    for person_id in ranked:
        if person_id not in people:
            continue
        best = sorted(works[person_id], key=lambda item: -item[0])[:EXPERT_WORKS]
        titles = []
        for _, address in best:
            data = read_payload(searcher.doc(address))
            titles.append({"id": data["id"], "title": data["title"], "date": data.get("date")})
        experts.append(Expert(people[person_id], round(scores[person_id], 4), titles))
    return experts


def resolve_filters(parsed: ParsedQuery):
    """Filter queries for ``parsed``; filters naming nothing known become notices."""
    chosen = parsed.filters
    unit_ids: list[int] | None = None
    if chosen.units:
        unit_ids = []
        for value in chosen.units:
            match = Q(slug=value) | Q(name=value) | Q(name_en__iexact=value)
            found = list(Unit.objects.filter(match).values_list("pk", flat=True)[:20])
            if found:
                unit_ids += found
            else:
                parsed.notices.append(Notice("unknown_unit", value))
        unit_ids = unit_ids or None
    person_ids: list[int] | None = None
    if chosen.person_ids:
        known = set(Person.objects.filter(pk__in=chosen.person_ids).values_list("pk", flat=True))
        for missing in sorted(set(chosen.person_ids) - known):
            parsed.notices.append(Notice("unknown_person", str(missing)))
        person_ids = sorted(known) or None
    return filter_queries(
        types=chosen.types,
        languages=chosen.languages,
        years=chosen.years,
        unit_ids=unit_ids,
        person_ids=person_ids,
        authors=chosen.authors,
    )


def _broken(data_dir: Path, exc: Exception) -> None:
    from zhiku.search.indexer import request_rebuild

    logger.error("search: the index is damaged (%s); asking for a rebuild", exc)
    _readers.pop(Path(data_dir), None)
    request_rebuild(data_dir, str(exc))


__all__ = ["Expert", "Facet", "Hit", "SearchResults", "search"]
