"""The ``search`` check of ``/healthz``: this server can open the index and it is following.

``zhiku/ops/health.py`` lists it among the checks.

It fails (503) when the index is missing or unreadable, was built from another database, or
the oldest change not yet applied is older than ``ZHIKU_SEARCH_MAX_LAG_SECONDS``: the indexer
is stuck or gone. A shorter lag is normal while an import runs and is only reported. Like a
search, the check only reads: an index it finds unusable is left to the writer to rebuild.

Where an indexer is expected (``ZHIKU_SEARCH_EXPECT_INDEXER``: the web workers of ``zhiku
serve``), it also fails when the indexer's heartbeat is missing or older than
``ZHIKU_SEARCH_HEARTBEAT_SECONDS``: the indexer is dead, and changes (a withdrawn work) would
wait unapplied however short the lag is so far.
"""

from __future__ import annotations

from django.conf import settings
from django.utils import timezone

from zhiku.search import heartbeat, log
from zhiku.search.backends import get_backend
from zhiku.search.backends.base import IndexUnavailable


class IndexBehind(Exception):
    """Changes have waited longer than the stated delay to become searchable."""


class IndexerDown(Exception):
    """The indexer this server relies on has no recent heartbeat."""


def indexer_alive() -> None:
    """Raise IndexerDown when an indexer is expected and its heartbeat is missing or stale."""
    if not settings.ZHIKU_SEARCH_EXPECT_INDEXER:
        return
    bound = settings.ZHIKU_SEARCH_HEARTBEAT_SECONDS
    age = heartbeat.age(settings.DATA_DIR)
    if age is None:
        raise IndexerDown("the search indexer is not running (no heartbeat)")
    if age > bound:
        raise IndexerDown(
            f"the search indexer has not signalled for {age:.0f} s (limit {bound:g} s)"
        )


def search_index() -> str:
    from zhiku.search.indexer import database_id

    indexer_alive()
    backend = get_backend()
    health = backend.health(database_id())
    if not health.ok or health.state is None:
        if health.present:
            from zhiku.search.service import ask_rebuild

            ask_rebuild(backend, health.problem)
        raise IndexUnavailable(health.problem)
    oldest = log.oldest_pending(health.state.watermark)
    lag = (timezone.now() - oldest).total_seconds() if oldest else 0.0
    if lag > settings.ZHIKU_SEARCH_MAX_LAG_SECONDS:
        raise IndexBehind(f"changes wait {lag:.0f} s to become searchable; is the indexer running?")
    return f"works indexed: {health.documents}; {lag:.1f} s behind"
