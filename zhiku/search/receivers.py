"""The search app's listeners: ``works_changed`` appends to the change log, in the writer's
transaction, and (when ``ZHIKU_SEARCH_APPLY_ON_COMMIT`` is on) applies it once that commits;
an import's ``input_imported`` and ``import_finished`` apply it as the import goes
(``hooks.apply_search_log``)."""

from __future__ import annotations

import logging

from django.conf import settings
from django.db import connection, transaction
from django.dispatch import receiver

from zhiku.catalog.signals import import_finished, input_imported, works_changed
from zhiku.search import log
from zhiku.search.hooks import apply_search_log

logger = logging.getLogger(__name__)


@receiver(works_changed)
def log_changes(sender, work_ids, **kwargs) -> None:
    """Append the changed works to the log; schedule applying it when so configured."""
    log.record(work_ids)
    if settings.ZHIKU_SEARCH_APPLY_ON_COMMIT and not _scheduled():
        transaction.on_commit(apply_after_commit, robust=True)


def _scheduled() -> bool:
    # One callback per transaction, however many works it changes.
    return any(func is apply_after_commit for _, func, _ in connection.run_on_commit)


def apply_after_commit() -> None:
    """Apply the log now, unless another process (the indexer) holds the writer."""
    from zhiku.search.indexer import apply_pending

    applied = apply_pending()
    if applied is None:
        logger.info("search: another process holds the index writer; it applies the log")


@receiver(input_imported)
def input_imported_apply(sender, **kwargs) -> None:
    """An import committed an input: search follows (at most every INGEST_APPLY_SECONDS)."""
    apply_search_log()


@receiver(import_finished)
def import_finished_apply(sender, **kwargs) -> None:
    """An import run is done: apply what its last inputs changed."""
    apply_search_log(final=True)
