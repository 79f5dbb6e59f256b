"""Answering on a tantivy searcher: ranked hits, payloads, facets, related works, suggestions.

Relevance is BM25 per field (see ``compile.py``) multiplied by a recency factor between 1 and
1.05, applied to the top hits (page + RECENCY_WINDOW) from a fast field.
"""

from __future__ import annotations

import functools
import math
import re
from collections import defaultdict
from collections.abc import Sequence
from typing import Any

import tantivy
from tantivy import Occur, Query

from zhiku.search.analysis import INDEX_STOPWORDS, tokenize
from zhiku.search.backends.base import (
    NO_FILTERS,
    FilterSpec,
    Found,
    IndexDamaged,
    Payload,
    ScoredRef,
    Searcher,
)
from zhiku.search.backends.tantivy import related
from zhiku.search.backends.tantivy.compile import Compiled, compile_query
from zhiku.search.backends.tantivy.schema import (
    EXPERT_FIELDS,
    SCHEMA,
    UNIT_FIELDS,
    read_payload,
)
from zhiku.search.concepts import BROADEN_BELOW, tier
from zhiku.search.query import ParsedQuery

#: Hits beyond the page among which the recency factor (at most ×1.05) may reorder; a work
#: further down would need a BM25 score within 5 % of the page's last to move up anyway.
RECENCY_WINDOW = 50
#: Facet → the single-valued fast fields it sums. A value occurs at most once per work, and
#: single-valued fields aggregate about ten times faster than the multi-valued ones used for
#: filtering. Each field is a pass over the matches (~5 ms per million), so the rarely filled
#: third author and third unit level are left out.
FACET_FIELDS = {
    "type": ("type",),
    "year": ("year",),
    "language": ("language",),
    "unit": UNIT_FIELDS[:2],
    "author": EXPERT_FIELDS[:2],
}
#: Values fetched per field of a summed facet, so that the merged top values are right.
MERGE_DEPTH = 50
#: Facets whose values are numbers (tantivy's aggregations give them as floats).
NUMERIC_FACETS = ("year", "unit", "author")
#: Title hits a suggestion reads (titles repeat across translations and reprints).
SUGGEST_DEPTH = 4


def _engine_errors(method):
    """tantivy reports damaged files as ValueError: say so in the interface's terms."""

    @functools.wraps(method)
    def wrapper(*args, **kwargs):
        try:
            return method(*args, **kwargs)
        except ValueError as exc:
            raise IndexDamaged(str(exc)) from exc

    return wrapper


def _found(compiled: Compiled, hits: list[ScoredRef], total: int) -> Found:
    return Found(hits, total, compiled.highlight, compiled.concepts, compiled=compiled)


def _count(result: tantivy.SearchResult) -> int:
    return result.count or 0  # type: ignore[attr-defined]  # the binding's stubs lack it


class TantivySearcher(Searcher):
    """A tantivy searcher on one committed state of the index."""

    def __init__(self, searcher: tantivy.Searcher) -> None:
        self.raw = searcher

    @property
    def documents(self) -> int:
        return self.raw.num_docs

    @_engine_errors
    def search(
        self,
        parsed: ParsedQuery,
        *,
        filters: FilterSpec = NO_FILTERS,
        sort: str = "relevance",
        offset: int = 0,
        limit: int = 10,
        broaden: bool = True,
    ) -> Found:
        found = self._run(compile_query(parsed, filters=filters), sort, offset, limit)
        if broaden and found.total < BROADEN_BELOW and found.concepts > 1:
            broad = compile_query(parsed, filters=filters, broad=True)
            wider = self._run(broad, sort, offset, limit)
            if wider.total > found.total:
                wider.relaxed = True
                return wider
        return found

    def _run(self, compiled: Compiled, sort: str, offset: int, limit: int) -> Found:
        searcher = self.raw
        if sort == "date":
            result = searcher.search(
                compiled.query, limit, count=True, order_by_field="date", offset=offset
            )
            return _found(compiled, list(result.hits), _count(result))
        # BM25 for a window beyond the page, then the recency factor within it: tantivy's own
        # weight_by_field scores every match twice as slowly (3.2 against 6.2 ms at 100k works).
        window = offset + limit + RECENCY_WINDOW
        result = searcher.search(compiled.query, window, count=True)
        hits = list(result.hits)
        if hits:
            # The factor weighs the BM25 part only: the number of concepts matched as typed
            # (EXACT_BONUS each) ranks first, and is not reported in the score.
            factors = searcher.fast_field_values("recency", [address for _, address in hits])
            weighted = []
            for (score, address), factor in zip(hits, factors, strict=True):
                exact, rest = tier(score)
                weighted.append((exact, rest * math.log2(2 + (factor or 0.0)), address))
            weighted.sort(key=lambda hit: (-hit[0], -hit[1]))
            hits = [(score, address) for _, score, address in weighted]
        return _found(compiled, hits[offset : offset + limit], _count(result))

    @_engine_errors
    def payloads(self, refs: Sequence[Any]) -> list[Payload]:
        return [read_payload(self.raw.doc(address)) for address in refs]

    @_engine_errors
    def first_authors(self, refs: Sequence[Any]) -> list[tuple[int, ...]]:
        addresses = list(refs)
        columns = [self.raw.fast_field_values(name, addresses) for name in EXPERT_FIELDS]
        return [tuple(int(column[row] or 0) for column in columns) for row in range(len(addresses))]

    @_engine_errors
    def relevance_hits(self, found: Found, limit: int) -> list[ScoredRef]:
        hits = self.raw.search(found.compiled.query, limit, count=False).hits
        return [(tier(score)[1], address) for score, address in hits]

    @_engine_errors
    def facet_counts(self, found: Found, sizes: dict[str, int]) -> dict[str, dict[Any, int]]:
        request = {}
        for name, size in sizes.items():
            columns = FACET_FIELDS[name]
            for column in columns:
                depth = size if len(columns) == 1 else MERGE_DEPTH
                request[f"{name}.{column}"] = {"terms": {"field": column, "size": depth}}
        result = self.raw.aggregate(found.compiled.query, request)
        counts: dict[str, dict[Any, int]] = {}
        for name, size in sizes.items():
            summed: dict[Any, int] = defaultdict(int)
            for column in FACET_FIELDS[name]:
                for bucket in result.get(f"{name}.{column}", {}).get("buckets", []):
                    summed[bucket["key"]] += bucket["doc_count"]
            ranked = sorted(summed.items(), key=lambda item: -item[1])[:size]
            if name in NUMERIC_FACETS:
                counts[name] = {int(key): count for key, count in ranked}
            else:
                counts[name] = dict(ranked)
        return counts

    @_engine_errors
    def related(self, work_id: int, limit: int) -> list[Payload]:
        return related.more_like_this(self.raw, work_id, limit)

    @_engine_errors
    def suggest(self, prefix: str, limit: int = 10) -> list[str]:
        terms = [t.text for t in tokenize(prefix, "query")]
        if not terms:
            return []
        *whole, last = terms
        clauses = [
            (Occur.Must, Query.term_query(SCHEMA, "title", word))
            for word in whole
            if word not in INDEX_STOPWORDS  # never indexed
        ]
        pattern = re.escape(last) + ".*"
        clauses.append((Occur.Must, Query.regex_query(SCHEMA, "title", pattern)))
        query = Query.boolean_query(clauses)
        found = self.raw.search(query, limit * SUGGEST_DEPTH, count=False).hits
        titles: dict[str, None] = {}
        for _, address in found:
            titles.setdefault(read_payload(self.raw.doc(address))["title"], None)
            if len(titles) >= limit:
                break
        return list(titles)
