"""Search quality on the judged collection: nDCG@10 against a floor that may only rise."""

from __future__ import annotations

import json
import math

import pytest

from tests.golden.search.conftest import HERE, golden_queries
from tests.golden.search.split import halves, ndcg, ranking, scores

FLOOR_FILE = HERE / "floor.json"
#: The floor is a ratchet: a score this much above it means the floor must be raised.
RATCHET_SLACK = 0.01


@pytest.mark.parametrize(
    ("ranked", "grades", "expected"),
    [
        (["a", "b"], {"a": 3, "b": 1}, 1.0),
        (["b", "a"], {"a": 3, "b": 1}, (1 + 7 / math.log2(3)) / (7 + 1 / math.log2(3))),
        (["x"], {"a": 3}, 0.0),
    ],
)
def test_ndcg_table(ranked, grades, expected):
    assert ndcg(ranked, grades) == pytest.approx(expected)


#: The queries judged before issue 16 grew the collection (floor 0.961 on the 71 works of then;
#: the 20 works added compete with them, and were judged for them too).
ORIGINAL = {f"q{n:02d}" for n in range(1, 40)}


def test_ndcg_at_10_stays_above_the_floor(golden_searcher):
    """Each floor (whole collection, each half, the original 39 queries) may only rise."""
    queries = golden_queries()
    by_id = scores(golden_searcher, queries)
    split = halves(queries)
    sets = {
        "ndcg@10": [q["id"] for q in queries],
        "dev": [q["id"] for q in split["dev"]],
        "eval": [q["id"] for q in split["eval"]],
        "original": sorted(ORIGINAL),
    }
    floors = json.loads(FLOOR_FILE.read_text())
    text = {q["id"]: q["q"] for q in queries}
    ranked = sorted(by_id.items(), key=lambda x: x[1])
    report = "\n".join(f"  {v:.3f}  {i} {text[i]}" for i, v in ranked)
    for name, ids in sets.items():
        mean = sum(by_id[i] for i in ids) / len(ids)
        floor = floors[name]
        assert mean >= floor, f"{name}: nDCG@10 {mean:.4f} fell below the floor {floor}:\n{report}"
        raised = math.floor(mean * 1000) / 1000
        assert mean <= floor + RATCHET_SLACK, (
            f"{name}: nDCG@10 rose to {mean:.4f}: raise floor.json to {raised}"
        )


def test_the_split_is_stratified_and_disjoint():
    queries = golden_queries()
    split = halves(queries)
    dev, ev = {q["id"] for q in split["dev"]}, {q["id"] for q in split["eval"]}
    assert not dev & ev and len(dev | ev) == len(queries) == len({q["id"] for q in queries})
    for name in {q["class"] for q in queries}:
        members = [q for q in queries if q["class"] == name]
        in_dev = sum(q["id"] in dev for q in members)
        assert in_dev - (len(members) - in_dev) in (0, 1), name


def test_the_collection_covers_what_the_issue_asks_for():
    queries = golden_queries()
    works = (HERE / "works.jsonl").read_text().splitlines()
    assert len(works) >= 60 and len(queries) >= 30
    assert len(queries) >= 69  # issue 16: at least 30 more than the 39 judged before
    cases = " ".join(q["case"] for q in queries)
    for needed in ("Traditional", "pinyin", "trap", "synonym", "long natural question", "acronym"):
        assert needed in cases


@pytest.mark.parametrize(
    ("q", "not_in_top", "top"),
    [
        ("中美", {"b1", "b2", "b5"}, 5),  # 中美洲 is Central America, not China-US
        ("美洲", {"c1", "c2", "c3", "c4", "a4"}, 5),  # 美国 texts do not mention 美洲
        ("中美洲", {"a1", "a2", "a7", "d6"}, 5),
        ("美国", {"b3", "b4"}, 5),
    ],
)
def test_traps(golden_searcher, q, not_in_top, top):
    assert not set(ranking(golden_searcher, q, top)) & not_in_top


@pytest.mark.parametrize(
    ("q", "first"),
    [
        ("網絡安全", {"d2", "d3", "d6", "d8"}),  # d8's Taiwan 網路安全 is the same word (issue 16)
        ("Belt and Road", {"e1", "e3"}),
        ("linxiaochuan", {"a1", "a4", "a7", "c2", "d1", "d5", "d6", "i9"}),
        ("CBMs", {"d4", "d5"}),
        ("G20", {"g1", "g2"}),
        ('"数字丝绸之路"', {"e6"}),
    ],
)
def test_first_result(golden_searcher, q, first):
    assert ranking(golden_searcher, q, 1)[0] in first
