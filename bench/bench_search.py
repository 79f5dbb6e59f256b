"""Search: index build rate, size and memory; query latency per class, warm and cold, through
``zhiku.search.service.search`` (the search page's code path); SQLite FTS5 (bm25 over the same
tokens) and a LIKE scan as baselines.

``python -m bench search`` (100k and 1M works; ``--quick``: 2k). Each size runs in child
processes (``python -m bench.bench_search --works N --phase data|build|measure``) whose
settings point at its own cached database and index under ``var/bench/search-<N>/``, so that
the build's and the queries' peak memory are their own. A first run at 1M takes about an
hour and a half on 2 cores (catalog, index, FTS5 baseline); later runs reuse them.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

from bench.search_report import CLASSES, render

HERE = Path(__file__).resolve().parent
CACHE = HERE.parent / "var" / "bench"
WARM_REPEATS = 5
FREQUENT = [
    "中国",
    "发展",
    "国际",
    "合作",
    "影响",
    "全球治理",
    "网络空间",
    "数字经济",
    "挑战",
    "关系",
]
PAIRS = [
    ("网络空间", "数字经济"),
    ("全球治理", "多边主义"),
    ("一带一路", "能源安全"),
    ("气候变化", "国际规则"),
    ("人工智能", "数据安全"),
    ("中美关系", "战略竞争"),
    ("供应链", "贸易摩擦"),
    ("公共卫生", "粮食安全"),
    ("金融稳定", "产业政策"),
    ("东盟", "区域合作"),
]


def queries(rare_names: list[str]) -> dict[str, list[dict]]:
    """The query set of each class: {"q", "params", "facets"} (deterministic)."""
    pairs = [f"{a} {b}" for a, b in PAIRS]
    return {
        "rare": [{"q": name} for name in rare_names],
        "frequent": [{"q": q} for q in FREQUENT],
        "two terms": [{"q": q} for q in pairs],
        "phrase + 2 terms": [
            {"q": f'"{a}{b}" {c}'}
            for (a, b), (c, _) in zip(
                [("人类命运", "共同体"), ("新型大国", "关系"), ("网络", "空间")] * 4,
                PAIRS,
                strict=False,
            )
        ],
        "filters": [
            {"q": q, "params": {"type": ["report", "book"], "year": [f"{y}..{y + 5}"]}}
            for q, y in zip(FREQUENT, range(2000, 2020, 2), strict=False)
        ],
        "facets": [{"q": q, "facets": True} for q in FREQUENT[:5] + pairs[:5]],
    }


def percentiles(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples) or [float("nan")]

    def at(share: float) -> float:
        return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]

    return {"p50": at(0.5), "p95": at(0.95), "p99": at(0.99), "n": len(ordered)}


def evict(folder: Path) -> None:
    """Drop ``folder``'s files from the page cache (only ours: posix_fadvise, no root)."""
    for path in folder.rglob("*"):
        if path.is_file():
            with open(path, "rb") as handle:
                os.posix_fadvise(handle.fileno(), 0, 0, os.POSIX_FADV_DONTNEED)


def child(works: int, processes: int, like_per_class: int, phase: str) -> dict:
    """One phase for ``works``, in its own process: ``data`` (the catalog), ``build`` (the
    index, timed and measured for memory in a process that did nothing else, then the FTS5
    baseline) or ``measure`` (latencies; returns the figures)."""
    folder = CACHE / f"search-{works}"
    folder.mkdir(parents=True, exist_ok=True)
    os.environ["ZHIKU_DATABASE_URL"] = f"sqlite:///{folder / 'zhiku.sqlite3'}"
    os.environ["ZHIKU_DATA_DIR"] = str(folder)
    os.environ["DJANGO_SETTINGS_MODULE"] = "zhiku.settings"
    os.environ["ZHIKU_SEARCH_READ_ONLY"] = "1"  # the search page's workers never write
    import django

    django.setup()
    from django.core.management import call_command

    from bench.search_data import build_fts, load_catalog

    if phase == "data":
        call_command("migrate", verbosity=0)
        load_catalog(works, folder / "catalog.done")
        return {}
    if phase == "build":
        build_index(folder, processes)
        build_fts(folder / "fts.sqlite3", folder / "fts.done", processes)
        return {}
    out: dict = {"works": works, "build": json.loads((folder / "build.json").read_text())}
    out["latency"] = measure(folder, like_per_class)
    out["peak_rss_mib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return out


def build_index(folder: Path, processes: int) -> dict:
    """Build the index with ``zhiku reindex``'s function, once per corpus (then reused)."""
    from zhiku.search.backends import get_backend
    from zhiku.search.indexer import rebuild

    backend = get_backend(folder)
    record = folder / "build.json"
    if record.exists() and backend.health("").present:
        return json.loads(record.read_text())
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    started = time.perf_counter()
    state = rebuild(folder, processes=processes)
    seconds = time.perf_counter() - started
    path = backend.current_path()  # the tantivy backend's folder
    size = sum(p.stat().st_size for p in path.rglob("*") if p.is_file())
    result = {
        "documents": state.documents,
        "seconds": round(seconds, 1),
        "rate": round(state.documents / seconds),
        "size_mib": round(size / 2**20),
        "processes": processes,
        "peak_rss_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        "worker_peak_rss_mib": round(
            max(before, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss) / 1024
        ),
    }
    record.write_text(json.dumps(result))
    return result


def measure(folder: Path, like_per_class: int) -> dict:
    from django.db.models import Count

    from zhiku.catalog.models import Person
    from zhiku.search import backends, service

    # The least published authors: a handful of works each at 100k, a few hundred at 1M.
    rare = list(
        Person.objects.annotate(n=Count("authorships"))
        .filter(n__gte=1)
        .order_by("n", "pk")
        .values_list("name", flat=True)[:10]
    )
    sets = queries(rare)
    index_path = backends.get_backend(folder).current_path()  # tantivy: its folder

    totals: list[int] = []

    def run(query: dict) -> float:
        started = time.perf_counter()
        results = service.search(
            query["q"],
            params=query.get("params"),
            facets=query.get("facets", False),
            experts=query.get("facets", False),
        )
        elapsed = (time.perf_counter() - started) * 1000
        totals.append(results.total)
        return elapsed

    result: dict = {}
    for name in CLASSES:
        items = sets[name]
        cold = []
        for query in items:
            evict(index_path)
            backends.forget()  # a process that has not read the index yet
            cold.append(run(query))
        for query in items:
            run(query)  # warm-up
        totals.clear()
        warm = [run(query) for _ in range(WARM_REPEATS) for query in items]
        works = backends.get_backend(folder).searcher().documents
        result[name] = {"warm": percentiles(warm), "cold": percentiles(cold)}
        result[name]["matched"] = sum(totals) / len(totals) / works if totals else 0.0
        result[name]["fts5"] = percentiles([fts_query(folder, q) for q in items for _ in range(2)])
        result[name]["like"] = percentiles([like_query(q) for q in items[:like_per_class]])
    return result


def _tokens(text: str) -> list[str]:
    from zhiku.search.concepts import words

    return words(text)


def fts_query(folder: Path, query: dict) -> float:
    """The same query on SQLite FTS5: bm25 top 10 and the count (year and type facets when
    the class has facets; type/year filters through the metadata table)."""
    import sqlite3

    db = sqlite3.connect(folder / "fts.sqlite3")
    text = query["q"]
    phrase = ""
    if text.startswith('"'):
        quoted, _, text = text[1:].partition('"')
        phrase = '"' + " ".join(_tokens(quoted)) + '"'
    terms = " AND ".join([phrase] * bool(phrase) + [f'"{t}"' for t in _tokens(text)])
    params = query.get("params") or {}
    where, args = "fts MATCH ?", [terms]
    if params:
        low, high = params["year"][0].split("..")
        where += f" AND meta.type IN ({','.join('?' * len(params['type']))})"
        where += " AND meta.year BETWEEN ? AND ?"
        args += [*params["type"], int(low), int(high)]
    join = "FROM fts JOIN meta ON meta.id = fts.rowid"
    started = time.perf_counter()
    db.execute(
        f"SELECT fts.rowid {join} WHERE {where} ORDER BY bm25(fts, 3, 3, 2, 1.5, 1) LIMIT 10",
        args,
    ).fetchall()
    db.execute(f"SELECT count(*) {join} WHERE {where}", args).fetchall()
    if query.get("facets"):
        db.execute(f"SELECT meta.year, count(*) {join} WHERE {where} GROUP BY 1", args).fetchall()
        db.execute(f"SELECT meta.type, count(*) {join} WHERE {where} GROUP BY 1", args).fetchall()
    elapsed = (time.perf_counter() - started) * 1000
    db.close()
    return elapsed


def like_query(query: dict) -> float:
    """A naive site search: LIKE on title and body, newest 10 and the count."""
    from django.db import connection

    words = query["q"].replace('"', " ").split()
    clause = " AND ".join(["(title LIKE %s OR body LIKE %s)"] * len(words))
    args = [a for w in words for a in (f"%{w}%", f"%{w}%")]
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT id FROM catalog_work WHERE {clause} ORDER BY date DESC LIMIT 10",  # noqa: S608
            args,
        )
        cursor.fetchall()
        cursor.execute(f"SELECT count(*) FROM catalog_work WHERE {clause}", args)  # noqa: S608
        cursor.fetchall()
    return (time.perf_counter() - started) * 1000


def run(quick: bool = False) -> str:
    sizes = [(2_000, 3)] if quick else [(100_000, 3), (1_000_000, 2)]
    results = []
    for works, like in sizes:
        output = CACHE / f"search-{works}.json"
        CACHE.mkdir(parents=True, exist_ok=True)
        for phase in ("data", "build", "measure"):
            command = [sys.executable, "-m", "bench.bench_search", "--works", str(works)]
            command += ["--like", str(like), "--out", str(output), "--phase", phase]
            subprocess.run(command, check=True, cwd=HERE.parent)
        results.append(json.loads(output.read_text()))
    return report(results)


def report(results: list[dict]) -> str:
    return render(results)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="One size of the search benchmark.")
    parser.add_argument("--works", type=int, required=True, help="corpus size")
    parser.add_argument("--processes", type=int, default=2, help="analysis processes")
    parser.add_argument("--like", type=int, default=3, help="LIKE-scan queries per class")
    parser.add_argument("--out", type=Path, required=True, help="where to write the JSON")
    parser.add_argument(
        "--phase", choices=["data", "build", "measure"], default="measure", help="what to do"
    )
    args = parser.parse_args(argv)
    result = child(args.works, args.processes, args.like, args.phase)
    if result:
        args.out.write_text(json.dumps(result, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
