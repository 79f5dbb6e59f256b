"""Extract + clean throughput for text dumps and HTML pages, on one core (no database)."""

from __future__ import annotations

import time
import tracemalloc

from bench.pages import synthetic_html_pages, synthetic_pages
from zhiku.ingest.pipeline import extract_text

#: The issue's target for extract + clean, pages per second on one core.
TARGET_PAGES_PER_SECOND = 200


def measure(pages: list[bytes], fmt: str = "text") -> tuple[float, float]:
    """(pages per second, peak MiB of Python allocations) for extract + clean of ``pages``.

    Speed and memory are separate passes: tracing allocations slows Python down several-fold.
    Speed is CPU time of this process, so other tenants of a shared machine count less.
    """
    extract_text(pages[0], fmt)  # imports and caches (trafilatura, the punctuation table) first
    start = time.process_time()
    for page in pages:
        extract_text(page, fmt)
    elapsed = time.process_time() - start
    tracemalloc.start()
    for page in pages[:200]:
        extract_text(page, fmt)
    peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    return len(pages) / elapsed, peak


def run(quick: bool = False) -> str:
    rows, rates = [], []
    for label, fmt, make in (
        ("text dumps", "text", synthetic_pages),
        ("HTML pages", "html", synthetic_html_pages),
    ):
        for count in (200,) if quick else (1_000, 10_000):
            rate, peak = measure(make(count), fmt)
            rates.append(rate)
            rows.append(f"| {label} | {count:,} | {rate:,.0f} | {1000 / rate:.1f} | {peak:.1f} |")
    verdict = "met" if min(rates) >= TARGET_PAGES_PER_SECOND else "MISSED"
    return "\n".join(
        [
            "## Extract + clean (text dumps and HTML pages)",
            "",
            "`python -m bench extract`: text dumps shaped like the SIIS sample (profile card,",
            "listed works, a doubled article body) and HTML article pages in a CMS layout (nav,",
            "breadcrumb, labelled fields, share bar, related links, footer), generated from",
            "`bench/corpus.py`, read, extracted and cleaned in one process on one core (CPU time);",
            "memory is the peak of Python allocations. HTML goes through trafilatura (fast mode)",
            "for the main text plus our markup and field rules.",
            "",
            "| input | pages | pages/s | ms/page | peak MiB |",
            "|---|---:|---:|---:|---:|",
            *rows,
            "",
            f"Target ≥ {TARGET_PAGES_PER_SECOND} pages/s per core: {verdict}.",
        ]
    )
