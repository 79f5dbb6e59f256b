"""The tantivy index on local disk: its folders, and how processes open it.

Layout under ``DATA_DIR/search/``::

    current -> gen-20261126T120000-1a2b   (a symlink, switched atomically by a rebuild)
    gen-…/   tantivy's files, ``zhiku.json`` (schema version, log watermark, when built and
             last applied), ``names.txt`` (the person names the segmenter knew)
    rebuild-requested                      (left by a reader that found the index broken)

One process writes (tantivy holds a lock file while an ``IndexWriter`` lives); any number read.
A reader re-opens when ``current`` points elsewhere and reloads when ``meta.json`` changed.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import os
import secrets
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import tantivy

from zhiku.search.backends.base import IndexUnavailable, WriterBusy
from zhiku.search.backends.tantivy.schema import SCHEMA

NAMES_FILE = "names.txt"
#: A file a read-only process leaves when it finds the index broken; the writer rebuilds.
REBUILD_REQUEST = "rebuild-requested"
#: Memory the writer may fill before it flushes a segment, per indexing thread.
WRITER_HEAP_BYTES = 96_000_000


def search_root(data_dir: Path) -> Path:
    """The folder holding the index generations and the ``current`` link."""
    return Path(data_dir) / "search"


def current_path(data_dir: Path) -> Path | None:
    """The generation ``current`` points to, or None when there is none."""
    link = search_root(data_dir) / "current"
    try:
        target = os.readlink(link)
    except OSError:
        return None
    path = (link.parent / target).resolve()
    return path if path.is_dir() else None


def new_generation(data_dir: Path) -> Path:
    """A new, empty generation folder (not yet current)."""
    root = search_root(data_dir)
    root.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S")
    path = root / f"gen-{stamp}-{secrets.token_hex(3)}"
    path.mkdir()
    return path


def switch_to(data_dir: Path, generation: Path) -> None:
    """Make ``generation`` current in one atomic rename, then remove older generations."""
    root = search_root(data_dir)
    temporary = root / f".current-{secrets.token_hex(4)}"
    os.symlink(generation.name, temporary)
    os.replace(temporary, root / "current")
    for old in root.glob("gen-*"):
        if old.resolve() != generation.resolve():
            # Readers that still map old files keep them until they re-open (POSIX unlink).
            shutil.rmtree(old, ignore_errors=True)


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


def open_index(path: Path) -> tantivy.Index:
    """Open the tantivy index in ``path``; ValueError when it is missing or unreadable."""
    if not (path / "meta.json").exists():
        raise ValueError(f"no index in {path}")
    return tantivy.Index.open(str(path))


def create_index(path: Path) -> tantivy.Index:
    """A new empty index in ``path``."""
    return tantivy.Index(SCHEMA, path=str(path), reuse=False)


def open_writer(index: tantivy.Index, threads: int = 1) -> tantivy.IndexWriter:
    """The index's writer; WriterBusy when another one holds the lock."""
    try:
        return index.writer(heap_size=WRITER_HEAP_BYTES * threads, num_threads=threads)
    except ValueError as exc:
        if "LockBusy" in str(exc):
            raise WriterBusy(str(exc)) from exc
        raise


def read_names(path: Path) -> list[str]:
    """The person names stored with a generation (empty when none)."""
    with contextlib.suppress(OSError):
        return (path / NAMES_FILE).read_text(encoding="utf-8").split("\n")
    return []


def write_names(path: Path, names: list[str]) -> None:
    """Store the segmenter's person names with a generation (atomically)."""
    temporary = path / f".{NAMES_FILE}.{secrets.token_hex(3)}"
    temporary.write_text("\n".join(sorted(set(names))), encoding="utf-8")
    os.replace(temporary, path / NAMES_FILE)


class Reader:
    """A process's read-only view of the current index, re-opened or reloaded as it changes."""

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = Path(data_dir)
        self.path: Path | None = None
        self.index: tantivy.Index | None = None
        self._stamp: tuple[int, ...] = ()
        self._lock = threading.Lock()

    def searcher(self) -> tantivy.Searcher:
        """A searcher on the newest committed state; IndexUnavailable when there is no index."""
        with self._lock:
            self._refresh()
            assert self.index is not None
            return self.index.searcher()

    def _refresh(self) -> None:
        from zhiku.search.analysis import add_words

        path = current_path(self.data_dir)
        if path is None:
            self.index = self.path = None
            raise IndexUnavailable(f"no search index in {search_root(self.data_dir)}")
        stamp = _stamp(path)
        if path == self.path and stamp == self._stamp and self.index is not None:
            return
        try:
            if path != self.path or self.index is None:
                index = open_index(path)
                index.config_reader(reload_policy="manual")
                self.index = index
            else:
                self.index.reload()
        except ValueError as exc:
            self.index = self.path = None
            raise IndexUnavailable(f"search index in {path} is unreadable: {exc}") from exc
        add_words(read_names(path))
        self.path, self._stamp = path, stamp


def _stamp(path: Path) -> tuple[int, ...]:
    """Identity of the last commit and names file: tantivy and we replace both by rename, so
    a new inode (or time) means a new version."""
    stamps: list[int] = []
    for name in ("meta.json", NAMES_FILE):
        try:
            info = os.stat(path / name)
            stamps += [info.st_ino, info.st_mtime_ns]
        except OSError:
            stamps += [0, 0]
    return tuple(stamps)
