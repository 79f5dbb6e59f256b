"""Latency of the open interfaces on a synthetic catalog (in-process requests, SQLite).

Measures what a harvester, an API client, a feed reader and a reference manager cause: one
OAI-PMH page of 100 records, API list pages and details, a 1,000-work BibTeX export, the site
feed and the sitemap. Requests go through Django's test client, so the figures are the
application's own time without network or a WSGI server.
"""

from __future__ import annotations

import os
import statistics
import tempfile
import time
from pathlib import Path


def _catalog(works: int, folder: Path) -> None:
    """Migrate a fresh SQLite database in ``folder`` and ingest ``works`` synthetic works."""
    os.environ["ZHIKU_DATA_DIR"] = str(folder)
    os.environ["ZHIKU_DATABASE_URL"] = f"sqlite:///{folder / 'bench.sqlite3'}"
    import django

    django.setup()
    from django.core.management import call_command

    from bench.corpus import write_corpus

    call_command("migrate", verbosity=0)
    corpus = write_corpus(folder / "corpus.jsonl", works)
    call_command("ingest", str(corpus), verbosity=0, stdout=open(os.devnull, "w"))  # noqa: SIM115


def _timed(client, url: str, repeat: int) -> tuple[float, float, int]:
    """(p50 ms, p95 ms, response bytes) of ``repeat`` GETs of ``url``."""
    times, size = [], 0
    for _ in range(repeat):
        start = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (url, response.status_code)
        size = len(response.content)
    times.sort()
    return statistics.median(times), times[max(0, int(len(times) * 0.95) - 1)], size


def run(quick: bool = False) -> str:
    works = 300 if quick else 3_000
    repeat = 5 if quick else 20
    with tempfile.TemporaryDirectory(prefix="zhiku-bench-interop-") as tmp:
        started = time.perf_counter()
        _catalog(works, Path(tmp))
        load_seconds = time.perf_counter() - started
        from django.conf import settings
        from django.db.models import Count
        from django.test import Client

        from zhiku.catalog.models import Person, Work

        settings.ALLOWED_HOSTS = ["*"]
        client = Client()
        some = Work.objects.published().order_by("pk").values_list("pk", flat=True)
        middle = some[len(some) // 2]
        busiest = Person.objects.annotate(n=Count("authorships")).order_by("-n").first()
        last_page = max(1, min(10, Work.objects.published().filter(language="zh").count() // 100))
        first = client.get("/oai?verb=ListRecords&metadataPrefix=oai_dc").content.decode()
        token = first.split('cursor="0"', 1)[1].split(">", 1)[1].split("<", 1)[0]
        cases = [
            ("API works, page 1 (100)", "/api/v1/works?page_size=100"),
            (f"API works, page {last_page} (100), filtered",
             f"/api/v1/works?page_size=100&page={last_page}&language=zh"),
            ("API work detail", f"/api/v1/works/{middle}"),
            (f"API expert detail ({busiest.n} works)", f"/api/v1/people/{busiest.slug}"),
            ("OAI ListRecords, first page (100)", "/oai?verb=ListRecords&metadataPrefix=oai_dc"),
            ("OAI ListRecords, resumed page", f"/oai?verb=ListRecords&resumptionToken={token}"),
            ("OAI ListIdentifiers, first page", "/oai?verb=ListIdentifiers&metadataPrefix=oai_dc"),
            ("BibTeX export, ≤1,000 works", "/cite/works/bibtex/"),
            ("GB/T 7714 export, ≤1,000 works", "/cite/works/gbt7714-2015/"),
            ("Atom feed, site", "/feeds/latest.atom"),
            ("sitemap index", "/sitemap.xml"),
            ("sitemap of works (both languages)", "/sitemaps/works-1.xml"),
        ]  # fmt: skip
        rows = []
        for label, url in cases:
            p50, p95, size = _timed(client, url, repeat)
            rows.append(f"| {label} | {p50:,.1f} | {p95:,.1f} | {size / 1024:,.0f} |")
    return "\n".join(
        [
            "## Open interfaces (`python -m bench interop`)",
            "",
            f"{works:,} synthetic works ingested into SQLite ({load_seconds:.0f} s), then each "
            f"URL requested {repeat} times in-process (Django test client: no network, no "
            "WSGI server). Milliseconds per request.",
            "",
            "| request | p50 ms | p95 ms | KiB |",
            "|---|---:|---:|---:|",
            *rows,
        ]
    )
