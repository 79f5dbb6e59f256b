"""From a ParsedQuery to *concepts*, the engine-free half of compiling a query (no Django).

A text item is analysed into concepts: a query word, or a run of words that a glossary group
names (中国和美国 → {中美, 中国+美国, "us-china" …}). Each concept is a list of
*alternatives* (a word, all of several words, a phrase), the typed form first; a backend turns
each concept into one query over every text field (the best field counts, FIELD_BOOSTS weigh
them). A Han word is one term: texts index it whole and by its parts, so 美洲 finds 中美洲 but
中美 does not (its parts are 中 + 美洲).

Short queries need every concept; longer ones (natural questions) need most of them, and a
query that finds (almost) nothing is broadened to "any concept" (``relaxed``). Those numbers
are here, so every backend applies the same policy.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass, field
from functools import lru_cache

from zhiku.search.analysis import phrase_terms, tokenize, width
from zhiku.search.query import Item, ParsedQuery, Phrase, Text
from zhiku.search.vocabulary import QUERY_STOPWORDS, GlossaryGroup, glossary

#: Up to this many concepts a query needs them all; beyond, MIN_SHARE of them.
ALL_CONCEPTS_UP_TO = 4
MIN_SHARE = 0.6
#: A query of several concepts finding fewer works than this is broadened.
BROADEN_BELOW = 3
#: Extra weight of works matching the strict query when a query is broadened.
STRICT_BONUS = 4.0
#: Only the first concepts of a very long query are used.
MAX_CONCEPTS = 24
#: Added once for each concept with expansions (glossary variants) that a work matches as
#: typed: far above any BM25 score, so a work matching the query as typed always ranks above
#: one found only through an expansion, whatever the expansion scores (see ``tier``).
EXACT_BONUS = 10_000.0
#: Boosts of two consecutive query words found side by side (a phrase), or within
#: PROXIMITY_SLOP positions of each other, in one field.
PHRASE_BOOST = 1.0
PROXIMITY_BOOST = 0.5
PROXIMITY_SLOP = 6
#: Consecutive pairs looked at, from the start of a long query (each costs phrase queries).
MAX_PROXIMITY_PAIRS = 4
#: The longest synonym variant, in words.
MAX_SYNONYM_WORDS = 6


@dataclass(frozen=True)
class Highlight:
    """What to mark: single terms anywhere, and phrases only where their words stand in
    order (as (position, term) pairs of the index stream), so the 安全 of a synonym phrase
    网路安全 is not marked on its own."""

    terms: frozenset[str] = frozenset()
    phrases: tuple[tuple[tuple[int, str], ...], ...] = ()

    def __bool__(self) -> bool:
        return bool(self.terms or self.phrases)

    def leads(self) -> set[str]:
        """Terms that start a match (for finding candidate passages)."""
        return set(self.terms) | {phrase[0][1] for phrase in self.phrases}


@dataclass(frozen=True)
class Alternative:
    """One way to satisfy a concept: a word, all of several words, or a phrase."""

    kind: str  # "word" | "all" | "phrase"
    terms: tuple[tuple[int, str], ...]
    weight: float = 1.0


Concept = list[Alternative]


def words(text: str) -> list[str]:
    """The query words of ``text`` without stop words (all of them if only stop words)."""
    found = [t.text for t in tokenize(text, "query")]
    kept = [w for w in found if w not in QUERY_STOPWORDS]
    return kept or found


def _synonyms() -> dict[tuple[str, ...], tuple[Alternative, ...]]:
    """Glossary variants by the words that name them (for the glossary in use)."""
    return _synonym_table(glossary())


@lru_cache(maxsize=4)
def _synonym_table(
    groups: tuple[GlossaryGroup, ...],
) -> dict[tuple[str, ...], tuple[Alternative, ...]]:
    """Variants by the words that name them, each weighed by its group. A term in several
    groups (网络安全: its equivalents and the looser 信息安全) gets all their variants, each
    at the highest weight it has."""
    table: dict[tuple[str, ...], dict[tuple, Alternative]] = {}
    for group in groups:
        alternatives, keys = [], []
        for variant in group.variants:
            quoted = variant.startswith('"') and variant.endswith('"')
            text = variant.strip('"')
            key = tuple(words(text))
            if not key:
                continue
            keys.append(key)
            if quoted and len(key) > 1:
                alt = Alternative("phrase", tuple(phrase_terms(text)), group.weight)
            elif len(key) > 1:
                alt = Alternative("all", tuple(enumerate(key)), group.weight)
            else:
                alt = Alternative("word", ((0, key[0]),), group.weight)
            alternatives.append(alt)
        for key in keys:
            known = table.setdefault(key, {})
            for alt in alternatives:
                ident = (alt.kind, alt.terms)
                if ident not in known or known[ident].weight < alt.weight:
                    known[ident] = alt
    return {key: tuple(found.values()) for key, found in table.items()}


def concepts(text: str) -> list[Concept]:
    """The concepts of a text item, each a list of alternatives (the typed form first)."""
    found = words(text)
    table = _synonyms()
    result: list[Concept] = []
    index = 0
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
                    Alternative(a.kind, a.terms, a.weight / len(a.terms))
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


def item_concepts(item: Item) -> list[Concept]:
    """The concepts of one parsed item (an OR item is one concept of its items)."""
    if isinstance(item, Phrase):
        terms = tuple(phrase_terms(item.text))
        if not terms:
            return []
        kind = "phrase" if len(terms) > 1 else "word"
        return [[Alternative(kind, terms)]]
    if isinstance(item, Text):
        return concepts(item.text)
    alternatives: Concept = []
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
    terms: set[str] = set()
    phrases = []
    for alt in alternatives:
        if alt.kind == "phrase" and len(alt.terms) > 1:
            first = alt.terms[0][0]
            phrases.append(tuple((position - first, term) for position, term in alt.terms))
        else:
            terms.update(term for _, term in alt.terms)
    return Highlight(frozenset(terms - QUERY_STOPWORDS), tuple(phrases))


def tier(score: float) -> tuple[int, float]:
    """(concepts matched as typed, the rest of the score) of a score with EXACT_BONUS in it."""
    exact = int(score // EXACT_BONUS)
    return exact, score - exact * EXACT_BONUS


@dataclass
class Plan:
    """A query as concepts: the positive ones (at most MAX_CONCEPTS), the excluded ones, what
    a snippet should mark, and the pairs of consecutive typed words that score more when
    they stand together (each two (position, term) pairs, as for a phrase)."""

    positive: list[Concept]
    negative: list[Concept]
    highlight: Highlight
    pairs: list[tuple[tuple[int, str], tuple[int, str]]] = field(default_factory=list)

    @property
    def needed(self) -> int:
        """How many positive concepts a strict match needs."""
        count = len(self.positive)
        return math.ceil(count * MIN_SHARE) if count > ALL_CONCEPTS_UP_TO else count


def plan(parsed: ParsedQuery) -> Plan:
    """The concepts of ``parsed``, in the order a backend should combine them."""
    highlight = Highlight()
    positive: list[Concept] = []
    for item in joined(parsed.must):
        for alternatives in item_concepts(item):
            positive.append(alternatives)
            more = highlight_terms(alternatives)
            highlight = Highlight(highlight.terms | more.terms, highlight.phrases + more.phrases)
    negative = [c for item in parsed.must_not for c in item_concepts(item)]
    positive = positive[:MAX_CONCEPTS]
    return Plan(positive, negative, highlight, proximity_pairs(positive))


def proximity_pairs(positive: list[Concept]) -> list[tuple[tuple[int, str], tuple[int, str]]]:
    """Consecutive words as typed (one-word concepts and the words of a conjunction, in
    order: 软件 供应链 安全, 中美 网络安全) as two-word phrases; a phrase breaks the run."""
    typed: list[str | None] = []
    for concept in positive:
        first = concept[0]
        if first.kind == "phrase":
            typed.append(None)
        else:
            typed += [term for _, term in first.terms]
    pairs = []
    for left, right in itertools.pairwise(typed):
        if left and right and left != right:
            pairs.append(((0, left), (width(left), right)))
        if len(pairs) >= MAX_PROXIMITY_PAIRS:
            break
    return pairs


def searchable(parsed: ParsedQuery) -> bool:
    """Whether any of the query's items yields a word (not only symbols or emoji)."""
    return any(item_concepts(item) for item in joined(parsed.must))
