"""Where an uncached page's time goes: render pages in-process (page cache off) against a
benchmark instance and print per-page times and the top functions of a cProfile run.

    ZHIKU_DATA_DIR=var/bench/serve-sqlite-100000 python -m bench.profile_pages [URL ...]

Without URLs: a work page, the expert page nearest 500 works, home, and a search.
"""

from __future__ import annotations

import cProfile
import io
import os
import pstats
import sys
import time


def main(argv: list[str]) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhiku.settings")
    os.environ["ZHIKU_PAGE_CACHE"] = "0"
    os.environ.setdefault("ZHIKU_DEBUG", "0")
    os.environ.setdefault("ZHIKU_SECRET_KEY", "profile-" + "x" * 50)
    os.environ.setdefault("ZHIKU_SSL_REDIRECT", "0")
    os.environ["ZHIKU_SEARCH_READ_ONLY"] = "1"
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection, reset_queries
    from django.db.models import Count
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from zhiku.catalog.models import Person, Work

    urls = argv
    if not urls:
        person = (
            Person.objects.annotate(n=Count("authorships"))
            .order_by("-n")
            .filter(n__lte=520)
            .first()
        )
        work = Work.objects.published().order_by("pk")[5000]
        urls = [work.get_absolute_url(), person.get_absolute_url(), "/", "/search/?q=全球治理"]
    settings.ALLOWED_HOSTS = ["*"]
    client = Client()
    for url in urls:
        client.get(url)  # warm: templates, index reader, SQLite page cache
        times = []
        for _ in range(20):
            start = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - start) * 1000)
        times.sort()
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        reset_queries()
        print(
            f"{url}: status {response.status_code}, {len(response.content) // 1024} KiB, "
            f"{len(queries)} queries, median {times[len(times) // 2]:.1f} ms, "
            f"max {times[-1]:.1f} ms over 20"
        )
        profile = cProfile.Profile()
        profile.enable()
        for _ in range(5):
            client.get(url)
        profile.disable()
        out = io.StringIO()
        pstats.Stats(profile, stream=out).sort_stats("tottime").print_stats(22)
        print("\n".join(out.getvalue().splitlines()[:45]))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
