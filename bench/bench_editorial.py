"""What the editorial and security layers cost: rate-limit counting and revisions on import."""

from __future__ import annotations

import json
import multiprocessing
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.corpus import generate
from zhiku.security.counters import SQLiteFileStore

#: Counter operations per request: count this hit, read the previous slot.
OPS_PER_REQUEST = 2


def _requests(path: str, count: int, client: str) -> list[float]:
    """Latencies (seconds) of ``count`` limiter checks on the counter file at ``path``."""
    store = SQLiteFileStore(Path(path))
    latencies = []
    for i in range(count):
        start = time.perf_counter()
        store.hit(client, i // 1000, expires=2**40)
        store.count(client, i // 1000 - 1)
        latencies.append(time.perf_counter() - start)
    return latencies


def _worker(path: str, count: int, index: int, queue) -> None:
    queue.put(_requests(path, count, f"api:10.0.0.{index}"))


def measure_counters(requests: int, processes: int) -> dict:
    """Checks per second and latency percentiles with ``processes`` processes in parallel."""
    with tempfile.TemporaryDirectory() as tmp:
        path = str(Path(tmp) / "ratelimit.sqlite3")
        SQLiteFileStore(Path(path)).purge(0)
        context = multiprocessing.get_context("fork")
        queue = context.Queue()
        workers = [
            context.Process(target=_worker, args=(path, requests, i, queue))
            for i in range(processes)
        ]
        start = time.perf_counter()
        for worker in workers:
            worker.start()
        latencies = [x for _ in workers for x in queue.get(timeout=600)]
        for worker in workers:
            worker.join()
        elapsed = time.perf_counter() - start
    latencies.sort()
    return {
        "rate": len(latencies) / elapsed,
        "p50": statistics.median(latencies) * 1e6,
        "p99": latencies[int(len(latencies) * 0.99)] * 1e6,
    }


_INGEST = """
import json, os, sys, time, django
django.setup()
from django.conf import settings
from django.core.management import call_command
settings.SIMPLE_HISTORY_ENABLED = sys.argv[2] == "on"
call_command("migrate", verbosity=0)
start = time.perf_counter()
call_command("ingest", sys.argv[1], verbosity=0, stdout=open(os.devnull, "w"))
print(json.dumps({"seconds": time.perf_counter() - start}))
"""


def measure_ingest(works: int, history: bool) -> float:
    """Works per second for ``zhiku ingest`` of a fresh corpus into an empty SQLite catalog."""
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus.jsonl"
        with corpus.open("w", encoding="utf-8") as out:
            for record in generate(works):
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
        env = {**os.environ, "ZHIKU_DATA_DIR": tmp, "DJANGO_SETTINGS_MODULE": "zhiku.settings"}
        result = subprocess.run(
            [sys.executable, "-c", _INGEST, str(corpus), "on" if history else "off"],
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
    return works / json.loads(result.stdout.strip().splitlines()[-1])["seconds"]


def run(quick: bool = False) -> str:
    requests = 2_000 if quick else 20_000
    counter_rows = []
    for processes in (1, 4):
        m = measure_counters(requests, processes)
        counter_rows.append(
            f"| {processes} | {requests * processes:,} | {m['rate']:,.0f} | "
            f"{m['p50']:.0f} | {m['p99']:.0f} |"
        )
    works = 300 if quick else 3_000
    with_history, without = measure_ingest(works, True), measure_ingest(works, False)
    return "\n".join(
        [
            "## Editorial and security overhead",
            "",
            "`python -m bench editorial`. **Rate-limit counting**: each limited request does one",
            "atomic UPSERT and one read on the shared SQLite counter file (the default store);",
            "N processes stand for N gunicorn workers hitting it at once.",
            "",
            "| processes | checks | checks/s (all processes) | p50 µs | p99 µs |",
            "|---:|---:|---:|---:|---:|",
            *counter_rows,
            "",
            f"**Revisions on import**: `zhiku ingest` of {works:,} synthetic works",
            "(`bench/corpus.py`) into an empty SQLite catalog, with django-simple-history",
            "recording a revision per saved person and work, and with it switched off.",
            "",
            "| revisions | works/s |",
            "|---|---:|",
            f"| recorded | {with_history:,.0f} |",
            f"| off | {without:,.0f} |",
            "",
            f"Revisions cost {100 * (1 - with_history / without):.0f}% of import throughput.",
        ]
    )
