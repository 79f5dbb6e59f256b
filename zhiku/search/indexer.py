"""The one writer of an index: builds it from the database, applies the change log, and is
the only code that asks the search backend for its writer.

Who runs it: ``zhiku serve`` keeps one ``follow`` loop next to the web workers; ``zhiku
ingest`` applies the log after each input; ``zhiku reindex`` builds a new generation and
switches to it; with ``ZHIKU_SEARCH_APPLY_ON_COMMIT`` (tests, small single-process sites)
every committing transaction applies it. When another process holds the writer, the others
leave the log to it. A search never writes: a reader that finds the index missing or broken
asks for a rebuild (``request_rebuild``) and the next writer does it.
"""

from __future__ import annotations

import collections
import datetime as dt
import logging
import multiprocessing
import os
from collections.abc import Callable, Iterator
from pathlib import Path

from django.conf import settings
from django.db import connection, connections
from django.utils import timezone

from zhiku.search import log
from zhiku.search.analysis import add_words, has_han
from zhiku.search.backends import get_backend
from zhiku.search.backends.base import SearchBackend, State, Writer, WriterBusy
from zhiku.search.documents import (
    catalog_names,
    prepare,
    prepare_ids,
    published_ids,
    snapshots,
)
from zhiku.search.suggest_build import refresh_suggestions

logger = logging.getLogger(__name__)

#: Works per job of a rebuild's worker processes, and jobs queued per worker.
CHUNK = 200
IN_FLIGHT = 3
#: How often (seconds) an idle follower still notes in its state that it is following.
CHECKPOINT_SECONDS = 3600


def database_id() -> str:
    """Which database an index follows: an index built from another one is rebuilt."""
    db = connection.settings_dict
    return f"{connection.vendor}:{db.get('HOST') or ''}:{db.get('PORT') or ''}:{db['NAME']}"


def rebuild(
    data_dir: Path | None = None,
    *,
    processes: int = 1,
    progress: Callable[[int], None] | None = None,
) -> State:
    """Build a fresh index from the database and make it current; return its state."""
    backend = get_backend(data_dir)
    with backend.build_lock():
        state = _build(backend, processes, progress)
        backend.clear_rebuild_request()
    refresh_suggestions(backend.location, force=True)
    logger.info("search: built an index of %d works", state.documents)
    return state


def _build(backend: SearchBackend, processes: int, progress: Callable[[int], None] | None) -> State:
    watermark = log.start_watermark()  # before reading: later commits are applied again
    names = catalog_names()
    add_words(names)
    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        processes = 1  # forked workers would open an empty database of their own
    if connection.in_atomic_block:
        # inside a transaction (a caller's, a test's) forked workers would share its connection
        # mid-transaction and could not see its uncommitted rows: build in this process
        processes = 1
    now = timezone.now().isoformat()
    state = State(database=database_id(), watermark=watermark, built=now, applied=now)
    batches = _prepared_chunks(published_ids(CHUNK), processes)
    return backend.rebuild(batches, state=state, names=names, progress=progress)


def _prepared_chunks(chunks: Iterator[list[int]], processes: int) -> Iterator[list]:
    """``prepare_ids`` of each chunk, in order, from ``processes`` forked workers that read
    and analyse while this process feeds tantivy. At most IN_FLIGHT chunks per worker wait,
    so memory stays flat however large the catalog."""
    if processes <= 1:
        yield from (prepare_ids(ids) for ids in chunks)
        return
    # Closed first so no worker inherits (and later closes) this process's connection.
    connections.close_all()
    pool = multiprocessing.get_context("fork").Pool(processes)
    waiting: collections.deque = collections.deque()
    try:
        for ids in chunks:
            waiting.append(pool.apply_async(prepare_ids, (ids,)))
            if len(waiting) >= processes * IN_FLIGHT:
                yield waiting.popleft().get()
        while waiting:
            yield waiting.popleft().get()
    finally:
        pool.terminate()
        pool.join()


class Indexer:
    """Holds the backend's writer of the current index while in a ``with`` block."""

    def __init__(self, data_dir: Path | None = None) -> None:
        self.data_dir = Path(data_dir or settings.DATA_DIR)
        self.backend = get_backend(self.data_dir)
        self.writer: Writer | None = None
        self.state = State()

    def __enter__(self) -> Indexer:
        self.open()
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def open(self) -> None:
        """Take the writer of the current index, first rebuilding it when it is unusable."""
        ensure_current(self.data_dir)
        self.writer = self.backend.writer()  # WriterBusy: another process follows the log
        self.state = self.writer.state
        add_words(self.writer.names)

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
        self.writer = None

    def apply(self, limit: int = log.BATCH) -> int:
        """Apply what the log holds beyond the watermark; return how many works changed."""
        if self.writer is None or not self.writer.is_current():
            self.close()  # ``zhiku reindex`` switched generations: follow the new one
            self.open()
        assert self.writer is not None
        applied = 0
        while True:
            pending = log.pending(self.state.watermark, limit)
            if not pending.work_ids:
                break
            applied += self._apply(pending.work_ids)
            self.state.watermark = pending.watermark
            self.state.applied = timezone.now().isoformat()
            self.writer.save_state()
            if not pending.more:
                break
        if applied:
            refresh_suggestions(self.data_dir)
        return applied

    def _apply(self, work_ids: list[int]) -> int:
        assert self.writer is not None
        found = snapshots(work_ids)
        names = {a[0] for s in found.values() for a in s["authors"] if has_han(a[0])}
        if names - self.writer.names:
            self.writer.names |= names
            add_words(names)
            self.writer.save_names()
        unique = set(work_ids)
        documents = [prepare(snapshot) for snapshot in found.values()]
        self.state.documents = self.writer.replace(unique, documents)
        return len(unique)

    def checkpoint(self) -> None:
        """Note that this index is still following (see ``unusable``), at most hourly."""
        assert self.writer is not None
        last = self.state.applied
        now = timezone.now()
        if not last or (now - _parse(last)).total_seconds() > CHECKPOINT_SECONDS:
            self.state.applied = now.isoformat()
            self.writer.save_state()


def ensure_current(data_dir: Path, wait: bool = True) -> bool:
    """Rebuild the current index first when it is missing, corrupt or outdated (the writer's
    job, never a search's). With ``wait`` off, returns False instead of waiting for another
    process's rebuild."""
    backend = get_backend(data_dir)
    if not unusable(backend) and not backend.rebuild_requested():
        return True
    with backend.build_lock(wait=wait) as locked:
        if not locked:
            return False
        reason = unusable(backend) or backend.rebuild_requested()
        if reason:
            level = logging.INFO if reason == "no index yet" else logging.WARNING
            logger.log(level, "search: building the index (%s)", reason)
            backend.clear_rebuild_request()
            _build(backend, 1, None)
            refresh_suggestions(backend.location, force=True)
    return True


def request_rebuild(data_dir: Path, reason: str) -> None:
    """Ask the writer to rebuild (a reader found the index broken but may not write)."""
    get_backend(data_dir).request_rebuild(reason)


def rebuild_requested(data_dir: Path) -> str:
    """The reason a reader asked for a rebuild, or ""."""
    return get_backend(data_dir).rebuild_requested()


def unusable(backend: SearchBackend) -> str:
    """Why the current index cannot be followed ("" when it can)."""
    return backend.problem(database_id(), settings.ZHIKU_SEARCH_LOG_DAYS)


def _parse(stamp: str) -> dt.datetime:
    return dt.datetime.fromisoformat(stamp)


def apply_pending(data_dir: Path | None = None) -> int | None:
    """Apply the log now; None when another process holds the writer (it will apply it)."""
    try:
        with Indexer(data_dir) as indexer:
            return indexer.apply()
    except WriterBusy:
        return None


def cpu_processes() -> int:
    """Analysis processes for a rebuild: one per CPU this process may use."""
    return max(1, len(os.sched_getaffinity(0)))
