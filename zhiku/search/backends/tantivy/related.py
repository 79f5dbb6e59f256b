"""Related works: a query built from a work's most distinctive terms (tf × idf)."""

from __future__ import annotations

import math
from collections import Counter

import tantivy
from tantivy import Occur, Query

from zhiku.search.analysis import has_han, scan
from zhiku.search.backends.base import Payload
from zhiku.search.backends.tantivy.schema import SCHEMA, read_payload
from zhiku.search.vocabulary import QUERY_STOPWORDS

#: Distinctive terms a related-works query is built from.
RELATED_TERMS = 12
#: Terms a related work must share with the work.
MIN_SHARED = 2
#: A term found in more than this share of all works does not tell works apart (Lucene's
#: MoreLikeThis ``maxDocFreqPct``); leaving such terms out also keeps the query cheap, since
#: their postings are the longest.
MAX_DOC_SHARE = 0.25
#: How much more a term counts when it is in the title or keywords.
TITLE_WEIGHT = 3
FIELDS = {"title": 2.0, "keywords": 1.5, "abstract": 1.2, "body": 1.0}


def distinctive_terms(searcher: tantivy.Searcher, data: dict, limit: int = RELATED_TERMS):
    """The work's terms ranked by frequency in it × rarity in the index."""
    counts: Counter[str] = Counter()
    headline = " ".join([data["title"], *data.get("keywords", [])])
    for text, weight in (
        (headline, TITLE_WEIGHT),
        (data.get("abstract", ""), 1),
        (data.get("body", ""), 1),
    ):
        for term, *_ in scan(text) if text else []:
            if _worth(term):
                counts[term] += weight
    total = max(searcher.num_docs, 1)
    scored = []
    for term, count in counts.items():
        in_body = searcher.doc_freq("body", term)
        if in_body > MAX_DOC_SHARE * total:
            continue
        frequency = in_body + searcher.doc_freq("title", term)
        scored.append((count * math.log(1 + total / (1 + frequency)), term))
    return [term for _, term in sorted(scored, reverse=True)[:limit]]


def _worth(term: str) -> bool:
    if term in QUERY_STOPWORDS or term.isdigit():
        return False
    return len(term) >= 2 if has_han(term) else len(term) >= 3


def more_like_this(searcher: tantivy.Searcher, work_id: int, limit: int) -> list[Payload]:
    """Payloads of up to ``limit`` works sharing the most distinctive terms of ``work_id``."""
    own = searcher.search(Query.term_query(SCHEMA, "id", work_id), 1, count=False).hits
    if not own:
        return []
    terms = distinctive_terms(searcher, read_payload(searcher.doc(own[0][1])))
    if len(terms) < MIN_SHARED:
        return []
    should = []
    for term in terms:
        fields = [
            Query.boost_query(Query.term_query(SCHEMA, name, term), boost)
            for name, boost in FIELDS.items()
        ]
        should.append((Occur.Should, Query.disjunction_max_query(fields, 0.1)))
    query = Query.boolean_query(
        [
            (Occur.Must, Query.boolean_query(should, MIN_SHARED)),
            (Occur.MustNot, Query.term_query(SCHEMA, "id", work_id)),
        ]
    )
    found = searcher.search(query, limit, count=False).hits
    return [read_payload(searcher.doc(address)) for _, address in found]
