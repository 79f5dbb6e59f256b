"""``/healthz``: is this app server able to serve? Checks the database and derived stores.

Load balancers and systemd watchdogs poll it: 200 with ``{"status": "ok", …}`` when every check
passes, 503 naming the failing check otherwise. It never raises.

It lives in ``ops``, the top layer of apps, because it checks what the layers below provide
(the database, the search index); each check is a function of the app it checks.
"""

from __future__ import annotations

import shutil
import time
from collections.abc import Callable

from django.conf import settings
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from zhiku.search.health import search_index

#: name → check; a check returns a short detail string or raises with the problem.
CHECKS: dict[str, Callable[[], str]] = {}


def check(name: str) -> Callable[[Callable[[], str]], Callable[[], str]]:
    """Register a health check under ``name`` (used as a decorator)."""

    def register(func: Callable[[], str]) -> Callable[[], str]:
        CHECKS[name] = func
        return func

    return register


@check("database")
def database() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return connection.vendor


check("search")(search_index)


class DiskFull(Exception):
    """The data folder's disk has less free space than ``ZHIKU_MIN_FREE_MB``."""


@check("disk")
def disk() -> str:
    """Free space where the database, the search index and the counters are written: a full
    disk fails every write (an import, the indexer) while reads still look fine."""
    free_mb = shutil.disk_usage(settings.DATA_DIR).free / 1_000_000
    if settings.ZHIKU_MIN_FREE_MB and free_mb < settings.ZHIKU_MIN_FREE_MB:
        raise DiskFull(
            f"{free_mb:.0f} MB free on the data folder {settings.DATA_DIR}, "
            f"below ZHIKU_MIN_FREE_MB={settings.ZHIKU_MIN_FREE_MB}"
        )
    return f"{free_mb:.0f} MB free"


@never_cache
@require_GET
def healthz(request):
    results, healthy = {}, True
    for name, func in CHECKS.items():
        start = time.perf_counter()
        try:
            detail, ok = func(), True
        except Exception as exc:  # any failure is the answer, not a crash
            detail, ok = f"{type(exc).__name__}: {exc}", False
        healthy &= ok
        results[name] = {
            "ok": ok,
            "detail": detail,
            "ms": round((time.perf_counter() - start) * 1000, 1),
        }
    return JsonResponse(
        {"status": "ok" if healthy else "unavailable", "checks": results},
        status=200 if healthy else 503,
    )
