"""Search following an import: the change log applied as ``zhiku ingest`` goes (on the
catalog's ``input_imported`` and ``import_finished`` signals, see ``receivers``)."""

from __future__ import annotations

import logging
import time

from django.conf import settings
from django.db import connection

logger = logging.getLogger(__name__)

#: Seconds between applies during an ingest run (each is a tantivy commit).
INGEST_APPLY_SECONDS = 1.0
_last_apply = 0.0


def apply_search_log(final: bool = False) -> None:
    """Apply the search change log after an ingested input (at most every
    INGEST_APPLY_SECONDS) and at the end of the run (``final``). When another process holds
    the writer (``zhiku serve``'s indexer) it applies the log instead. Never raises: a search
    problem must not fail an import, and the log keeps every change for later."""
    global _last_apply
    if settings.ZHIKU_SEARCH_READ_ONLY or connection.in_atomic_block:
        return  # read-only, or inside a transaction (a dry run): nothing committed to apply
    now = time.monotonic()
    if not final and now - _last_apply < INGEST_APPLY_SECONDS:
        return
    _last_apply = now
    from zhiku.search.indexer import apply_pending

    try:
        apply_pending()
    except Exception:
        logger.exception("search: could not apply the change log; `zhiku indexer --once` will")
