"""``search()``: the one code path behind the search page, the API, the CLI and the benchmarks.

It parses the reader's input, resolves filters against the catalog (unit names, people),
hands the parsed query to the search backend (``zhiku.search.backends``), and returns ranked
results with snippets, facet counts for the whole result set and the experts panel.

A search only reads: it never applies the change log nor builds the index. A missing or
damaged index is reported ("search is being prepared") and a rebuild requested from the
writer (the indexer, ``zhiku ingest``, the apply-after-commit hook, ``zhiku reindex``).
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
from zhiku.search import glossary
from zhiku.search.backends import get_backend
from zhiku.search.backends.base import (
    FilterSpec,
    Found,
    IndexDamaged,
    IndexUnavailable,
    Searcher,
)
from zhiku.search.concepts import Highlight, searchable
from zhiku.search.facets import Facet, Facets, facet_sizes, read_facets
from zhiku.search.messages import notice_message
from zhiku.search.query import MAX_QUERY_CHARS, Notice, ParsedQuery, Phrase, Text, clean, parse
from zhiku.search.snippets import Snippet, best_snippet, mark_whole

logger = logging.getLogger(__name__)

SORTS = ("relevance", "date")
PER_PAGE = 10
MAX_PER_PAGE = 100
#: Page sizes a reader may choose on the search page.
PAGE_SIZES = (10, 20, 50, 100)
#: Longer queries are refused (414) rather than cut: nobody types them, a script sent them.
LONG_QUERY_CHARS = 2000
#: Deepest result reachable by paging (tantivy keeps offset + limit hits in memory).
MAX_OFFSET = 10_000
#: Hits whose authors are summed for the experts panel, and how many experts it shows.
EXPERT_HITS = 100
EXPERTS = 5
EXPERT_WORKS = 2


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
    #: How many of the works that match the whole query are theirs (among the top hits).
    count: int = 0


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
    #: The person the query names (鲁传颖, Lu Chuanying, author:鲁传颖), for a card on top.
    person: Person | None = None
    problem: str = ""  # why, when unavailable

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


def open_searcher(data_dir: Path | None = None) -> Searcher:
    """A read-only view of the index; IndexUnavailable (and a rebuild asked of the writer)
    when there is no usable one."""
    backend = get_backend(data_dir)
    try:
        return backend.searcher()
    except IndexUnavailable as exc:
        if backend.health("").present:
            ask_rebuild(backend, str(exc))  # it exists but cannot be read
        raise


def ask_rebuild(backend, reason: str) -> None:
    """Ask the writer for a rebuild; a data folder that cannot be written (read-only, full)
    only costs the request, never the search (the writer will meet the problem itself)."""
    try:
        backend.request_rebuild(reason)
    except OSError as exc:
        logger.warning("search: cannot ask for a rebuild of the index (%s)", exc)


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
    sort = sort if sort in SORTS else ("relevance" if parsed.must else "date")
    per_page = max(1, min(per_page, MAX_PER_PAGE))
    page = max(1, page)
    if (page - 1) * per_page >= MAX_OFFSET:
        parsed.notices.append(Notice("page_too_deep", str(MAX_OFFSET // per_page)))
        page = MAX_OFFSET // per_page
    results = SearchResults(parsed, sort, page, per_page)
    if nothing_to_search(parsed, text):
        parsed.notices.append(Notice("nothing_searchable"))
        return results  # no work matches; dropping what was typed would match every work
    data_dir = Path(settings.DATA_DIR)
    try:
        searcher = open_searcher(data_dir)
    except IndexUnavailable as exc:
        logger.warning("search: %s", exc)
        results.unavailable = True
        results.problem = str(exc)
        parsed.notices.append(Notice("index_unavailable"))
        return results
    filters = resolve_filters(parsed)
    glossary.sync()  # the editors' glossary, if it changed
    # The experts panel sums the top EXPERT_HITS by relevance: fetch them in the same pass.
    shared = experts and results.page == 1 and results.sort == "relevance"
    try:
        found = searcher.search(
            parsed,
            filters=filters,
            sort=results.sort,
            offset=(results.page - 1) * results.per_page,
            limit=max(results.per_page, EXPERT_HITS) if shared else results.per_page,
        )
        fill(searcher, results, found, facets=facets, experts=experts)
        if experts and found.relaxed and results.experts:
            # The broadened hits include works matching only part of the query: the experts
            # panel counts only works that match all of it.
            strict = searcher.search(
                parsed, filters=filters, sort="relevance", limit=EXPERT_HITS, broaden=False
            )
            results.experts = find_experts(searcher, strict.hits) if strict.total else []
    except IndexDamaged as exc:
        _broken(data_dir, exc)
        results.unavailable = True
        results.problem = str(exc)
        parsed.notices.append(Notice("index_unavailable"))
        return results
    if found.relaxed:
        parsed.notices.append(Notice("relaxed"))
    if experts and results.page == 1:
        results.person = named_person(parsed)
    if results.total and not results.hits:
        parsed.notices.append(Notice("page_past_end", str(results.pages)))
    return results


def nothing_to_search(parsed: ParsedQuery, text: str) -> bool:
    """Whether the reader typed something that names no word: only symbols, emoji or stray
    syntax such as ``((((``, ``OR`` or ``""``. Such a query matches nothing (with a notice);
    an empty query, or one of filters only (``year:2015``), lists works as before."""
    if parsed.must:
        return not searchable(parsed)
    if parsed.must_not or not parsed.text:
        return False
    typed = parse(text)  # what the text alone gave: no filter, and nothing ignored with a notice
    return typed.filters.is_empty() and all(n.code == "unbalanced_quote" for n in typed.notices)


def fill(
    searcher: Searcher, results: SearchResults, found: Found, *, facets: bool, experts: bool
) -> None:
    """Fill ``results`` with the hits, total, facets and experts of ``found``."""
    results.total, results.relaxed = found.total, found.relaxed
    page = found.hits[: results.per_page]
    results.hits = [
        make_hit(data, found.highlight, score, results.sort)
        for data, (score, _) in zip(searcher.payloads([ref for _, ref in page]), page, strict=True)
    ]
    if facets and results.total:
        results.facets = read_facets(searcher.facet_counts(found, facet_sizes()))
    if experts and results.total and results.page == 1 and found.highlight:
        hits = found.hits
        if results.sort != "relevance":
            hits = searcher.relevance_hits(found, EXPERT_HITS)
        results.experts = find_experts(searcher, hits)


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


def find_experts(searcher: Searcher, hits: list) -> list[Expert]:
    """People ranked by the summed relevance of their works among ``hits`` (score, ref)."""
    hits = hits[:EXPERT_HITS]
    scores: dict[int, float] = {}
    works: dict[int, list[tuple[float, Any]]] = {}
    authors = searcher.first_authors([ref for _, ref in hits])
    for (score, ref), row in zip(hits, authors, strict=True):
        for person_id in row:
            if person_id:
                scores[person_id] = scores.get(person_id, 0.0) + score
                works.setdefault(person_id, []).append((score, ref))
    ranked = sorted(scores, key=lambda p: -scores[p])[:EXPERTS]
    people = Person.objects.in_bulk(ranked)
    experts = []
    for person_id in ranked:
        if person_id not in people:
            continue
        best = sorted(works[person_id], key=lambda item: -item[0])[:EXPERT_WORKS]
        titles = [
            {"id": data["id"], "title": data["title"], "date": data.get("date")}
            for data in searcher.payloads([ref for _, ref in best])
        ]
        expert = Expert(people[person_id], round(scores[person_id], 4), titles)
        expert.count = len(works[person_id])
        experts.append(expert)
    return experts


def named_person(parsed: ParsedQuery) -> Person | None:
    """The person a query names: its whole text (鲁传颖, 魯傳穎, Lu Chuanying, chuanying lu),
    or its one ``author:`` filter when nothing else is asked."""
    from zhiku.search.suggest import fold

    if parsed.must_not or len(parsed.must) > 2 or parsed.filters.person_ids:
        return None
    if parsed.must:
        if any(not isinstance(item, Text | Phrase) for item in parsed.must):
            return None
        text = " ".join(item.text for item in parsed.must)  # type: ignore[union-attr]
        if parsed.filters.authors:
            return None
    elif len(parsed.filters.authors) == 1:
        text = parsed.filters.authors[0]
    else:
        return None
    text = text.strip()
    if not text or len(text) > 60:
        return None
    folded = fold(text)
    names = {text, folded, folded.replace(" ", "")}
    latin = {folded, " ".join(reversed(folded.split()))}
    match = Q(name__in=names)
    for form in latin:
        match |= Q(name_en__iexact=form)
    found = list(Person.objects.filter(match)[:2])
    return found[0] if len(found) == 1 else None


def suggest(text: str, limit: int = 10) -> list:
    """Suggestions for what a reader has typed (``zhiku.search.suggest``); titles from the
    index while the suggestion file is not built yet."""
    from zhiku.search.suggest import Entry, open_suggestions

    text = clean(text)[:MAX_QUERY_CHARS]
    if not text.strip():
        return []
    table = open_suggestions(Path(settings.DATA_DIR))
    if table is not None:
        return table.lookup(text, limit)
    try:
        titles = open_searcher(Path(settings.DATA_DIR)).suggest(text, limit)
    except IndexUnavailable:
        return []
    return [Entry("work", title, _search_url(title)) for title in titles]


def _search_url(text: str) -> str:
    from urllib.parse import urlencode

    from django.urls import reverse

    return reverse("search:search") + "?" + urlencode({"q": text})


def resolve_filters(parsed: ParsedQuery) -> FilterSpec:
    """The filters of ``parsed`` resolved against the catalog; filters naming nothing known
    become notices."""
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
    return FilterSpec(
        types=tuple(chosen.types),
        languages=tuple(chosen.languages),
        years=chosen.years,
        unit_ids=tuple(unit_ids) if unit_ids is not None else None,
        person_ids=tuple(person_ids) if person_ids is not None else None,
        authors=tuple(chosen.authors),
    )


def _broken(data_dir: Path, exc: Exception) -> None:
    logger.error("search: the index is damaged (%s); asking for a rebuild", exc)
    backend = get_backend(data_dir)
    backend.forget()
    ask_rebuild(backend, str(exc))


__all__ = ["Expert", "Facet", "Hit", "SearchResults", "search"]
