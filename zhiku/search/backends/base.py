"""What zhiku asks of a search engine: the backend interface (plain Python, no Django).

A backend is chosen by the setting ``SEARCH_BACKEND`` (a dotted path, see
``zhiku.search.backends.get_backend``) and built with the data folder it may keep files in.
Everything zhiku-specific happens before or after it: the analyzer turns works into
*documents* (``zhiku.search.documents.prepare``: plain dicts of space-joined tokens per field,
facet values and a stored payload), the query parser turns what a reader typed into a
``ParsedQuery`` and ``zhiku.search.concepts`` into concepts; a backend only stores documents,
compiles concepts into its own queries and answers. Its obligations are
``tests/integration/search/test_backend_contract.py`` (``BackendContract``).

Reading (``searcher()``) never writes; writing (``writer()``, ``rebuild()``) belongs to the
indexer, ``zhiku reindex`` and the apply-after-commit hook.

The document a backend receives (``Document``)::

    id        int       the work id (unique)
    fields    dict      text field → analysed terms joined by spaces, for the fields in
                        ``TEXT_FIELDS`` that have text (one position per term)
    type, language      str   (filters, facets)
    year      int|None  day  int (days since 1970; ``UNDATED`` sorts after every date)
    units     list[int] every unit of every linked author, with the units above (filter)
    persons   list[int] linked authors in byline order (filter; the first ones: facets, experts)
    unit_chain list[int] the first linked author's unit and the units above, nearest first
    recency   float     a relevance multiplier is log2(2 + recency), 1 to 1.05
    payload   bytes     JSON of what a result shows (``zhiku.search.documents.payload``)
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar

from zhiku.search.concepts import Highlight
from zhiku.search.query import ParsedQuery

#: The searchable text fields of a document, and how much each counts (the engine-free
#: ranking policy lives in ``zhiku.search.vocabulary.FIELD_BOOSTS``).
TEXT_FIELDS = ("title", "authors", "keywords", "abstract", "body", "source")
#: Facets a backend counts, and what each counts: "unit" the first linked author's unit and
#: the unit above it, "author" the first two linked authors.
FACET_NAMES = ("type", "year", "language", "unit", "author")
#: Features a backend may lack; the contract tests of a missing one are skipped.
FEATURES = frozenset({"facets", "experts", "related", "suggest", "phrases", "rebuild"})

Document = dict[str, Any]
Payload = dict[str, Any]
#: (score, reference): a reference is the backend's own handle on a hit, only ever handed
#: back to the searcher that returned it.
ScoredRef = tuple[float, Any]


class IndexUnavailable(RuntimeError):
    """There is no usable index (missing, unreadable, being built)."""


class IndexDamaged(IndexUnavailable):
    """The index failed while answering: its files are damaged. Ask for a rebuild."""


class WriterBusy(RuntimeError):
    """Another process (or object) holds the index's writer."""


STATE_FILE = "zhiku.json"


@dataclass
class State:
    """What an index records about itself: the analyzer/schema version it was built with,
    the database it follows, the change-log watermark, when it was built and last applied,
    and how many documents it holds."""

    schema: int = 0
    database: str = ""
    watermark: dict[str, Any] = field(default_factory=dict)
    built: str = ""
    applied: str = ""
    documents: int = 0

    @classmethod
    def read(cls, path: Path) -> State:
        """The state stored in folder ``path`` (``zhiku.json``); OSError/ValueError if none."""
        data = json.loads((Path(path) / STATE_FILE).read_text(encoding="utf-8"))
        return cls(**{k: v for k, v in data.items() if k in cls.__dataclass_fields__})

    def write(self, path: Path) -> None:
        """Write atomically: a crash leaves the old state or the new one, never half."""
        path = Path(path)
        temporary = path / f".{STATE_FILE}.{secrets.token_hex(3)}"
        temporary.write_text(json.dumps(self.__dict__, ensure_ascii=False), encoding="utf-8")
        os.replace(temporary, path / STATE_FILE)


@dataclass(frozen=True)
class FilterSpec:
    """Restrictions already resolved against the catalog: values within one filter are
    alternatives, filters all apply. ``None`` (units, persons) restricts nothing; an author
    is matched as words in the authors field (every word must be there)."""

    types: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    years: tuple[int | None, int | None] | None = None
    unit_ids: tuple[int, ...] | None = None
    person_ids: tuple[int, ...] | None = None
    authors: tuple[str, ...] = ()


#: No restriction (a shared default: FilterSpec is frozen).
NO_FILTERS = FilterSpec()


@dataclass
class Found:
    """A page of hits ((score, reference) pairs), the total, whether the query was broadened,
    what snippets should mark and the backend's compiled query (opaque to callers)."""

    hits: list[ScoredRef]
    total: int
    highlight: Highlight = field(default_factory=Highlight)
    concepts: int = 0
    relaxed: bool = False
    compiled: Any = None


@dataclass
class Health:
    """What a backend can tell about its index without writing to it."""

    present: bool = False
    readable: bool = False
    problem: str = ""
    state: State | None = None
    documents: int = 0

    @property
    def ok(self) -> bool:
        return self.present and self.readable and not self.problem


class Searcher(ABC):
    """A consistent read-only view of the index (one request uses one)."""

    @property
    @abstractmethod
    def documents(self) -> int:
        """How many documents the index holds."""

    @abstractmethod
    def search(
        self,
        parsed: ParsedQuery,
        *,
        filters: FilterSpec = NO_FILTERS,
        sort: str = "relevance",
        offset: int = 0,
        limit: int = 10,
        broaden: bool = True,
    ) -> Found:
        """Run ``parsed`` (its ``must``/``must_not`` items; its ``filters`` are the caller's to
        resolve into ``filters``): by relevance or newest first (``sort="date"``). Strict
        (every concept, most of them for long questions); a query of several concepts that
        finds fewer than ``concepts.BROADEN_BELOW`` works is run again broad (``relaxed``)
        unless ``broaden`` is off."""

    @abstractmethod
    def payloads(self, refs: Sequence[Any]) -> list[Payload]:
        """The stored payloads of these hits, in order."""

    @abstractmethod
    def first_authors(self, refs: Sequence[Any]) -> list[tuple[int, ...]]:
        """For each hit, its first three linked authors (0 where there is none)."""

    @abstractmethod
    def relevance_hits(self, found: Found, limit: int) -> list[ScoredRef]:
        """The best ``limit`` hits of ``found``'s query by relevance alone (the experts panel
        of a search sorted by date)."""

    def facet_counts(self, found: Found, sizes: dict[str, int]) -> dict[str, dict[Any, int]]:
        """For each facet in ``sizes`` (see FACET_NAMES), value → count over the whole result
        set, most frequent first, at most ``sizes[name]`` values (years, units and people as
        ints). Backends without facets return {}."""
        return {}

    def related(self, work_id: int, limit: int) -> list[Payload]:
        """Payloads of up to ``limit`` works like work ``work_id`` (more like this)."""
        return []

    def suggest(self, prefix: str, limit: int = 10) -> list[str]:
        """Titles of works with a title word starting with what ``prefix`` ends with (the
        words before it must be in the title too), best first, without repeats."""
        return []


class Writer(ABC):
    """The one writer of the current index (hold it in a ``with`` block)."""

    state: State
    names: set[str]

    def __enter__(self) -> Writer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @abstractmethod
    def replace(self, delete_ids: Iterable[int], documents: Iterable[Document]) -> int:
        """Delete the documents of ``delete_ids``, add ``documents`` and commit in one step;
        return how many documents the index holds now."""

    @abstractmethod
    def save_state(self) -> None:
        """Store ``self.state`` with the index."""

    @abstractmethod
    def save_names(self) -> None:
        """Store ``self.names`` (the segmenter's person names) with the index."""

    @abstractmethod
    def is_current(self) -> bool:
        """False once a rebuild switched to another index: reopen the writer."""

    @abstractmethod
    def close(self) -> None:
        """Release the writer."""


class SearchBackend(ABC):
    """One search engine behind zhiku. ``location`` is the data folder it may use."""

    #: Which of FEATURES this backend has.
    supports: ClassVar[frozenset[str]] = frozenset()
    #: Bump when what a backend stores changes: indexes of another version are rebuilt.
    schema_version: ClassVar[int] = 0

    def __init__(self, location: Path, **options: Any) -> None:
        self.location = Path(location)
        self.options = options

    # -- reading: the request path --------------------------------------------------------

    @abstractmethod
    def searcher(self) -> Searcher:
        """A view of the newest committed index; IndexUnavailable when there is none."""

    @abstractmethod
    def health(self, database: str) -> Health:
        """Present, readable, built from ``database``? Never writes."""

    @abstractmethod
    def names(self) -> list[str]:
        """The person names stored with the current index (the segmenter learns them)."""

    @abstractmethod
    def forget(self) -> None:
        """Drop any open view (a damaged index, or a process starting cold)."""

    # -- writing: the indexer, reindex, apply-after-commit -----------------------------------

    @abstractmethod
    def writer(self) -> Writer:
        """The writer of the current index; WriterBusy when another one holds it,
        IndexUnavailable when there is no index (rebuild first)."""

    @abstractmethod
    def rebuild(
        self,
        batches: Iterable[list[Document]],
        *,
        state: State,
        names: list[str],
        progress: Callable[[int], None] | None = None,
    ) -> State:
        """Build a fresh index of ``batches`` beside the current one and switch to it
        atomically (searches go on meanwhile; nothing changes when it fails). ``state``
        (without ``documents``) is stored with it; return it completed."""

    @abstractmethod
    def problem(self, database: str, max_idle_days: int) -> str:
        """Why the current index cannot be followed ("" when it can): missing, unreadable,
        of another schema version or database, or idle for ``max_idle_days``."""

    @abstractmethod
    def build_lock(self, wait: bool = True) -> contextlib.AbstractContextManager[bool]:
        """Hold the lock that lets one process at a time rebuild; it yields False when
        ``wait`` is off and another process holds it."""

    @abstractmethod
    def request_rebuild(self, reason: str) -> None:
        """Note for the writer that a reader found the index broken."""

    @abstractmethod
    def rebuild_requested(self) -> str:
        """The reason a rebuild was asked for, or ""."""

    @abstractmethod
    def clear_rebuild_request(self) -> None:
        """Forget a request for a rebuild (it is being served)."""


def batches_of(documents: Iterable[Document], size: int) -> Iterator[list[Document]]:
    """``documents`` in lists of ``size`` (for ``rebuild``)."""
    batch: list[Document] = []
    for document in documents:
        batch.append(document)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch
