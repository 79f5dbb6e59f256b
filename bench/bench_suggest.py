"""Suggestions (search-as-you-type): build time, file size and lookup latency of the
suggestion table (``zhiku.search.suggest``) at 100k and 1M works.

``python -m bench suggest`` (``--quick``: 2k). The entries are those the catalog would give
for the synthetic corpus (``bench.corpus``): its people (Chinese names, pinyin, initials),
units, the shipped glossary terms and every title. Lookups go through ``Suggestions.lookup``
(what ``GET /api/v1/suggest`` calls) with typed prefixes of 1-6 characters of titles, names,
pinyin and initials, in a fresh process that opens the memory-mapped file (first lookups cold).
"""

from __future__ import annotations

import json
import os
import random
import resource
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
CACHE = HERE.parent / "var" / "bench"
LOOKUPS = 3000


def entries(works: int):
    from bench.corpus import UNITS, generate
    from zhiku.search.suggest import Entry, person_keys, term_keys, title_keys, unit_keys
    from zhiku.search.suggest_build import synonym_terms

    people: dict[str, int] = {}
    units: set[str] = set()
    titles = []
    for number, record in enumerate(generate(works)):
        titles.append((number, record["title"]))
        for name in record["authors"]:
            people[name] = people.get(name, 0) + 1
        units.update(record["units"])
    for name, count in people.items():
        yield Entry("person", name, f"/experts/{name}/", "", count), person_keys(name, "")
    for unit in sorted(units | {u for chain in UNITS for u in chain}):
        yield Entry("unit", unit, f"/units/{unit}/", "", 1), unit_keys(unit, "")
    for term, detail in synonym_terms():
        yield Entry("term", term, f"/search/?q={term}", detail), term_keys(term)
    for number, title in titles:
        yield Entry("work", title, f"/works/{number}/", "", -number), title_keys(title)


def typed_prefixes(path: Path, count: int) -> list[str]:
    """What readers type: starts of titles, names, their pinyin and initials, 1-6 chars."""
    from zhiku.search.suggest import Suggestions, han_keys

    table = Suggestions(path)
    rng = random.Random(7)
    labels = []
    for _ in range(count):
        number = rng.randrange(table.header["entries"])
        labels.append(table.entry(number))
    prefixes = []
    for entry in labels:
        forms = [entry.label]
        if entry.kind == "person":
            forms += han_keys(entry.label)
        form = rng.choice(forms)
        prefixes.append(form[: rng.randint(1, 6)])
    table.close()
    return prefixes


def build(works: int) -> dict:
    from zhiku.search.suggest_build import build_file

    path = CACHE / f"suggest-{works}" / "suggest.bin"
    started = time.perf_counter()
    header = build_file(path, entries(works))
    return {
        "path": str(path),
        "seconds": round(time.perf_counter() - started, 1),
        "bytes": path.stat().st_size,
        "entries": header["entries"],
        "keys": header["keys"],
        "hot": len(header["hot"]),
        "build_rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024,
    }


def measure(path: Path) -> dict:
    prefixes = typed_prefixes(path, LOOKUPS)
    from zhiku.search.suggest import Suggestions, fold

    fold("網")  # a web worker has OpenCC loaded already (the search path uses it)

    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    table = Suggestions(path)
    open_ms = (time.perf_counter() - started) * 1000
    times = []
    for prefix in prefixes:
        started = time.perf_counter()
        table.lookup(prefix, 10)
        times.append((time.perf_counter() - started) * 1000)
    cold = times[:50]  # the first lookups touch pages of the map not read yet
    times.sort()

    def pct(p: float) -> float:
        return round(times[min(len(times) - 1, int(len(times) * p))], 3)

    return {
        "open_ms": round(open_ms, 2),
        "p50": pct(0.50),
        "p95": pct(0.95),
        "p99": pct(0.99),
        "max": round(times[-1], 3),
        "cold_max": round(max(cold), 3),
        "rss_added_mib": (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) // 1024,
    }


def child(phase: str, works: int, path: str = "") -> dict:
    env = dict(os.environ, DJANGO_SETTINGS_MODULE="zhiku.settings")
    command = [sys.executable, "-m", "bench.bench_suggest", phase, str(works), path]
    output = subprocess.run(
        command, env=env, check=True, capture_output=True, text=True, cwd=HERE.parent
    )
    return json.loads(output.stdout.strip().splitlines()[-1])


def run(quick: bool = False) -> str:
    sizes = [2_000] if quick else [100_000, 1_000_000]
    rows = []
    for works in sizes:
        built = child("build", works)
        measured = child("measure", works, built["path"])
        rows.append((works, built, measured))
        print(works, built, measured, file=sys.stderr)
    lines = [
        "## Suggestions (search-as-you-type)",
        "",
        "`python -m bench suggest`: the suggestion table of the synthetic corpus (people,",
        "units, glossary terms, every title), "
        f"{LOOKUPS} lookups of typed prefixes (1-6 characters of titles, names, pinyin and",
        "initials) in a fresh process on the memory-mapped file; latency in milliseconds.",
        "",
        "| works | entries | keys | file | build (incl. corpus generation) | hot prefixes | open"
        " | p50 | p95 | p99 | max | first 50 max | RSS added |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for works, b, m in rows:
        lines.append(
            f"| {works:,} | {b['entries']:,} | {b['keys']:,} | {b['bytes'] / 2**20:.1f} MiB "
            f"| {b['seconds']} s | {b['hot']:,} | {m['open_ms']} ms | {m['p50']} | {m['p95']} "
            f"| {m['p99']} | {m['max']} | {m['cold_max']} | {m['rss_added_mib']} MiB |"
        )
    return "\n".join(lines)


if __name__ == "__main__":
    import django

    django.setup()
    phase, works = sys.argv[1], int(sys.argv[2])
    if phase == "build":
        print(json.dumps(build(works)))
    else:
        print(json.dumps(measure(Path(sys.argv[3]))))
