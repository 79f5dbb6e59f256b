"""Whole-page caching for anonymous readers, invalidated by the catalog generation.

Rendering an expert page with hundreds of works costs tens of milliseconds; serving it again
costs one indexed read of the generation counter. Every committed write to units, people,
positions, works or authorships advances the counter (``bump_after_commit``), so a cached page
is never older than the last write: pages are keyed by the generation they were rendered at,
and after a write nobody asks for the old keys again. Each worker process keeps its own cache
(local memory), and the counter lives in the database, so this holds across workers and
across app servers on one PostgreSQL.
"""

from __future__ import annotations

from functools import wraps

from django.conf import settings
from django.core.cache import caches
from django.db import DatabaseError, transaction
from django.db.models import F
from django.http import HttpResponse
from django.utils.translation import get_language

from zhiku.catalog.models import Generation

#: The cache alias pages are stored in (see settings.CACHES).
CACHE_ALIAS = "pages"
#: Statuses worth keeping: pages and the tombstones of withdrawn works.
CACHEABLE_STATUSES = (200, 410)
#: Headers replayed from a cached response (security headers are added by middleware anyway).
KEPT_HEADERS = ("Content-Type", "Content-Language", "Vary", "X-Robots-Tag", "Link")


def current_generation() -> int:
    """The catalog generation now (0 before the first write)."""
    value = Generation.objects.filter(pk=1).values_list("value", flat=True).first()
    return value or 0


def bump() -> None:
    """Advance the generation (creating the row the first time)."""
    if not Generation.objects.filter(pk=1).update(value=F("value") + 1):
        Generation.objects.get_or_create(pk=1, defaults={"value": 1})


def bump_after_commit() -> None:
    """Advance the generation once the current transaction commits (once per transaction).

    After commit, not inside the transaction: the counter row would otherwise be locked until
    commit and serialise every writer on PostgreSQL.
    """
    connection = transaction.get_connection()
    if any(func is bump for _, func, _ in connection.run_on_commit):
        return
    transaction.on_commit(bump)


def cached_page(view):
    """Serve ``view``'s response from the page cache for anonymous GETs without a query."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if (
            not settings.ZHIKU_PAGE_CACHE
            or request.method not in ("GET", "HEAD")
            or request.GET
            or request.user.is_authenticated
        ):
            return view(request, *args, **kwargs)
        cache = caches[CACHE_ALIAS]
        try:
            key = f"page:{current_generation()}:{get_language()}:{request.path}"
        except DatabaseError:
            return view(request, *args, **kwargs)
        hit = cache.get(key)
        if hit is not None:
            status, content, headers = hit
            response = HttpResponse(content, status=status)
            for name, value in headers:
                response.headers[name] = value
            response.headers["X-Page-Cache"] = "hit"
            return response
        response = view(request, *args, **kwargs)
        if (
            response.status_code in CACHEABLE_STATUSES
            and not response.streaming
            and not response.cookies
            and not request.META.get("CSRF_COOKIE_USED")
            and "no-store" not in response.headers.get("Cache-Control", "")
        ):
            headers = [(h, response.headers[h]) for h in KEPT_HEADERS if h in response.headers]
            cache.set(key, (response.status_code, response.content, headers))
            response.headers["X-Page-Cache"] = "miss"
        return response

    return wrapper
