"""The ``search`` check of ``/healthz``: this server can open the index and it is following.

``zhiku/ops/health.py`` lists it among the checks.

It fails (503) when the index is missing or unreadable, was built from another database, or
the oldest change not yet applied is older than ``ZHIKU_SEARCH_MAX_LAG_SECONDS``: the indexer
is stuck or gone. A shorter lag is normal while an import runs and is only reported.
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.utils import timezone

from zhiku.search import log
from zhiku.search.index import IndexUnavailable, State, current_path


class IndexBehind(Exception):
    """Changes have waited longer than the stated delay to become searchable."""


def search_index() -> str:
    from zhiku.search.indexer import database_id
    from zhiku.search.service import open_searcher

    data_dir = Path(settings.DATA_DIR)
    searcher = open_searcher(data_dir)  # read-only servers: IndexUnavailable until it exists
    path = current_path(data_dir)
    if path is None:
        raise IndexUnavailable("no search index yet")
    state = State.read(path)
    if state.database != database_id():
        raise IndexUnavailable(f"index built from another database ({state.database})")
    oldest = log.oldest_pending(state.watermark)
    lag = (timezone.now() - oldest).total_seconds() if oldest else 0.0
    if lag > settings.ZHIKU_SEARCH_MAX_LAG_SECONDS:
        raise IndexBehind(f"changes wait {lag:.0f} s to become searchable; is the indexer running?")
    return f"works indexed: {searcher.num_docs}; {lag:.1f} s behind"
