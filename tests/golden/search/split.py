"""The development and evaluation halves of the judged queries, and nDCG@10 per class.

The split is by query id, stratified by class: within each class, in id order, the first,
third, fifth … query is development and the others evaluation. Ranking is tuned on the
development half only; the evaluation half is only scored.

``python -m tests.golden.search.split`` prints nDCG@10 per class on both halves and the gap
(it builds the golden index in a temporary directory, like the golden tests).
"""

from __future__ import annotations

import math
import sys
from collections import defaultdict

HALVES = ("dev", "eval")


def halves(queries: list[dict]) -> dict[str, list[dict]]:
    """{"dev": [...], "eval": [...]}: every other query of each class, in id order."""
    by_class: dict[str, list[dict]] = defaultdict(list)
    for query in queries:
        by_class[query["class"]].append(query)
    out: dict[str, list[dict]] = {"dev": [], "eval": []}
    for members in by_class.values():
        for index, query in enumerate(sorted(members, key=lambda q: q["id"])):
            out[HALVES[index % 2]].append(query)
    return out


def ndcg(ranked: list[str], grades: dict[str, int], k: int = 10) -> float:
    """Normalised discounted cumulative gain at k with graded relevance (2^g - 1 gains)."""

    def dcg(gains: list[int]) -> float:
        return sum((2**g - 1) / math.log2(i + 2) for i, g in enumerate(gains[:k]))

    ideal = dcg(sorted(grades.values(), reverse=True))
    return dcg([grades.get(doc, 0) for doc in ranked]) / ideal if ideal else 0.0


def ranking(golden_searcher, q: str, k: int = 10) -> list[str]:
    """The external ids (without ``gold-``) of the first ``k`` results for ``q``."""
    from zhiku.search.query import parse

    searcher, ids = golden_searcher
    found = searcher.search(parse(q), limit=k)
    return [ids[data["id"]] for data in searcher.payloads([ref for _, ref in found.hits])]


def scores(golden_searcher, queries: list[dict]) -> dict[str, float]:
    """nDCG@10 by query id."""
    return {q["id"]: ndcg(ranking(golden_searcher, q["q"]), q["grades"]) for q in queries}


def per_class(queries: list[dict], by_id: dict[str, float]) -> dict[str, float]:
    """Mean nDCG@10 per class (and "all")."""
    sums: dict[str, list[float]] = defaultdict(list)
    for query in queries:
        sums[query["class"]].append(by_id[query["id"]])
        sums["all"].append(by_id[query["id"]])
    return {name: sum(v) / len(v) for name, v in sums.items()}


def report(golden_searcher, queries: list[dict], verbose: bool = False) -> str:
    """A table of nDCG@10 per class on both halves and the gap (dev − eval)."""
    split = halves(queries)
    by_id = scores(golden_searcher, queries)
    tables = {half: per_class(split[half], by_id) for half in HALVES}
    classes = [*sorted({q["class"] for q in queries}), "all"]
    lines = [f"{'class':16} {'dev':>6} {'n':>3} {'eval':>6} {'n':>3} {'gap':>6}"]
    counts = {h: defaultdict(int) for h in HALVES}
    for half in HALVES:
        for query in split[half]:
            counts[half][query["class"]] += 1
            counts[half]["all"] += 1
    for name in classes:
        dev, ev = tables["dev"].get(name), tables["eval"].get(name)
        gap = f"{dev - ev:+.3f}" if dev is not None and ev is not None else ""
        lines.append(
            f"{name:16} {dev if dev is not None else float('nan'):6.3f} {counts['dev'][name]:3} "
            f"{ev if ev is not None else float('nan'):6.3f} {counts['eval'][name]:3} {gap:>6}"
        )
    if verbose:
        for query in sorted(queries, key=lambda q: by_id[q["id"]]):
            half = "dev " if query in split["dev"] else "eval"
            lines.append(f"  {by_id[query['id']]:.3f} {half} {query['id']} {query['q']}")
    return "\n".join(lines)


def main() -> None:  # pragma: no cover - a developer's tool
    import os
    import tempfile

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhiku.settings")
    import django

    django.setup()
    from tests.golden.search.conftest import build_searcher, golden_queries

    with tempfile.TemporaryDirectory() as tmp:
        searcher = build_searcher(tmp)
        print(report(searcher, golden_queries(), verbose="-v" in sys.argv))


if __name__ == "__main__":
    main()
