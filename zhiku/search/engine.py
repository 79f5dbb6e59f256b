"""Compiling a ParsedQuery into tantivy query objects (never tantivy's query syntax).

A text item is analysed into *concepts*: a query word, or a run of words that a synonym group
names (中国和美国 → {中美, 中国+美国, "us-china" …}). Each concept matches in any field
(the best field counts, FIELD_BOOSTS weigh them). A Han word is one term: texts index it
whole and by its parts, so 美洲 finds 中美洲 but 中美 does not (its parts are 中 + 美洲).

Short queries need every concept; longer ones (natural questions) need most of them, and the
a query that finds (almost) nothing is broadened to "any concept" (``relaxed``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from functools import lru_cache

import tantivy
from tantivy import Occur, Query

from zhiku.search.analysis import phrase_terms, tokenize
from zhiku.search.index import SCHEMA
from zhiku.search.query import AnyOf, Item, ParsedQuery, Phrase, Text
from zhiku.search.snippets import Highlight
from zhiku.search.vocabulary import (
    FIELD_BOOSTS,
    FIELD_TIE_BREAKER,
    QUERY_STOPWORDS,
    synonym_groups,
)

#: Up to this many concepts a query needs them all; beyond, MIN_SHARE of them.
ALL_CONCEPTS_UP_TO = 4
MIN_SHARE = 0.6
#: A query of several concepts finding fewer works than this is broadened.
BROADEN_BELOW = 3
#: Extra weight of works matching the strict query when a query is broadened.
STRICT_BONUS = 4.0
#: Hits beyond the page among which the recency factor (at most ×1.05) may reorder; a work
#: further down would need a BM25 score within 5 % of the page's last to move up anyway.
RECENCY_WINDOW = 50
#: Only the first concepts of a very long query are used.
MAX_CONCEPTS = 24
#: Weight of a synonym against the words the reader typed.
SYNONYM_WEIGHT = 0.5
#: The longest synonym variant, in words.
MAX_SYNONYM_WORDS = 6


@dataclass(frozen=True)
class Alternative:
    """One way to satisfy a concept: a word, all of several words, or a phrase."""

    kind: str  # "word" | "all" | "phrase"
    terms: tuple[tuple[int, str], ...]
    weight: float = 1.0


@dataclass
class Found:
    """A page of hits ((score, address) pairs), the total, and whether the query was relaxed."""

    hits: list[tuple[float, tantivy.DocAddress]]
    total: int
    compiled: Compiled
    relaxed: bool = False


@dataclass
class Compiled:
    """A tantivy query and what a snippet should mark."""

    query: Query
    highlight: Highlight = field(default_factory=Highlight)
    concepts: int = 0


def _term(name: str, text: str) -> Query:
    return Query.term_query(SCHEMA, name, text)


def _word_in(name: str, word: str) -> Query:
    # One term, even for a compound: texts index the word itself before its parts.
    return _term(name, word)


def _any_field(build, fields: dict[str, float] = FIELD_BOOSTS) -> Query:
    queries = [Query.boost_query(build(name), boost) for name, boost in fields.items()]
    return Query.disjunction_max_query(queries, tie_breaker=FIELD_TIE_BREAKER)


def alternative_query(alt: Alternative) -> Query:
    """The tantivy query for one alternative, over every text field."""
    if alt.kind == "all":
        query = Query.boolean_query(
            [(Occur.Must, _any_field(lambda f, w=w: _word_in(f, w))) for _, w in alt.terms]
        )
    elif alt.kind == "phrase" and len(alt.terms) > 1:
        terms = list(alt.terms)
        query = _any_field(lambda f: Query.phrase_query(SCHEMA, f, terms))
    else:
        word = alt.terms[0][1]
        query = _any_field(lambda f: _word_in(f, word))
    return Query.boost_query(query, alt.weight) if alt.weight != 1.0 else query


def concept_query(alternatives: list[Alternative]) -> Query:
    """The query for one concept: the best of its alternatives counts."""
    if len(alternatives) == 1:
        return alternative_query(alternatives[0])
    return Query.disjunction_max_query([alternative_query(a) for a in alternatives])


def words(text: str) -> list[str]:
    """The query words of ``text`` without stop words (all of them if only stop words)."""
    found = [t.text for t in tokenize(text, "query")]
    kept = [w for w in found if w not in QUERY_STOPWORDS]
    return kept or found


@lru_cache(maxsize=1)
def _synonyms() -> dict[tuple[str, ...], tuple[Alternative, ...]]:
    """Synonym variants by the words that name them."""
    table: dict[tuple[str, ...], tuple[Alternative, ...]] = {}
    for group in synonym_groups():
        alternatives, keys = [], []
        for variant in group:
            quoted = variant.startswith('"') and variant.endswith('"')
            text = variant.strip('"')
            key = tuple(words(text))
            if not key:
                continue
            keys.append(key)
            if quoted and len(key) > 1:
                alternatives.append(Alternative("phrase", tuple(phrase_terms(text))))
            elif len(key) > 1:
                alternatives.append(Alternative("all", tuple(enumerate(key))))
            else:
                alternatives.append(Alternative("word", ((0, key[0]),)))
        for key in keys:
            table[key] = tuple(alternatives)
    return table


def concepts(text: str) -> list[list[Alternative]]:
    """The concepts of a text item, each a list of alternatives (the typed form first)."""
    found = words(text)
    table = _synonyms()
    result, index = [], 0
    while index < len(found):
        for size in range(min(MAX_SYNONYM_WORDS, len(found) - index), 0, -1):
            key = tuple(found[index : index + size])
            if key in table:
                typed = (
                    Alternative("word", ((0, key[0]),))
                    if size == 1
                    else Alternative("all", tuple(enumerate(key)))
                )
                # A phrase or conjunction scores the sum of its words: weigh it per word.
                others = [
                    Alternative(a.kind, a.terms, SYNONYM_WEIGHT / len(a.terms))
                    for a in table[key]
                    if a.terms != typed.terms
                ]
                result.append([typed, *others])
                index += size
                break
        else:
            result.append([Alternative("word", ((0, found[index]),))])
            index += 1
    return result


def item_concepts(item: Text | Phrase | AnyOf) -> list[list[Alternative]]:
    """The concepts of one parsed item (an OR item is one concept of its items)."""
    if isinstance(item, Phrase):
        terms = tuple(phrase_terms(item.text))
        if not terms:
            return []
        kind = "phrase" if len(terms) > 1 else "word"
        return [[Alternative(kind, terms)]]
    if isinstance(item, Text):
        return concepts(item.text)
    alternatives = []
    for member in item.items:
        member_concepts = item_concepts(member)
        if len(member_concepts) == 1:
            alternatives += member_concepts[0]
        elif member_concepts:
            flat = tuple((i, a.terms[0][1]) for i, c in enumerate(member_concepts) for a in c[:1])
            alternatives.append(Alternative("all", flat))
    return [alternatives] if alternatives else []


def joined(items: list[Item]) -> list[Item]:
    """Items with consecutive words joined into one text, so that a synonym or a stop word
    is seen in context (Belt and Road, 中国 和 美国)."""
    out: list[Item] = []
    for item in items:
        if isinstance(item, Text) and out and isinstance(out[-1], Text):
            out[-1] = Text(f"{out[-1].text} {item.text}")
        else:
            out.append(item)
    return out


def highlight_terms(alternatives: list[Alternative]) -> Highlight:
    """What a snippet should mark for these alternatives: words, and phrases as phrases."""
    terms, phrases = set(), []
    for alt in alternatives:
        if alt.kind == "phrase" and len(alt.terms) > 1:
            first = alt.terms[0][0]
            phrases.append(tuple((position - first, term) for position, term in alt.terms))
        else:
            terms.update(term for _, term in alt.terms)
    return Highlight(frozenset(terms - QUERY_STOPWORDS), tuple(phrases))


def compile_query(
    parsed: ParsedQuery,
    *,
    filters: list[Query] = (),  # type: ignore[assignment]
    broad: bool = False,
) -> Compiled:
    """The tantivy query for ``parsed`` with ``filters`` (already compiled) applied.

    Strict: every concept (up to ALL_CONCEPTS_UP_TO), else MIN_SHARE of them. Broad: any
    concept, with the strict matches first (they get STRICT_BONUS on top).
    """
    highlight = Highlight()
    positive: list[Query] = []
    for item in joined(parsed.must):
        for alternatives in item_concepts(item):
            positive.append(concept_query(alternatives))
            more = highlight_terms(alternatives)
            highlight = Highlight(highlight.terms | more.terms, highlight.phrases + more.phrases)
    positive = positive[:MAX_CONCEPTS]
    clauses: list[tuple[Occur, Query]] = []
    if len(positive) > ALL_CONCEPTS_UP_TO:
        needed = math.ceil(len(positive) * MIN_SHARE)
        strict = Query.boolean_query([(Occur.Should, q) for q in positive], needed)
    elif len(positive) > 1:
        strict = Query.boolean_query([(Occur.Must, q) for q in positive])
    else:
        strict = positive[0] if positive else None
    if strict is not None and broad and len(positive) > 1:
        clauses.append((Occur.Must, Query.boolean_query([(Occur.Should, q) for q in positive])))
        clauses.append((Occur.Should, Query.boost_query(strict, STRICT_BONUS)))
    elif strict is not None:
        clauses.append((Occur.Must, strict))
    for item in parsed.must_not:
        for alternatives in item_concepts(item):
            clauses.append((Occur.MustNot, concept_query(alternatives)))
    clauses += [(Occur.Must, Query.const_score_query(f, 0.0)) for f in filters]
    if not any(occur == Occur.Must for occur, _ in clauses):
        clauses.append((Occur.Must, Query.all_query()))
    query = clauses[0][1] if len(clauses) == 1 else Query.boolean_query(clauses)
    return Compiled(query, highlight, len(positive))


def filter_queries(
    *,
    types: list[str] = (),  # type: ignore[assignment]
    languages: list[str] = (),  # type: ignore[assignment]
    years: tuple[int | None, int | None] | None = None,
    unit_ids: list[int] | None = None,
    person_ids: list[int] | None = None,
    authors: list[str] = (),  # type: ignore[assignment]
) -> list[Query]:
    """Filter queries: values within one filter are alternatives, filters all apply."""
    out = []
    if types:
        out.append(Query.term_set_query(SCHEMA, "type", list(types)))
    if languages:
        out.append(Query.term_set_query(SCHEMA, "language", list(languages)))
    if years:
        low, high = years
        out.append(
            Query.range_query(
                SCHEMA,
                "year",
                tantivy.FieldType.Integer,
                low if low is not None else -(2**62),
                high if high is not None else 2**62,
            )
        )
    if unit_ids is not None:
        out.append(Query.term_set_query(SCHEMA, "units", list(unit_ids)))
    if person_ids is not None:
        out.append(Query.term_set_query(SCHEMA, "persons", list(person_ids)))
    for author in authors:
        names = [t.text for t in tokenize(author, "query")]
        if names:
            out.append(Query.boolean_query([(Occur.Must, _word_in("authors", n)) for n in names]))
        else:
            out.append(Query.empty_query())
    return out


def execute(
    searcher: tantivy.Searcher,
    parsed: ParsedQuery,
    *,
    filters: list[Query] = (),  # type: ignore[assignment]
    sort: str = "relevance",
    offset: int = 0,
    limit: int = 10,
) -> Found:
    """Run ``parsed``: by relevance (BM25 × a mild recency factor) or newest first; a query
    of several concepts that finds fewer than BROADEN_BELOW works is run again broad (any
    concept; the strict matches still first)."""
    compiled = compile_query(parsed, filters=filters)
    found = _run(searcher, compiled, sort, offset, limit)
    if found.total < BROADEN_BELOW and compiled.concepts > 1:
        broad = compile_query(parsed, filters=filters, broad=True)
        wider = _run(searcher, broad, sort, offset, limit)
        if wider.total > found.total:
            wider.relaxed = True
            return wider
    return found


def _run(searcher, compiled: Compiled, sort: str, offset: int, limit: int) -> Found:
    if sort == "date":
        result = searcher.search(
            compiled.query, limit, count=True, order_by_field="date", offset=offset
        )
        return Found(list(result.hits), result.count or 0, compiled)
    # BM25 for a window beyond the page, then the recency factor within it: tantivy's own
    # weight_by_field scores every match twice as slowly (3.2 against 6.2 ms at 100k works).
    window = offset + limit + RECENCY_WINDOW
    result = searcher.search(compiled.query, window, count=True)
    hits = list(result.hits)
    if hits:
        factors = searcher.fast_field_values("recency", [address for _, address in hits])
        weighted = [
            (score * math.log2(2 + (factor or 0.0)), address)
            for (score, address), factor in zip(hits, factors, strict=True)
        ]
        hits = sorted(weighted, key=lambda hit: -hit[0])
    return Found(hits[offset : offset + limit], result.count or 0, compiled)
