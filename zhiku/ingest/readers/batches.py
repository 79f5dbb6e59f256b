"""Batches: a list reader's records gathered into Extractions of ``BATCH_SIZE`` records.

The loader commits an Extraction in one transaction, so a list (JSON Lines, CSV, BibTeX, RIS)
yields batches: big enough to amortise a transaction, small enough to bound memory and the time
a large import holds the database's write lock. A reader adds records and warnings to
``current`` and yields what ``full()`` and, at the end, ``rest()`` give::

    batches = Batches()
    for entry in entries:
        batches.current.works.append(work_of(entry, batches.current))
        yield from batches.full()
    yield from batches.rest()
"""

from __future__ import annotations

from zhiku.ingest.records import Extraction

#: Records per yielded Extraction.
BATCH_SIZE = 500


class Batches:
    """The Extraction being filled, handed over once it holds ``size`` records."""

    def __init__(self, size: int = BATCH_SIZE, *, count_warnings: bool = False) -> None:
        self.size = size
        #: Also hand a batch over once it holds ``size`` warnings (a stream of bad lines).
        self.count_warnings = count_warnings
        self.current = Extraction()

    def full(self) -> list[Extraction]:
        """The current batch when it is full (a new one begins), else nothing."""
        batch = self.current
        records = len(batch.works) + len(batch.people)
        if records >= self.size or (self.count_warnings and len(batch.warnings) >= self.size):
            self.current = Extraction()
            return [batch]
        return []

    def rest(self) -> list[Extraction]:
        """The last batch, unless it holds nothing (no record and no warning)."""
        batch = self.current
        self.current = Extraction()
        return [batch] if batch.works or batch.people or batch.warnings else []
