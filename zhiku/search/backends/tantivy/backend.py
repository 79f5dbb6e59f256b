"""``TantivyBackend``: zhiku's search backend on a local tantivy index (see ``files.py``)."""

from __future__ import annotations

import contextlib
import datetime as dt
import shutil
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, ClassVar

import tantivy

from zhiku.search.backends.base import (
    Document,
    Health,
    IndexUnavailable,
    SearchBackend,
    State,
    Writer,
)
from zhiku.search.backends.tantivy import files
from zhiku.search.backends.tantivy.schema import SCHEMA, SCHEMA_VERSION, to_document
from zhiku.search.backends.tantivy.searcher import TantivySearcher


class TantivyWriter(Writer):
    """tantivy's one writer of the current generation (its lock file) and its state."""

    def __init__(self, data_dir: Path, path: Path) -> None:
        self.data_dir, self.path = data_dir, path
        try:
            self.index = files.open_index(path)
        except ValueError as exc:
            raise IndexUnavailable(str(exc)) from exc
        self.writer: tantivy.IndexWriter | None = files.open_writer(self.index)
        self.state = State.read(path)
        self.names = set(files.read_names(path))

    def replace(self, delete_ids: Iterable[int], documents: Iterable[Document]) -> int:
        assert self.writer is not None
        # One delete for the batch (by query: delete_documents_by_term reads a Python int as
        # an i64 term, which never matches our u64 ids).
        self.writer.delete_documents_by_query(
            tantivy.Query.term_set_query(SCHEMA, "id", sorted(set(delete_ids)))
        )
        for document in documents:
            self.writer.add_document(to_document(document))
        self.writer.commit()
        self.index.reload()
        return self.index.searcher().num_docs

    def save_state(self) -> None:
        self.state.write(self.path)

    def save_names(self) -> None:
        files.write_names(self.path, sorted(self.names))

    def is_current(self) -> bool:
        return self.writer is not None and files.current_path(self.data_dir) == self.path

    def close(self) -> None:
        self.writer = None  # dropping tantivy's writer releases its lock


class TantivyBackend(SearchBackend):
    """Generations of a tantivy index under ``location/search``; a ``current`` link is
    switched atomically by ``rebuild``. One writer (a lock file), any number of readers."""

    supports: ClassVar[frozenset[str]] = frozenset(
        {"facets", "experts", "related", "suggest", "phrases", "rebuild"}
    )
    schema_version: ClassVar[int] = SCHEMA_VERSION

    def __init__(self, location: Path, **options: Any) -> None:
        super().__init__(location, **options)
        self.reader = files.Reader(self.location)

    # -- reading ------------------------------------------------------------------------------

    def searcher(self) -> TantivySearcher:
        return TantivySearcher(self.reader.searcher())

    def current_path(self) -> Path | None:
        """The folder of the current generation (None: no index yet)."""
        return files.current_path(self.location)

    def names(self) -> list[str]:
        path = self.current_path()
        return files.read_names(path) if path is not None else []

    def forget(self) -> None:
        self.reader = files.Reader(self.location)

    def health(self, database: str) -> Health:
        path = self.current_path()
        if path is None:
            return Health(problem=f"no search index in {files.search_root(self.location)}")
        health = Health(present=True)
        try:
            health.state = State.read(path)
            health.documents = self.searcher().documents
        except (OSError, ValueError, TypeError, IndexUnavailable) as exc:
            health.problem = f"search index in {path} is unreadable: {exc}"
            return health
        health.readable = True
        if health.state.database != database:
            health.problem = f"index built from another database ({health.state.database})"
        elif health.state.schema != SCHEMA_VERSION:
            health.problem = (
                f"index format {health.state.schema}, this version writes {SCHEMA_VERSION}"
            )
        return health

    # -- writing ------------------------------------------------------------------------------

    def writer(self) -> TantivyWriter:
        path = self.current_path()
        if path is None:
            raise IndexUnavailable(f"no search index in {files.search_root(self.location)}")
        return TantivyWriter(self.location, path)

    def rebuild(
        self,
        batches: Iterable[list[Document]],
        *,
        state: State,
        names: list[str],
        progress: Callable[[int], None] | None = None,
    ) -> State:
        generation = files.new_generation(self.location)
        try:
            files.write_names(generation, names)
            index = files.create_index(generation)
            writer = files.open_writer(index)
            count = 0
            for batch in batches:
                for document in batch:
                    writer.add_document(to_document(document))
                count += len(batch)
                if progress:
                    progress(count)
            writer.commit()
            writer.wait_merging_threads()
            state.schema, state.documents = SCHEMA_VERSION, count
            state.write(generation)
        except BaseException:
            shutil.rmtree(generation, ignore_errors=True)
            raise
        files.switch_to(self.location, generation)
        return state

    def problem(self, database: str, max_idle_days: int) -> str:
        path = self.current_path()
        if path is None:
            return "no index yet"
        try:
            state = State.read(path)
        except (OSError, ValueError, TypeError) as exc:
            return f"unreadable state: {exc}"
        if state.schema != SCHEMA_VERSION:
            return f"index format {state.schema}, this version writes {SCHEMA_VERSION}"
        if state.database != database:
            return f"built from another database ({state.database})"
        if state.applied:
            idle = (dt.datetime.now(dt.UTC) - dt.datetime.fromisoformat(state.applied)).days
            if idle >= max_idle_days:
                return f"not followed for {idle} days; older log rows are pruned"
        try:
            index = files.open_index(path)
            searcher = index.searcher()
            for _, address in searcher.search(tantivy.Query.all_query(), 1).hits:
                searcher.doc(address)
        except (ValueError, OSError) as exc:
            return f"corrupt index: {exc}"
        return ""

    def build_lock(self, wait: bool = True) -> contextlib.AbstractContextManager[bool]:
        return files.rebuild_lock(self.location, wait)

    def request_rebuild(self, reason: str) -> None:
        root = files.search_root(self.location)
        root.mkdir(parents=True, exist_ok=True)
        (root / files.REBUILD_REQUEST).write_text(reason, encoding="utf-8")

    def rebuild_requested(self) -> str:
        try:
            return "reader asked: " + (
                files.search_root(self.location) / files.REBUILD_REQUEST
            ).read_text(encoding="utf-8")
        except OSError:
            return ""

    def clear_rebuild_request(self) -> None:
        (files.search_root(self.location) / files.REBUILD_REQUEST).unlink(missing_ok=True)
