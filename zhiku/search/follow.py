"""The indexer's loop: hold the writer, apply the change log every ``poll`` seconds, prune it.

It survives what a long-running process meets: the database going away (it reconnects), a
corrupt or missing index (rebuilt), ``zhiku reindex`` switching generations (followed), another
process holding the writer (it waits for it), SIGTERM (it stops between passes).
"""

from __future__ import annotations

import logging
import os
import signal
import threading
import time

from django.conf import settings
from django.db import DatabaseError, close_old_connections

from zhiku.search import heartbeat, log
from zhiku.search.backends.base import WriterBusy
from zhiku.search.indexer import Indexer

logger = logging.getLogger(__name__)

#: Seconds to wait before trying again after an error or while another writer is active.
RETRY_SECONDS = 5.0
#: Seconds between prunes of old change-log rows.
PRUNE_SECONDS = 3600.0


def follow(*, poll: float, once: bool = False, parent: int = 0) -> int:
    """Apply the log until stopped (or once); return how many works were applied."""
    stop = threading.Event()
    if not once and threading.current_thread() is threading.main_thread():
        for signum in (signal.SIGTERM, signal.SIGINT):
            signal.signal(signum, lambda *_: stop.set())
    beating = None
    if not once:  # alive and following: /healthz of `zhiku serve` reads it
        every = settings.ZHIKU_SEARCH_HEARTBEAT_SECONDS / 4
        beating = heartbeat.Beating(settings.DATA_DIR, every).start()
    try:
        return _follow(stop, poll=poll, once=once, parent=parent)
    finally:
        if beating is not None:
            beating.stop()


def _follow(stop: threading.Event, *, poll: float, once: bool, parent: int) -> int:
    applied, last_prune = 0, 0.0
    while not stop.is_set():
        if parent and os.getppid() != parent:
            logger.info("search indexer: parent %s is gone; stopping", parent)
            break
        try:
            close_old_connections()
            with Indexer() as indexer:
                while not stop.is_set():
                    close_old_connections()
                    applied += indexer.apply()
                    if once:
                        return applied
                    indexer.checkpoint()
                    if time.monotonic() - last_prune > PRUNE_SECONDS:
                        log.prune(settings.ZHIKU_SEARCH_LOG_DAYS)
                        last_prune = time.monotonic()
                    if parent and os.getppid() != parent:
                        stop.set()
                    stop.wait(poll)
        except WriterBusy:
            if once:
                return applied
            logger.info("search indexer: another process holds the writer; waiting")
            stop.wait(RETRY_SECONDS)
        except DatabaseError as exc:
            logger.warning("search indexer: database error (%s); retrying", exc)
            close_old_connections()
            stop.wait(RETRY_SECONDS)
        except (ValueError, OSError):  # a damaged index is rebuilt when it is opened again
            logger.exception("search indexer: failed; re-opening the index")
            if once:
                raise
            stop.wait(RETRY_SECONDS)
    return applied
