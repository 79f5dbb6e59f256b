"""From a ParsedQuery to *concepts*, the engine-free half of compiling a query (no Django).

A text item is analysed into concepts: a query word, or a run of words that a synonym group
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

import math
from dataclasses import dataclass
from functools import lru_cache

from zhiku.search.analysis import phrase_terms, tokenize
from zhiku.search.query import Item, ParsedQuery, Phrase, Text
from zhiku.search.vocabulary import QUERY_STOPWORDS, synonym_groups

#: Up to this many concepts a query needs them all; beyond, MIN_SHARE of them.
ALL_CONCEPTS_UP_TO = 4
MIN_SHARE = 0.6
#: A query of several concepts finding fewer works than this is broadened.
BROADEN_BELOW = 3
#: Extra weight of works matching the strict query when a query is broadened.
STRICT_BONUS = 4.0
#: Only the first concepts of a very long query are used.
MAX_CONCEPTS = 24
#: Weight of a synonym against the words the reader typed.
SYNONYM_WEIGHT = 0.5
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


@dataclass
class Plan:
    """A query as concepts: the positive ones (at most MAX_CONCEPTS), the excluded ones, and
    what a snippet should mark."""

    positive: list[Concept]
    negative: list[Concept]
    highlight: Highlight

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
    return Plan(positive[:MAX_CONCEPTS], negative, highlight)


def searchable(parsed: ParsedQuery) -> bool:
    """Whether any of the query's items yields a word (not only symbols or emoji)."""
    return any(item_concepts(item) for item in joined(parsed.must))
