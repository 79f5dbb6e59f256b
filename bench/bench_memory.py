"""Peak memory of a JSON Lines import as the file grows to 1,000,000 lines (SQLite).

The lines are the corpus of ``bench/corpus.py`` cut short (one body paragraph, no abstract,
about 0.6 kB a line) so a million of them import in minutes; what is measured is whether memory
stays flat as lines are added: the reader streams, the loader works a batch of 500 at a time,
and report warnings are capped.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

from bench.bench_load import load
from bench.corpus import generate


def write_short_corpus(path: Path, works: int) -> Path:
    """``works`` short records (one paragraph, no abstract) in the import format."""
    with path.open("w", encoding="utf-8") as out:
        for record in generate(works):
            record.pop("abstract", None)
            record["body"] = record["body"][:1]
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    return path


def run(quick: bool = False) -> str:
    sizes = (10_000, 50_000) if quick else (10_000, 100_000, 1_000_000)
    rows = []
    with tempfile.TemporaryDirectory(prefix="zhiku-bench-") as tmp:
        folder = Path(tmp)
        for n in sizes:
            corpus = write_short_corpus(folder / f"short-{n}.jsonl", n)
            size = corpus.stat().st_size / 2**20
            result = load(f"sqlite:///{folder / f'memory-{n}.sqlite3'}", corpus)
            if result["status"] != "ok":
                raise RuntimeError(result["reason"])
            created = result["works"]["created"]
            rows.append(
                f"| {n:,} | {size:,.0f} | {created:,} | {result['seconds']:,.0f} | "
                f"{created / result['seconds']:,.0f} | {result['peak_rss_mib']:.0f} |"
            )
            corpus.unlink()
            for suffix in ("", "-wal", "-shm"):
                (folder / f"memory-{n}.sqlite3{suffix}").unlink(missing_ok=True)
    return "\n".join(
        [
            "## Memory of a large JSON Lines import",
            "",
            "`python -m bench memory`: one `ingest_paths` call per file into an empty SQLite",
            "database, in its own process; peak RSS is the whole process (Python, Django, lxml,",
            "numpy), sampled every 0.2 s. Lines are short corpus records (one body paragraph).",
            "",
            "| lines | file MiB | works | wall s | works/s | peak RSS MiB |",
            "|---:|---:|---:|---:|---:|---:|",
            *rows,
        ]
    )
