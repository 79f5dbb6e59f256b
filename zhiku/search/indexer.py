"""The one writer of an index: builds it from the database, applies the change log, and is
the only code that holds tantivy's writer lock.

Who runs it: ``zhiku serve`` keeps one ``follow`` loop next to the web workers; ``zhiku
ingest`` applies the log after each input; ``zhiku reindex`` builds a new generation and
switches to it; with ``ZHIKU_SEARCH_APPLY_ON_COMMIT`` (tests, small single-process sites)
every committing transaction applies it. When another process holds the writer, the others
leave the log to it.
"""

from __future__ import annotations

import collections
import contextlib
import datetime as dt
import fcntl
import logging
import multiprocessing
import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import tantivy
from django.conf import settings
from django.db import connection, connections
from django.utils import timezone

from zhiku.search import log
from zhiku.search.analysis import add_words, has_han
from zhiku.search.documents import (
    catalog_names,
    prepare,
    prepare_ids,
    published_ids,
    snapshots,
    to_document,
)
from zhiku.search.index import (
    SCHEMA,
    SCHEMA_VERSION,
    State,
    WriterBusy,
    create_index,
    current_path,
    new_generation,
    open_index,
    open_writer,
    read_names,
    search_root,
    switch_to,
    write_names,
)

logger = logging.getLogger(__name__)

#: Works per job of a rebuild's worker processes, and jobs queued per worker.
CHUNK = 200
IN_FLIGHT = 3
#: How often (seconds) an idle follower still notes in its state that it is following.
CHECKPOINT_SECONDS = 3600
#: A file a read-only process leaves when it finds the index broken; the writer rebuilds.
REBUILD_REQUEST = "rebuild-requested"


def database_id() -> str:
    """Which database an index follows: an index built from another one is rebuilt."""
    db = connection.settings_dict
    return f"{connection.vendor}:{db.get('HOST') or ''}:{db.get('PORT') or ''}:{db['NAME']}"


@contextlib.contextmanager
def rebuild_lock(data_dir: Path, wait: bool = True) -> Iterator[bool]:
    """Hold the lock that lets one process at a time build a generation; yields False when
    ``wait`` is off and another process holds it."""
    root = search_root(data_dir)
    root.mkdir(parents=True, exist_ok=True)
    with open(root / ".rebuild.lock", "w") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
        except BlockingIOError:
            yield False
            return
        try:
            yield True
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def rebuild(
    data_dir: Path | None = None,
    *,
    processes: int = 1,
    progress: Callable[[int], None] | None = None,
) -> State:
    """Build a fresh generation from the database and make it current; return its state."""
    data_dir = Path(data_dir or settings.DATA_DIR)
    with rebuild_lock(data_dir):
        generation = new_generation(data_dir)
        try:
            state = _build(generation, processes, progress)
        except BaseException:
            shutil.rmtree(generation, ignore_errors=True)
            raise
        switch_to(data_dir, generation)
        (search_root(data_dir) / REBUILD_REQUEST).unlink(missing_ok=True)
    logger.info("search: built %s with %d works", generation.name, state.documents)
    return state


def _build(generation: Path, processes: int, progress: Callable[[int], None] | None) -> State:
    watermark = log.start_watermark()  # before reading: later commits are applied again
    names = catalog_names()
    add_words(names)
    write_names(generation, names)
    index = create_index(generation)
    writer = open_writer(index)
    count = 0
    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        processes = 1  # forked workers would open an empty database of their own
    for prepared in _prepared_chunks(published_ids(CHUNK), processes):
        for item in prepared:
            writer.add_document(to_document(item))
        count += len(prepared)
        if progress:
            progress(count)
    writer.commit()
    writer.wait_merging_threads()
    now = timezone.now().isoformat()
    state = State(
        schema=SCHEMA_VERSION,
        database=database_id(),
        watermark=watermark,
        built=now,
        applied=now,
        documents=count,
    )
    state.write(generation)
    return state


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
    """Holds the writer of the current generation while in a ``with`` block."""

    def __init__(self, data_dir: Path | None = None) -> None:
        self.data_dir = Path(data_dir or settings.DATA_DIR)
        self.path: Path | None = None
        self.index = None
        self.writer = None
        self.state = State()
        self._names: set[str] = set()

    def __enter__(self) -> Indexer:
        self.open()
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def open(self) -> None:
        """Take the writer of the current index, first rebuilding it when it is unusable."""
        path = ensure_current(self.data_dir)
        assert path is not None
        self.index = open_index(path)
        self.writer = open_writer(self.index)  # WriterBusy: another process follows the log
        self.path, self.state = path, State.read(path)
        self._names = set(read_names(path))
        add_words(self._names)

    def close(self) -> None:
        self.writer = self.index = None  # dropping tantivy's writer releases its lock
        self.path = None

    def apply(self, limit: int = log.BATCH) -> int:
        """Apply what the log holds beyond the watermark; return how many works changed."""
        if self.writer is None or current_path(self.data_dir) != self.path:
            self.close()  # ``zhiku reindex`` switched generations: follow the new one
            self.open()
        applied = 0
        while True:
            pending = log.pending(self.state.watermark, limit)
            if not pending.work_ids:
                break
            applied += self._apply(pending.work_ids)
            self.state.watermark = pending.watermark
            self.state.applied = timezone.now().isoformat()
            self.state.write(self.path)
            if not pending.more:
                break
        return applied

    def _apply(self, work_ids: list[int]) -> int:
        found = snapshots(work_ids)
        names = {a[0] for s in found.values() for a in s["authors"] if has_han(a[0])}
        if names - self._names:
            self._names |= names
            add_words(names)
            write_names(self.path, sorted(self._names))
        unique = set(work_ids)
        # One delete for the batch (by query: delete_documents_by_term reads a Python int as
        # an i64 term, which never matches our u64 ids).
        self.writer.delete_documents_by_query(
            tantivy.Query.term_set_query(SCHEMA, "id", sorted(unique))
        )
        for snapshot in found.values():
            self.writer.add_document(to_document(prepare(snapshot)))
        self.writer.commit()
        self.index.reload()
        self.state.documents = self.index.searcher().num_docs
        return len(unique)

    def checkpoint(self) -> None:
        """Note that this index is still following (see ``unusable``), at most hourly."""
        last = self.state.applied
        now = timezone.now()
        if not last or (now - _parse(last)).total_seconds() > CHECKPOINT_SECONDS:
            self.state.applied = now.isoformat()
            self.state.write(self.path)


def ensure_current(data_dir: Path, wait: bool = True) -> Path | None:
    """The current generation, rebuilt first when it is missing, corrupt or outdated.

    With ``wait`` off, returns None instead of waiting for another process's rebuild.
    """
    path = current_path(data_dir)
    if not unusable(path) and not rebuild_requested(data_dir):
        return path
    with rebuild_lock(data_dir, wait=wait) as locked:
        if not locked:
            return None
        path = current_path(data_dir)
        reason = unusable(path) or rebuild_requested(data_dir)
        if reason:
            log_level = logging.INFO if path is None else logging.WARNING
            logger.log(log_level, "search: building the index (%s)", reason)
            (search_root(data_dir) / REBUILD_REQUEST).unlink(missing_ok=True)
            generation = new_generation(data_dir)
            try:
                _build(generation, 1, None)
            except BaseException:
                shutil.rmtree(generation, ignore_errors=True)
                raise
            switch_to(data_dir, generation)
            path = generation
    return path


def request_rebuild(data_dir: Path, reason: str) -> None:
    """Ask the writer to rebuild (a reader found the index broken but may not write)."""
    root = search_root(data_dir)
    root.mkdir(parents=True, exist_ok=True)
    (root / REBUILD_REQUEST).write_text(reason, encoding="utf-8")


def rebuild_requested(data_dir: Path) -> str:
    """The reason a reader asked for a rebuild, or ""."""
    try:
        return "reader asked: " + (search_root(data_dir) / REBUILD_REQUEST).read_text()
    except OSError:
        return ""


def unusable(path: Path | None) -> str:
    """Why the generation at ``path`` cannot be followed ("" when it can)."""
    if path is None:
        return "no index yet"
    try:
        state = State.read(path)
    except (OSError, ValueError, TypeError) as exc:
        return f"unreadable state: {exc}"
    if state.schema != SCHEMA_VERSION:
        return f"index format {state.schema}, this version writes {SCHEMA_VERSION}"
    if state.database != database_id():
        return f"built from another database ({state.database})"
    if state.applied:
        idle = (timezone.now() - _parse(state.applied)).days
        if idle >= settings.ZHIKU_SEARCH_LOG_DAYS:
            return f"not followed for {idle} days; older log rows are pruned"
    try:
        index = open_index(path)
        searcher = index.searcher()
        for _, address in searcher.search(tantivy.Query.all_query(), 1).hits:
            searcher.doc(address)
    except (ValueError, OSError) as exc:
        return f"corrupt index: {exc}"
    return ""


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
