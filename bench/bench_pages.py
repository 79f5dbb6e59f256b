"""Where an uncached page's time goes: the pages of `bench serve`, rendered in-process with the
page cache off against the same 100,000-work SQLite instance, timed and profiled.

This is the profile behind the `serve` figures: on two cores, a page that costs C ms of CPU
cannot be served faster than about 2000 / C per second, and at 32 connections Little's law
puts the mean latency at 32 / throughput.

    python -m bench pages            # the section in docs/benchmarks.md
    python -m bench.bench_pages URL  # one page's profile, printed
"""

from __future__ import annotations

import json
import re
import subprocess
import sys

from bench.instance import REPO, Instance

WORKS = 100_000
REPEATS = 20

#: Runs in the instance's environment; prints one JSON line per page.
PROBE = r"""
import cProfile, json, os, pstats, sys, time
os.environ["ZHIKU_PAGE_CACHE"] = "0"
os.environ["ZHIKU_SEARCH_READ_ONLY"] = "1"
os.environ["ZHIKU_RATE_LIMIT_SEARCH"] = os.environ["ZHIKU_RATE_LIMIT_API"] = "0"
import django
django.setup()
from django.conf import settings
from django.db import connection
from django.db.models import Count, F, Func
from django.test import Client
from zhiku.catalog.models import Person, Work

settings.ALLOWED_HOSTS = ["*"]
repeats = int(sys.argv[1])
urls = sys.argv[2:]
if not urls:
    expert = (Person.objects.annotate(n=Count("authorships"))
              .annotate(d=Func(F("n") - 500, function="ABS")).order_by("d").first())
    works = list(Work.objects.published().order_by("pk").values_list("pk", flat=True)[::9973][:5])
    urls = [f"/works/{pk}/" for pk in works] + [expert.get_absolute_url(), "/"]
    urls += ["/search/?q=" + q for q in ("全球治理", "中美关系%20多边主义", "lu", "G20")]
client = Client()
for url in urls:
    client.get(url)
    times = []
    for _ in range(repeats):
        start = time.process_time()
        response = client.get(url)
        times.append((time.process_time() - start) * 1000)
    times.sort()
    queries = []
    def count(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)
    with connection.execute_wrapper(count):
        client.get(url)
    profile = cProfile.Profile()
    profile.enable()
    for _ in range(3):
        client.get(url)
    profile.disable()
    stats = pstats.Stats(profile).stats
    total = sum(v[2] for v in stats.values()) or 1
    top = sorted(stats.items(), key=lambda kv: kv[1][2], reverse=True)[:4]
    print(json.dumps({
        "url": url, "status": response.status_code, "kib": len(response.content) // 1024,
        "queries": len(queries), "median": times[len(times) // 2], "max": times[-1],
        "top": [[f"{k[0].split('site-packages/')[-1].split('/work/main/')[-1]}:{k[2]}",
                 round(100 * v[2] / total)] for k, v in top],
    }, ensure_ascii=False))
"""


def probe(instance: Instance, urls: list[str], repeats: int = REPEATS) -> list[dict]:
    result = subprocess.run(
        [sys.executable, "-c", PROBE, str(repeats), *urls],
        cwd=REPO,
        env=instance.env(
            ZHIKU_DEBUG="0",
            ZHIKU_SECRET_KEY="bench-secret-" + "x" * 40,
            ZHIKU_SSL_REDIRECT="0",
            DJANGO_SETTINGS_MODULE="zhiku.settings",
        ),
        capture_output=True,
        text=True,
        check=True,
    )
    return [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]


def run(quick: bool = False) -> str:
    works = 5_000 if quick else WORKS
    instance = Instance(f"serve-sqlite-{works}")
    instance.load(works)
    rows = probe(instance, [])
    lines = [
        "## Where a page's time goes (uncached)",
        "",
        f"`python -m bench pages`: the `serve` instance ({works:,} works, SQLite), each page",
        f"rendered {REPEATS} times in one process with the page cache off (Django test client:",
        "no network, no WSGI server); CPU milliseconds of the process, the queries of one",
        "render, and the functions with the largest own time (share of the profiled time).",
        "",
        "*Bound* is what two cores could serve of that page uncached (2,000 / CPU ms, before",
        "the WSGI server's and the load generator's own CPU); *floor* is the mean latency",
        "that throughput implies at 32 connections (32 / bound, Little's law).",
        "",
        "| page | status | KiB | queries | CPU ms median | max | bound req/s | floor at 32 ms |"
        " largest own time |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for row in rows:
        top = ", ".join(
            f"`{re.sub(r' at 0x[0-9a-f]+', '', name)}` {share}%" for name, share in row["top"][:3]
        )
        bound = 2000 / max(row["median"], 0.01)
        lines.append(
            f"| `{row['url']}` | {row['status']} | {row['kib']} | {row['queries']} | "
            f"{row['median']:.1f} | "
            f"{row['max']:.1f} | {bound:,.0f} | {32 / bound * 1000:,.0f} | {top} |"
        )
    work = _mean(r["median"] for r in rows if r["url"].startswith("/works/"))
    search = _mean(r["median"] for r in rows if r["url"].startswith("/search/"))
    lines += [
        "",
        "The `serve` targets at 32 connections (work page p99 ≤ 50 ms, search ≤ 150 ms) need",
        "about 640 and 210 answers a second: at most ~3 and ~9 ms of CPU a request on these two",
        f"cores, shared with wrk. Uncached, a work page costs {work:.1f} ms here and a search",
        f"{search:.1f} ms; only pages served from the page cache (a few ms) are cheap enough.",
    ]
    return "\n".join(lines)


def _mean(values) -> float:
    values = list(values)
    return sum(values) / len(values) if values else 0.0


if __name__ == "__main__":
    for row in probe(Instance(f"serve-sqlite-{WORKS}"), sys.argv[1:]):
        print(json.dumps(row, ensure_ascii=False, indent=1))
