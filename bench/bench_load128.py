"""128 connections on a mix of pages (issue 14, "Done when"): `zhiku serve` on loopback, wrk.

The mix: random work pages, expert pages and the experts list, the home page, search pages
(mixed queries, including stray syntax such as ``((((``) and API lists. Rate limits are off for
the run (wrk is one client; with them on, a run measures the limiter's 429s). The requirement
is 0 errors: no connection, read, write or timeout error and no non-2xx/3xx answer.
"""

from __future__ import annotations

import urllib.parse

from bench.instance import Instance
from bench.load import run_load, wrk_available

WORKS = 5_000
CONNECTIONS = 128
SECONDS = 15
QUERIES = ["网络空间", "全球治理", '"一带一路" 东盟', "人工智能 -数据安全", "Belt and Road",
           "能源安全 type:report", "气候变化 year:2015..2020", "((((", "supply chains"]  # fmt: skip
PATHS = (
    "import json; from zhiku.catalog.models import Person, Work; "
    "works = list(Work.objects.published().order_by('?').values_list('pk', flat=True)[:2000]); "
    "people = [p.get_absolute_url() for p in Person.objects.order_by('?')[:200]]; "
    "print(json.dumps([works, people]))"
)


def mix(instance: Instance) -> list[str]:
    works, people = instance.query(PATHS)
    paths = [f"/works/{pk}/" for pk in works] + people * 2 + ["/", "/experts/"] * 50
    paths += [f"/search/?q={urllib.parse.quote(q)}" for q in QUERIES] * 40
    paths += ["/api/v1/works", "/api/v1/people", "/api/v1/works?page=2"] * 40
    return paths


def run(quick: bool = False) -> str:
    if not wrk_available():
        raise SystemExit("wrk is not installed: `make bench` installs Debian's wrk")
    works = 1_000 if quick else WORKS
    seconds = 5 if quick else SECONDS
    instance = Instance(f"load128-sqlite-{works}")
    instance.load(works)
    paths = mix(instance)
    with instance.serving() as (base, _server):
        run_load(base, paths, 16, 10 if not quick else 3)  # every worker up and warm
        r = run_load(base, paths, CONNECTIONS, seconds)
    verdict = "0 errors" if r.errors + r.bad_status == 0 else "ERRORS"
    return "\n".join(
        [
            "## 128 connections",
            "",
            f"`python -m bench load128`: {works:,} works on SQLite, `zhiku serve` with its default"
            f" workers on 127.0.0.1, wrk at {CONNECTIONS} connections for {seconds} s on"
            f" {len(paths):,} paths (work and expert pages, experts list, home, search with"
            " stray syntax, API lists); rate limits off.",
            "",
            f"- {r.requests:,} requests, {r.rps:.0f} req/s; p50 {r.p50_ms:.0f} ms,"
            f" p95 {r.p95_ms:.0f} ms, p99 {r.p99_ms:.0f} ms",
            f"- {r.bad_status} non-2xx/3xx, {r.connect_errors} connect, {r.read_errors} read,"
            f" {r.write_errors} write, {r.timeouts} timeout errors: **{verdict}**",
        ]
    )
