"""JSON Lines load throughput into SQLite and PostgreSQL (works/s), with peak memory.

Each import runs in its own process (``bench.loadrun``) on an empty, migrated database, with
search indexing excluded. PostgreSQL is a throwaway cluster from the machine's binaries (the
test suite's, so with fsync off: an upper bound for a real server's disk).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from bench.corpus import write_corpus

HERE = Path(__file__).resolve().parent
#: The issue's target for JSON Lines loads into SQLite, works per second.
TARGET_WORKS_PER_SECOND = 2000


def load(url: str, corpus: Path, stages: bool = False) -> dict:
    """Import ``corpus`` into the database at ``url`` in a fresh process; its measurements
    (with ``stages``, also CPU seconds per loader stage, which costs a little extra)."""
    env = {**os.environ, "ZHIKU_BENCH_STAGES": "1"} if stages else None
    result = subprocess.run(
        [sys.executable, "-m", "bench.loadrun", url, str(corpus)],
        cwd=HERE.parent,
        capture_output=True,
        text=True,
        check=False,
        env=env,
    )
    if result.returncode != 0:
        raise RuntimeError(f"load failed: {result.stderr[-2000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def run(quick: bool = False) -> str:
    sizes = (2_000,) if quick else (10_000, 100_000)
    rows = []
    sqlite_rates = []
    with tempfile.TemporaryDirectory(prefix="zhiku-bench-") as tmp:
        folder = Path(tmp)
        corpora = {n: write_corpus(folder / f"corpus-{n}.jsonl", n) for n in sizes}
        for n, corpus in corpora.items():
            result = load(f"sqlite:///{folder / f'load-{n}.sqlite3'}", corpus)
            sqlite_rates.append(result["works"]["created"] / result["seconds"])
            rows.append(_row("SQLite", n, result))
        first = next(iter(corpora))
        staged = load(f"sqlite:///{folder / 'stages.sqlite3'}", corpora[first], stages=True)
        sys.path.insert(0, str(HERE.parent))
        from tests.pgcluster import Cluster

        cluster = Cluster().start()
        try:
            for n, corpus in corpora.items():
                rows.append(_row("PostgreSQL", n, load(cluster.createdb(f"load{n}"), corpus)))
        finally:
            cluster.stop()
    verdict = "met" if min(sqlite_rates) >= TARGET_WORKS_PER_SECOND else "MISSED"
    return "\n".join(
        [
            "## JSON Lines load (`zhiku ingest`)",
            "",
            "`python -m bench load`: the corpus of `bench/corpus.py` (works of ~4.7 kB: title,",
            "abstract, 4–8 body paragraphs, 1–3 authors from a pool of people in units) loaded",
            "into an empty database by `ingest_paths`, one process per row; search indexing",
            "excluded. CPU s is the process's own CPU time (on a shared machine, wall time also",
            "counts waiting for the other tenants).",
            "",
            "| database | works | wall s | works/s | works per CPU s | peak RSS MiB |",
            "|---|---:|---:|---:|---:|---:|",
            *rows,
            "",
            f"Target ≥ {TARGET_WORKS_PER_SECOND} works/s into SQLite: {verdict}.",
            "",
            f"Where the CPU goes (SQLite, {first:,} works, a separate run with counters; stages",
            "can nest, e.g. people created inside authors):",
            "",
            "| stage | ms per work |",
            "|---|---:|",
            *[
                f"| {name} | {1000 * seconds / first:.3f} |"
                for name, seconds in sorted(staged["stages"].items(), key=lambda i: -i[1])
            ],
            f"| everything (the whole import) | {1000 * staged['cpu_seconds'] / first:.3f} |",
        ]
    )


def _row(database: str, n: int, result: dict) -> str:
    if result["status"] != "ok":
        raise RuntimeError(f"{database} {n}: {result['reason']}")
    created = result["works"]["created"]
    return (
        f"| {database} | {created:,} | {result['seconds']:.1f} | "
        f"{created / result['seconds']:,.0f} | {created / result['cpu_seconds']:,.0f} | "
        f"{result['peak_rss_mib']:.0f} |"
    )
