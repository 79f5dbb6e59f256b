"""Compiling zhiku's query plan into tantivy query objects (never tantivy's query syntax).

``zhiku.search.concepts`` has turned the parsed query into concepts; here each concept
becomes one query over every text field (the best field counts: dismax with FIELD_BOOSTS and
FIELD_TIE_BREAKER), combined strictly (every concept, MIN_SHARE of a long question) or broad
(any concept, the strict matches first), with exclusions and the resolved filters.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import tantivy
from tantivy import Occur, Query

from zhiku.search.analysis import tokenize
from zhiku.search.backends.base import FilterSpec
from zhiku.search.backends.tantivy.schema import SCHEMA
from zhiku.search.concepts import (
    EXACT_BONUS,
    PHRASE_BOOST,
    PROXIMITY_BOOST,
    PROXIMITY_SLOP,
    STRICT_BONUS,
    Alternative,
    Concept,
    Highlight,
    plan,
)
from zhiku.search.query import ParsedQuery
from zhiku.search.vocabulary import FIELD_BOOSTS, FIELD_TIE_BREAKER


@dataclass
class Compiled:
    """A tantivy query and what a snippet should mark."""

    query: Query
    highlight: Highlight = field(default_factory=Highlight)
    concepts: int = 0


def _term(name: str, text: str) -> Query:
    # One term, even for a compound: texts index the word itself before its parts.
    return Query.term_query(SCHEMA, name, text)


def _any_field(build, fields: dict[str, float] = FIELD_BOOSTS) -> Query:
    queries = [Query.boost_query(build(name), boost) for name, boost in fields.items()]
    return Query.disjunction_max_query(queries, tie_breaker=FIELD_TIE_BREAKER)


def alternative_query(alt: Alternative) -> Query:
    """The tantivy query for one alternative, over every text field."""
    if alt.kind == "all":
        query = Query.boolean_query(
            [(Occur.Must, _any_field(lambda f, w=w: _term(f, w))) for _, w in alt.terms]
        )
    elif alt.kind == "phrase" and len(alt.terms) > 1:
        terms: list[str | tuple[int, str]] = list(alt.terms)
        query = _any_field(lambda f: Query.phrase_query(SCHEMA, f, terms))
    else:
        word = alt.terms[0][1]
        query = _any_field(lambda f: _term(f, word))
    return Query.boost_query(query, alt.weight) if alt.weight != 1.0 else query


def any_alternative(alternatives: Concept) -> Query:
    """Works matching any alternative of a concept; the best alternative's score counts."""
    if len(alternatives) == 1:
        return alternative_query(alternatives[0])
    return Query.disjunction_max_query([alternative_query(a) for a in alternatives])


def concept_query(alternatives: Concept) -> Query:
    """The query for one concept: the best of its alternatives counts; when it has
    expansions, a work matching it as typed (the first alternative) gets EXACT_BONUS on top,
    so no work found only through an expansion outranks it."""
    if len(alternatives) == 1:
        return alternative_query(alternatives[0])
    typed = Query.const_score_query(alternative_query(alternatives[0]), EXACT_BONUS)
    return Query.boolean_query(
        [(Occur.Should, any_alternative(alternatives)), (Occur.Should, typed)]
    )


#: The fields of running text, where words standing together mean more than words apart.
PROXIMITY_FIELDS = {name: FIELD_BOOSTS[name] for name in ("title", "abstract", "body")}


def proximity_queries(pairs) -> list[Query]:
    """Extra score for consecutive query words side by side, or near each other."""
    out = []
    for pair in pairs:
        terms: list[str | tuple[int, str]] = list(pair)
        for slop, boost in ((0, PHRASE_BOOST), (PROXIMITY_SLOP, PROXIMITY_BOOST)):
            near = _any_field(
                lambda f, t=terms, s=slop: Query.phrase_query(SCHEMA, f, t, s), PROXIMITY_FIELDS
            )
            out.append(Query.boost_query(near, boost))
    return out


def compile_query(
    parsed: ParsedQuery, *, filters: FilterSpec | None = None, broad: bool = False
) -> Compiled:
    """The tantivy query for ``parsed`` with ``filters`` applied.

    Strict: every concept (up to ALL_CONCEPTS_UP_TO), else MIN_SHARE of them. Broad: any
    concept, with the strict matches first (they get STRICT_BONUS on top).
    """
    concepts = plan(parsed)
    positive = [concept_query(c) for c in concepts.positive]
    clauses: list[tuple[Occur, Query]] = []
    strict: Query | None
    if len(positive) > 1:
        occur = Occur.Should if concepts.needed < len(positive) else Occur.Must
        if occur == Occur.Should:
            strict = Query.boolean_query([(occur, q) for q in positive], concepts.needed)
        else:
            strict = Query.boolean_query([(occur, q) for q in positive])
    else:
        strict = positive[0] if positive else None
    if strict is not None and broad and len(positive) > 1:
        clauses.append((Occur.Must, Query.boolean_query([(Occur.Should, q) for q in positive])))
        clauses.append((Occur.Should, Query.boost_query(strict, STRICT_BONUS)))
    elif strict is not None:
        clauses.append((Occur.Must, strict))
    if strict is not None:
        clauses += [(Occur.Should, q) for q in proximity_queries(concepts.pairs)]
    for alternatives in concepts.negative:
        clauses.append((Occur.MustNot, any_alternative(alternatives)))
    clauses += [(Occur.Must, Query.const_score_query(f, 0.0)) for f in filter_queries(filters)]
    if not any(occur == Occur.Must for occur, _ in clauses):
        clauses.append((Occur.Must, Query.all_query()))
    query = clauses[0][1] if len(clauses) == 1 else Query.boolean_query(clauses)
    return Compiled(query, concepts.highlight, len(positive))


def filter_queries(filters: FilterSpec | None) -> list[Query]:
    """Filter queries: values within one filter are alternatives, filters all apply."""
    if filters is None:
        return []
    out = []
    if filters.types:
        out.append(Query.term_set_query(SCHEMA, "type", list(filters.types)))
    if filters.languages:
        out.append(Query.term_set_query(SCHEMA, "language", list(filters.languages)))
    if filters.years:
        low, high = filters.years
        out.append(
            Query.range_query(
                SCHEMA,
                "year",
                tantivy.FieldType.Integer,
                low if low is not None else -(2**62),
                high if high is not None else 2**62,
            )
        )
    if filters.unit_ids is not None:
        out.append(Query.term_set_query(SCHEMA, "units", list(filters.unit_ids)))
    if filters.person_ids is not None:
        out.append(Query.term_set_query(SCHEMA, "persons", list(filters.person_ids)))
    for author in filters.authors:
        names = [t.text for t in tokenize(author, "query")]
        if names:
            out.append(Query.boolean_query([(Occur.Must, _term("authors", n)) for n in names]))
        else:
            out.append(Query.empty_query())
    return out
