"""One JSON Lines import in a fresh process: ``python -m bench.loadrun URL FILE`` prints JSON.

Run by ``bench_load`` (and ``bench_memory``) so each measurement has its own process: its peak
resident memory is the import's, and Django is configured for the database named by URL.
Search indexing is excluded, as the targets ask: receivers of ``works_changed`` (the search
index, when installed) are disconnected, and the number of works notified is reported instead.
"""

from __future__ import annotations

import json
import os
import resource
import sys
import threading
import time
from pathlib import Path


def main(url: str, corpus: str) -> dict:
    os.environ["ZHIKU_DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhiku.settings")
    os.environ["ZHIKU_DEBUG"] = "0"  # no query log: measure what production runs
    os.environ.setdefault("ZHIKU_SECRET_KEY", "benchmark-only-secret-key-0123456789abcdefghijkl")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from zhiku.catalog.signals import works_changed
    from zhiku.ingest.load import ingest_paths

    stages = _time_stages() if os.environ.get("ZHIKU_BENCH_STAGES") else {}
    notified = [0]
    works_changed.receivers.clear()
    works_changed.connect(
        lambda sender, work_ids, **kw: notified.__setitem__(0, notified[0] + len(work_ids)),
        weak=False,
    )
    peak = _PeakRss()
    start, cpu = time.perf_counter(), time.process_time()
    run = ingest_paths([Path(corpus)])
    seconds, cpu_seconds = time.perf_counter() - start, time.process_time() - cpu
    peak.stop()
    (item,) = run.report["inputs"]
    return {
        "status": item["status"],
        "reason": item["reason"],
        "works": item["counts"]["works"],
        "seconds": seconds,
        "cpu_seconds": cpu_seconds,
        "peak_rss_mib": max(peak.value, _maxrss()) / 2**20,
        "notified": notified[0],
        "stages": dict(stages),
    }


def _time_stages() -> dict[str, float]:
    """Wrap the loader's stages with CPU-time counters (nested stages are not subtracted)."""
    from zhiku.ingest import pipeline
    from zhiku.ingest.load import authors, context, merge, works
    from zhiku.ingest.readers import jsonl

    totals: dict[str, float] = {}

    def wrap(owner, name: str, label: str) -> None:
        original = getattr(owner, name)

        def timed(*args, **kwargs):
            start = time.process_time()
            try:
                return original(*args, **kwargs)
            finally:
                totals[label] = totals.get(label, 0.0) + time.process_time() - start

        setattr(owner, name, timed)

    wrap(jsonl, "work_from_record", "read: record from JSON")
    wrap(pipeline, "clean_extraction", "clean: paragraphs, repeats")
    wrap(context.InputContext, "hash_of", "record hash")
    wrap(works.WorkLoader, "_fingerprint", "fingerprint: shingles, MinHash, bands")
    wrap(works, "stored_index", "prefetch: matches of the batch")
    wrap(works, "apply_work_fields", "work fields")  # new works
    wrap(merge, "apply_work_fields", "work fields")  # matched works
    wrap(authors.AuthorResolver, "authors", "authors: people matched or created")
    wrap(works, "insert_with_ids", "insert works")
    wrap(works, "insert_rows", "insert authorships, sources, fingerprints")
    return totals


class _PeakRss:
    """Samples this process's resident memory every 0.2 s (ru_maxrss includes start-up)."""

    def __init__(self) -> None:
        import psutil

        self.process, self.value, self._stop = psutil.Process(), 0, threading.Event()
        self.thread = threading.Thread(target=self._sample, daemon=True)
        self.thread.start()

    def _sample(self) -> None:
        while not self._stop.is_set():
            self.value = max(self.value, self.process.memory_info().rss)
            self._stop.wait(0.2)

    def stop(self) -> None:
        self._stop.set()
        self.thread.join()


def _maxrss() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


if __name__ == "__main__":
    print(json.dumps(main(sys.argv[1], sys.argv[2])))
