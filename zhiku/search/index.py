"""The tantivy index on local disk: its schema, its folders, and how processes open it.

Layout under ``DATA_DIR/search/``::

    current -> gen-20261126T120000-1a2b   (a symlink, switched atomically by ``reindex``)
    gen-…/   tantivy's files, ``zhiku.json`` (schema version, log watermark, when built and
             last applied), ``names.txt`` (the person names the segmenter knew)

Text fields are fed our analyzer's tokens joined by spaces (tantivy's whitespace tokenizer only
splits them again; tokens never contain spaces); fast fields hold what filters, facets
and sorting need; ``payload`` stores what a result shows (original title, authors, text for
snippets), so a results page needs no database query per hit.

One process writes (tantivy holds a lock file while an ``IndexWriter`` lives); any number read.
A reader re-opens when ``current`` points elsewhere and reloads when ``meta.json`` changed.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import secrets
import shutil
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import tantivy

#: Bump when the schema or the analyzer changes what is indexed: older indexes get rebuilt.
SCHEMA_VERSION = 4
TEXT_FIELDS = ("title", "authors", "keywords", "abstract", "body", "source")
#: The first linked authors of a work, one fast field each, so the experts panel reads them
#: for a hundred hits in one call (tantivy's Python API returns one value of a multi-valued
#: fast field).
EXPERT_FIELDS = ("person1", "person2", "person3")
#: The first linked author's unit and the units above it (most specific first), one
#: single-valued fast field each: the unit facet reads them (multi-valued fast fields are
#: about ten times slower to aggregate; ``units`` stays for filtering).
UNIT_FIELDS = ("unit1", "unit2", "unit3")
STATE_FILE = "zhiku.json"
NAMES_FILE = "names.txt"
#: Memory the writer may fill before it flushes a segment, per indexing thread.
WRITER_HEAP_BYTES = 96_000_000


class IndexUnavailable(RuntimeError):
    """There is no usable index and this process may not build one now."""


class WriterBusy(RuntimeError):
    """Another process (or object) holds the index's writer lock."""


def build_schema() -> tantivy.Schema:
    """The index schema (see the module docstring)."""
    builder = tantivy.SchemaBuilder()
    builder.add_unsigned_field("id", stored=True, indexed=True, fast=True)
    for name in TEXT_FIELDS:
        builder.add_text_field(name, tokenizer_name="whitespace", index_option="position")
    builder.add_text_field("type", fast=True, tokenizer_name="raw")
    builder.add_text_field("language", fast=True, tokenizer_name="raw")
    builder.add_integer_field("year", indexed=True, fast=True)
    builder.add_integer_field("date", indexed=True, fast=True)  # days since 1970 (sorting)
    builder.add_unsigned_field("units", indexed=True, fast=True)
    builder.add_unsigned_field("persons", indexed=True, fast=True)
    for name in EXPERT_FIELDS + UNIT_FIELDS:
        builder.add_unsigned_field(name, fast=True)
    builder.add_float_field("recency", fast=True)
    builder.add_bytes_field("payload", stored=True)
    return builder.build()


SCHEMA = build_schema()


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


@dataclass
class State:
    """What ``zhiku.json`` records next to an index generation."""

    schema: int = SCHEMA_VERSION
    database: str = ""
    watermark: dict[str, Any] = field(default_factory=dict)
    built: str = ""
    applied: str = ""
    documents: int = 0

    @classmethod
    def read(cls, path: Path) -> State:
        data = json.loads((path / STATE_FILE).read_text(encoding="utf-8"))
        return cls(**{k: v for k, v in data.items() if k in cls.__dataclass_fields__})

    def write(self, path: Path) -> None:
        """Write atomically: a crash leaves the old state or the new one, never half."""
        temporary = path / f".{STATE_FILE}.{secrets.token_hex(3)}"
        temporary.write_text(json.dumps(self.__dict__, ensure_ascii=False), encoding="utf-8")
        os.replace(temporary, path / STATE_FILE)


def open_index(path: Path) -> tantivy.Index:
    """Open the tantivy index in ``path``; ValueError when it is missing or unreadable."""
    if not (path / "meta.json").exists():
        raise ValueError(f"no index in {path}")
    index = tantivy.Index.open(str(path))
    return index


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
