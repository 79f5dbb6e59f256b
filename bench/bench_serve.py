"""Page latency under load: `zhiku serve` on the 100k corpus, wrk on loopback, SQLite and PG.

Endpoints: work page (random works), expert page (the person whose work count is nearest 500),
home, and search (mixed query classes, when the search page exists), each at 8, 32 and 128
concurrent connections for 30 s (5 s with --quick).
"""

from __future__ import annotations

import urllib.parse
import urllib.request

from bench.instance import Instance
from bench.load import LoadResult, run_load, wrk_available

WORKS = 100_000
CONNECTIONS = (8, 32, 128)
#: The issue's p99 targets at 32 connections, in milliseconds.
TARGETS_P99_MS = {"work page": 50, "search": 150, "expert page (~500 works)": 100}
SEARCH_QUERIES = [
    "网络空间",
    "全球治理",
    "中美关系 多边主义",
    '"一带一路" 东盟',
    "人工智能 -数据安全",
    "lu",
    "Belt and Road",
    "G20",
    "能源安全 type:report",
    "气候变化 year:2015..2020",
    "中东",
    "公共卫生 粮食安全 金融稳定",
    "strategic competition",
    "supply chains",
]

EXPERT_NEAR_500 = (
    "import json; from django.db.models import Count, F, Func; "
    "from zhiku.catalog.models import Person; "
    "p = Person.objects.annotate(n=Count('authorships')).annotate("
    "d=Func(F('n') - 500, function='ABS')).order_by('d').first(); "
    "print(json.dumps([p.get_absolute_url(), p.n]))"
)
WORK_PATHS = (
    "import json; from zhiku.catalog.models import Work; "
    "ids = list(Work.objects.published().order_by('?').values_list('pk', flat=True)[:3000]); "
    "print(json.dumps(ids))"
)


def endpoints(instance: Instance, base: str) -> dict[str, list[str]]:
    expert_url, expert_works = instance.query(EXPERT_NEAR_500)
    paths = {
        "work page": [f"/works/{pk}/" for pk in instance.query(WORK_PATHS)],
        "expert page (~500 works)": [expert_url],
        "home": ["/"],
    }
    try:
        urllib.request.urlopen(f"{base}/search/?q=test", timeout=10)
        paths["search"] = [f"/search/?q={urllib.parse.quote(q)}" for q in SEARCH_QUERIES]
    except OSError:
        pass
    paths["_expert_works"] = [str(expert_works)]
    return paths


def measure(instance: Instance, seconds: int, connections: tuple[int, ...]) -> tuple[list, str]:
    rows = []
    with instance.serving() as (base, _proc):
        paths = endpoints(instance, base)
        expert_works = paths.pop("_expert_works")[0]
        for name, urls in paths.items():
            run_load(base, urls, 8, 2)  # warm caches and connections
            for conns in connections:
                rows.append((name, conns, run_load(base, urls, conns, seconds)))
    return rows, expert_works


def table(rows: list[tuple[str, int, LoadResult]]) -> list[str]:
    out = [
        "| endpoint | conns | req/s | p50 ms | p95 ms | p99 ms | non-2xx | conn errors |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for name, conns, r in rows:
        out.append(
            f"| {name} | {conns} | {r.rps:,.0f} | {r.p50_ms:.1f} | {r.p95_ms:.1f} | "
            f"{r.p99_ms:.1f} | {r.bad_status} | {r.errors} |"
        )
    return out


def verdicts(rows) -> list[str]:
    lines = []
    for name, target in TARGETS_P99_MS.items():
        hit = [r for n, c, r in rows if n == name and c == 32]
        if hit:
            answered = hit[0].requests > 0 and hit[0].bad_status == 0
            ok = "met" if answered and hit[0].p99_ms <= target else "MISSED"
            lines.append(
                f"- {name}: p99 at 32 connections {hit[0].p99_ms:.1f} ms, "
                f"target ≤ {target} ms: {ok}"
            )
    errors = sum(r.bad_status + r.errors for _, _, r in rows)
    lines.append(f"- non-2xx responses and connection errors, all runs: {errors}")
    if any("MISSED" in line for line in lines):
        lines.append(
            "- why a target is missed: the CPU an uncached page costs, in *Where a page's"
            " time goes* (`python -m bench pages`)"
        )
    return lines


def run(quick: bool = False) -> str:
    if not wrk_available():
        raise SystemExit("wrk is not installed: `make bench` installs Debian's wrk")
    works = 5_000 if quick else WORKS
    seconds = 5 if quick else 30
    sqlite = Instance(f"serve-sqlite-{works}")
    load_seconds = sqlite.load(works)
    sqlite_rows, expert_works = measure(sqlite, seconds, CONNECTIONS)
    sections = [
        "## Pages under load (`zhiku serve`)",
        "",
        f"`python -m bench serve`: {works:,} works of `bench/corpus.py` ingested"
        + (f" ({load_seconds:.0f} s)" if load_seconds else " (cached instance)")
        + f"; `zhiku serve` with its default workers (production settings, rate limits off:"
        " wrk is one client) and wrk on the same"
        f" 2-core machine, {seconds} s per row. The expert page is a person with {expert_works}"
        " works. Work pages are 3,000 random works; the page cache (per worker) serves repeats.",
        "",
        "### SQLite",
        "",
        *table(sqlite_rows),
        "",
        *verdicts(sqlite_rows),
    ]
    from tests.pgcluster import Cluster

    cluster = Cluster().start()
    try:
        pg = Instance(f"serve-pg-{works}", cluster.createdb("zhiku_bench"))
        (pg.data / f"loaded-{works}-20261126").unlink(missing_ok=True)  # a fresh cluster is empty
        pg_load = pg.load(works)
        pg_rows, _ = measure(pg, seconds, CONNECTIONS)
    finally:
        cluster.stop()
    sections += [
        "",
        f"### PostgreSQL 15 (throwaway cluster on the same machine; ingest {pg_load:.0f} s)",
        "",
        *table(pg_rows),
        "",
        *verdicts(pg_rows),
    ]
    return "\n".join(sections)
