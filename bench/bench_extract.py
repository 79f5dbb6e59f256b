"""Extract + clean throughput for text pages, on one core (no database)."""

from __future__ import annotations

import time
import tracemalloc

from bench.pages import synthetic_pages
from zhiku.ingest.pipeline import extract_text

#: The issue's target for extract + clean, pages per second on one core.
TARGET_PAGES_PER_SECOND = 200


def measure(pages: list[bytes]) -> tuple[float, float]:
    """(pages per second, peak MiB of Python allocations) for extract + clean of ``pages``.

    Speed and memory are separate passes: tracing allocations slows Python down several-fold.
    """
    start = time.perf_counter()
    for page in pages:
        extract_text(page)
    elapsed = time.perf_counter() - start
    tracemalloc.start()
    for page in pages[:200]:
        extract_text(page)
    peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    return len(pages) / elapsed, peak


def run(quick: bool = False) -> str:
    rows, rates = [], []
    for count in (200,) if quick else (1_000, 10_000):
        pages = synthetic_pages(count)
        rate, peak = measure(pages)
        rates.append(rate)
        rows.append(f"| text pages | {count:,} | {rate:,.0f} | {peak:.1f} |")
    verdict = "met" if min(rates) >= TARGET_PAGES_PER_SECOND else "MISSED"
    return "\n".join(
        [
            "## Extract + clean (text dumps)",
            "",
            "`python -m bench extract`: pages shaped like the SIIS sample (profile card, listed",
            "works, a doubled article body) generated from `bench/corpus.py`, read, extracted and",
            "cleaned in one process on one core; memory is the peak of Python allocations.",
            "",
            "| input | pages | pages/s | peak MiB |",
            "|---|---:|---:|---:|",
            *rows,
            "",
            f"Target ≥ {TARGET_PAGES_PER_SECOND} pages/s per core: {verdict}.",
        ]
    )
