"""The context of one input being loaded: where it came from, its run, its report, its units,
and its provenance (the Source rows that make a re-import of the same records cost nothing)."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from zhiku.catalog.models import ImportRun, Source
from zhiku.ingest.load.report import InputReport
from zhiku.ingest.load.units import UnitResolver
from zhiku.ingest.pipeline import Input


def record_hash(record: Any) -> str:
    """The canonical hash of a record: SHA-256 of its contract JSON with sorted keys."""
    payload = json.dumps(record.to_dict(), ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(payload.encode()).hexdigest()


class InputContext:
    """One input of a run: what the people and works loaders share."""

    def __init__(self, source: Input, run: ImportRun, report: InputReport, uri: str) -> None:
        self.source, self.run, self.report, self.uri = source, run, report, uri
        self.units = UnitResolver(report.count)

    def hash_of(self, record: Any) -> str:
        return record_hash(record)

    def has_source(self, rhash: str, **target: Any) -> bool:
        return Source.objects.filter(uri=self.uri, record_hash=rhash, **target).exists()

    def source_values(self, rhash: str, **target: Any) -> dict[str, Any]:
        """The column values of a Source row for a record of this input."""
        return {
            "uri": self.uri,
            "input_hash": self.source.data_hash,
            "record_hash": rhash,
            "extractor": self.source.extractor,
            "import_run_id": self.run.pk,
            **target,
        }

    def add_source(self, rhash: str, **target: Any) -> None:
        Source.objects.create(**self.source_values(rhash, **target))
