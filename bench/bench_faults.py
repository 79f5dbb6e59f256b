"""Faults under load: ingest during load, kill -9 of a worker and of the whole server (mid-load
and mid-ingest), then integrity check and a re-run that completes with nothing lost or doubled;
and what the operator sees on a read-only database and a full disk.
"""

from __future__ import annotations

import resource
import signal
import subprocess
import sys
import threading
import time

import psutil

from bench.corpus import write_corpus
from bench.instance import CACHE, REPO, Instance
from bench.load import run_load, wrk_available

BASE_WORKS = 100_000
INGEST_WORKS = 10_000
# Works the extra input contributed to (created, or merged into an existing work by the
# title + first author rule), and the Source rows it left: one per record, never two.
COUNT_NEW = (
    "import json; from zhiku.catalog.models import Source; "
    "qs = Source.objects.filter(uri__endswith='corpus-{n}-99.jsonl', work__isnull=False); "
    "print(json.dumps([qs.values('work').distinct().count(), qs.count()]))"
)
FORGET_NEW = (
    "from zhiku.catalog.models import Source, Work; "
    "Work.objects.filter(external_id__startswith='synthetic-99-').delete(); "
    "Source.objects.filter(uri__endswith='corpus-{n}-99.jsonl').delete()"
)
INTEGRITY = (
    "import json; from django.db import connection; c = connection.cursor(); "
    "c.execute('PRAGMA integrity_check'); print(json.dumps(c.fetchone()[0]))"
)


def _ingest(instance: Instance, path) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "zhiku", "ingest", str(path)],
        cwd=REPO,
        env=instance.env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def _load_in_background(base: str, paths: list[str], seconds: int, out: list) -> threading.Thread:
    thread = threading.Thread(target=lambda: out.append(run_load(base, paths, 32, seconds)))
    thread.start()
    return thread


def _error_line(result: subprocess.CompletedProcess) -> str:
    text = result.stderr + result.stdout
    return next((line for line in text.splitlines() if "error" in line), text.strip()[:200])


def run(quick: bool = False) -> str:
    if not wrk_available():
        raise SystemExit("wrk is not installed: `make bench` installs Debian's wrk")
    base_works = 5_000 if quick else BASE_WORKS
    new_works = 2_000 if quick else INGEST_WORKS
    seconds = 10 if quick else 60
    instance = Instance(f"faults-sqlite-{base_works}")
    instance.load(base_works)
    extra = write_corpus(CACHE / f"corpus-{new_works}-99.jsonl", new_works, seed=99)
    count_new, forget_new = COUNT_NEW.format(n=new_works), FORGET_NEW.format(n=new_works)
    instance.zhiku("shell", "-v", "0", "-c", forget_new)
    paths = [f"/works/{i}/" for i in range(1, 3000)] + ["/"]
    lines = [
        "## Faults",
        "",
        f"`python -m bench faults`: {base_works:,} works loaded; "
        f"wrk at 32 connections on work pages and home while faults happen.",
        "",
    ]

    # 1. an ingest of new works while the load runs
    with instance.serving() as (base, server):
        results: list = []
        load = _load_in_background(base, paths, seconds, results)
        start = time.perf_counter()
        ingest = _ingest(instance, extra)
        ingest.communicate()
        ingest_s = time.perf_counter() - start
        load.join()
    works, sources = undisturbed = instance.query(count_new)
    r = results[0]
    lines += [
        f"1. Ingest of {new_works:,} works during load: exit {ingest.returncode} in"
        f" {ingest_s:.0f} s; every record present ({sources:,} source rows for {works:,} works,"
        f" the rest merged by title + first author). Load"
        f" meanwhile: {r.rps:.0f} req/s, p99 {r.p99_ms:.0f} ms, {r.bad_status} non-2xx,"
        f" {r.errors} connection errors.",
    ]

    # 2. kill -9 of one worker mid-load
    with instance.serving() as (base, server):
        results = []
        load = _load_in_background(base, paths, 20, results)
        time.sleep(5)
        before = psutil.Process(server.pid).children(recursive=True)
        victim = before[-1]
        victim.send_signal(signal.SIGKILL)
        time.sleep(8)
        after = psutil.Process(server.pid).children(recursive=True)
        load.join()
        r = results[0]
        lines.append(
            f"2. kill -9 of one worker (pid {victim.pid}) mid-load: {len(before)} processes before,"
            f" {len(after)} after (gunicorn replaced it); load: {r.bad_status} non-2xx,"
            f" {r.errors} connection/read errors (requests in flight on the killed worker)."
        )

    # 3. kill -9 of the whole server and of the ingest, both mid-way; restart; check; re-run
    instance.zhiku("shell", "-v", "0", "-c", forget_new)
    with instance.serving() as (base, server):
        results = []
        load = _load_in_background(base, paths, 15, results)
        ingest = _ingest(instance, extra)
        deadline = time.monotonic() + 120
        while instance.query(count_new)[1] == 0 and time.monotonic() < deadline:
            time.sleep(0.5)  # kill once the ingest has committed some batches, mid-way
        for proc in [psutil.Process(ingest.pid), psutil.Process(server.pid)]:
            for child in proc.children(recursive=True):
                child.send_signal(signal.SIGKILL)
            proc.send_signal(signal.SIGKILL)
        ingest.wait()
        load.join()
    _, partial = instance.query(count_new)
    integrity = instance.query(INTEGRITY)
    with instance.serving() as (base, server):
        rerun = _ingest(instance, extra)
        rerun.communicate()
        after_load = run_load(base, paths, 32, 5)
    works, sources = instance.query(count_new)
    lines.append(
        f"3. kill -9 of the server and of an ingest mid-way: {partial:,} records had been "
        f"committed; integrity_check: {integrity}; restarted server answered {after_load.rps:.0f}"
        f" req/s with {after_load.bad_status + after_load.errors} errors; the re-run exited"
        f" {rerun.returncode}; now {sources:,} source rows for {works:,} works: "
        + (
            "the same as after the undisturbed run (nothing lost, nothing doubled)."
            if [works, sources] == list(undisturbed)
            else f"DIFFERENT from the undisturbed run ({undisturbed[1]:,} / {undisturbed[0]:,})."
        )
    )

    # 4. what an operator sees on a read-only database and on a full disk
    db = instance.data / "zhiku.sqlite3"
    subprocess.run(["chattr", "+i", str(db)], check=True)
    try:
        ro = instance.zhiku("ingest", str(extra), check=False)
    finally:
        subprocess.run(["chattr", "-i", str(db)], check=True)

    def small_disk():  # no file may grow past 2 MB: the database's own pages cannot be written
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (2_000_000, 2_000_000))

    other = write_corpus(CACHE / "corpus-3000-98.jsonl", 3000, seed=98)
    instance.zhiku("shell", "-v", "0", "-c", FORGET_NEW.replace("99", "98").format(n=3000))
    full = instance.zhiku("ingest", str(other), check=False, preexec_fn=small_disk)
    lines += [
        f"4. Read-only database: exit {ro.returncode}, `{_error_line(ro)}`",
        f"5. Full disk (file size limit): exit {full.returncode}, `{_error_line(full)}`",
    ]
    return "\n".join(lines)
