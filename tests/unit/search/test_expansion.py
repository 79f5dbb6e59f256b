"""The glossary as weighted query expansion: an exact match always outranks an expansion;
phrase and proximity boosts for multi-term queries; regional phrasing on both sides."""

from __future__ import annotations

import pytest

from zhiku.search import vocabulary
from zhiku.search.concepts import EXACT_BONUS, concepts, plan, tier
from zhiku.search.query import parse
from zhiku.search.vocabulary import GlossaryGroup, parse_glossary


def ids_of(searcher, found):
    return [data["id"] for data in searcher.payloads([ref for _, ref in found.hits])]


@pytest.fixture
def glossary():
    """Use a given glossary for one test."""

    def use(text: str) -> None:
        vocabulary.set_glossary(parse_glossary(text))

    yield use
    vocabulary.set_glossary(None)


def test_the_glossary_file_format():
    groups = parse_glossary(
        '# c\n网络 | 赛博 | cyber\n[0.3] 网络安全 | "information security"\nx\n'
    )
    assert groups == (
        GlossaryGroup(("网络", "赛博", "cyber"), 0.5),
        GlossaryGroup(("网络安全", '"information security"'), 0.3),
    )


def test_the_shipped_glossary_names_the_issues_examples():
    variants = {v.strip('"').lower() for g in vocabulary.shipped_glossary() for v in g.variants}
    for term in ("cyber", "赛博", "bri", "belt and road", "asean", "ai", "climate change"):
        assert term in variants


def test_expansions_weigh_less_than_the_typed_word(glossary):
    glossary("[0.3] 芯片 | 半导体\n芯片 | chip")
    (concept,) = concepts("芯片")
    assert concept[0].terms == ((0, "芯片"),) and concept[0].weight == 1.0
    weights = {a.terms[0][1]: a.weight for a in concept[1:]}
    assert weights == {"半导体": 0.3, "chip": 0.5}


def test_a_term_in_several_groups_gets_all_their_variants(glossary):
    glossary("网络安全 | cybersecurity\n[0.3] 网络安全 | 信息安全")
    (concept,) = concepts("网络安全")
    assert {a.terms[0][1] for a in concept} == {"网络安全", "cybersecur", "信息安全"}


# A work that says the typed word once, in its body, against works that are full of its
# expansions, in title, keywords and abstract: the typed word wins every time.
DROWNING = [
    {"title": "能源市场观察", "body": ["文中一处提到赛博。"]},
    {
        "title": "网络 网络 网络",
        "keywords": ["网络", "cyber"],
        "abstract": "网络 cyber 网络 cyber 网络",
        "body": ["网络" * 20],
    },
    {
        "title": "Cyber cyber cyber",
        "language": "en",
        "keywords": ["cyber"],
        "body": ["cyber " * 30],
    },
]


@pytest.mark.parametrize("q", ["赛博", "網路", "cyber"])
def test_expansions_never_drown_exact_matches(build_index, glossary, q):
    glossary("网络 | 赛博 | cyber")
    searcher = build_index(DROWNING)
    found = searcher.search(parse(q), limit=10)
    ranked = ids_of(searcher, found)
    assert sorted(ranked) == [1, 2, 3]  # the expansions do find the others
    exact = {"赛博": {1}, "網路": {2}, "cyber": {2, 3}}[q]  # 網路 is 网络; 2 also says cyber
    assert set(ranked[: len(exact)]) == exact


def test_exact_matches_first_across_random_collections(build_index, glossary):
    """Whatever the expansions' term frequencies and fields, typed-word works come first."""
    import random

    glossary('一带一路 | bri | "belt and road"')
    rng = random.Random(16)
    records, exact = [], set()
    for number in range(1, 41):
        fields = {"title": "报告", "body": []}
        if rng.random() < 0.3:
            fields["body"].append("本文涉及一带一路。")
            exact.add(number)
        for _ in range(rng.randint(0, 8)):
            target = rng.choice(["title", "body", "abstract", "keywords"])
            text = rng.choice(["BRI", "Belt and Road"])
            if target == "body":
                fields["body"].append(text)
            elif target == "keywords":
                fields.setdefault("keywords", []).append(text)
            else:
                fields[target] = f"{fields.get(target, '')} {text}"
        records.append(fields)
    searcher = build_index(records)
    ranked = ids_of(searcher, searcher.search(parse("一带一路"), limit=40))
    assert set(ranked[: len(exact)]) == exact


def test_scores_are_reported_without_the_exact_bonus(build_index, glossary):
    glossary("网络 | 赛博 | cyber")
    searcher = build_index(DROWNING)
    found = searcher.search(parse("赛博"), limit=10)
    assert all(score < EXACT_BONUS for score, _ in found.hits)
    assert tier(2 * EXACT_BONUS + 1.5) == (2, 1.5)


def test_consecutive_query_words_become_proximity_pairs():
    assert plan(parse("软件 供应链 安全")).pairs == [
        ((0, "软件"), (1, "供应链")),
        ((0, "供应链"), (2, "安全")),  # 供应链 is indexed with its part 供应: two positions
    ]
    assert plan(parse('软件 "供应链 安全" 产业')).pairs == []  # a phrase breaks the run


def test_words_side_by_side_outrank_the_same_words_apart(build_index):
    searcher = build_index(
        [
            {"title": "综述", "body": ["安全与供应链问题之外，还有软件产业的发展。"]},
            {"title": "综述", "body": ["软件供应链安全是本文的主题。"]},
            {"title": "综述", "body": ["供应链、产业政策与安全，以及软件。"]},
        ]
    )
    ranked = ids_of(searcher, searcher.search(parse("软件 供应链 安全"), limit=3))
    assert ranked[0] == 2


def test_traditional_taiwan_phrasing_finds_mainland_text(build_index):
    searcher = build_index(
        [
            {"title": "软件产业与网络安全人才", "body": ["东盟国家的程序设计教育。"]},
            {"title": "能源转型", "body": ["建立新的电力市场。"]},
        ]
    )
    for q in ("軟體", "資安", "東協", "程式設計", "網路安全"):
        assert ids_of(searcher, searcher.search(parse(q), limit=5)) == [1], q
