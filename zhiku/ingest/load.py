"""Stage 4, load: Extractions into the catalog. With ``load_units``, ``load_people`` and
``load_works``, the only modules of ``ingest`` that write to the database.

Each Extraction is loaded in one transaction: a page is one Extraction, so it lands whole or
not at all; a streamed input (JSON Lines, CSV, BibTeX, RIS) yields batches of 500 records and
commits them one by one. A failure or a ``kill -9`` mid-run leaves every page whole or absent
and every batch whole or absent, and running the same command again completes the job (what was
loaded is recognised as unchanged). A dry run loads everything in one transaction and rolls it
back: the report shows what would change, and nothing, not even the ImportRun, is written.

Idempotency is by provenance: every record's canonical hash is stored on its Source row with
the input's URI; a record whose (URI, hash) is already there is "unchanged" and costs nothing.
The matching rules are in ``load_people`` and ``load_works``.
"""

from __future__ import annotations

import hashlib
import json
import os
import socket
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import DatabaseError, transaction
from django.utils import timezone

from zhiku.catalog.models import ImportRun, Person, Source
from zhiku.errors import explain_database_error
from zhiku.ingest.load_people import PeopleResolver
from zhiku.ingest.load_units import UnitResolver
from zhiku.ingest.load_works import WorkLoader
from zhiku.ingest.pipeline import Input, InputError, extract_path, iter_inputs
from zhiku.ingest.records import Extraction, WorkRecord
from zhiku.search.hooks import apply_search_log

KINDS = ("units", "people", "works")
OUTCOMES = ("created", "updated", "unchanged")
#: Warnings (and merges) kept per input in the report; beyond this they are counted, not
#: listed, so the report of a huge input stays small.
MAX_REPORT_WARNINGS = 1000
#: Files a folder walk meets that are not inputs: reported as skipped, not as failures.
NOT_INPUT_SUFFIXES = frozenset(
    ".pdf .doc .docx .xls .xlsx .ppt .pptx .jpg .jpeg .png .gif .webp .svg .ico .css .js .zip "
    ".gz .rar .7z .mp3 .mp4 .json .xml .md .py .exe".split()
)


@dataclass
class InputReport:
    """What happened to one input: status, reason, counts per kind, warnings, merges."""

    path: str
    status: str = "ok"  # ok | failed | skipped
    reason: str = ""
    format: str = ""
    counts: dict[str, dict[str, int]] = field(
        default_factory=lambda: {k: dict.fromkeys(OUTCOMES, 0) for k in KINDS}
    )
    warnings: list[dict[str, Any]] = field(default_factory=list)
    warnings_omitted: int = 0
    merged: list[dict[str, Any]] = field(default_factory=list)
    merged_omitted: int = 0

    def count(self, kind: str, outcome: str) -> None:
        self.counts[kind][outcome] += 1

    def warn(self, warning: dict[str, Any]) -> None:
        """Keep ``warning`` (up to MAX_REPORT_WARNINGS; the rest are only counted)."""
        if len(self.warnings) < MAX_REPORT_WARNINGS:
            self.warnings.append(warning)
        else:
            self.warnings_omitted += 1

    def merge(self, entry: dict[str, Any]) -> None:
        """Record a merge (up to MAX_REPORT_WARNINGS of them; the rest are only counted)."""
        if len(self.merged) < MAX_REPORT_WARNINGS:
            self.merged.append(entry)
        else:
            self.merged_omitted += 1

    def reset_counts(self) -> None:
        self.counts = {k: dict.fromkeys(OUTCOMES, 0) for k in KINDS}
        self.merged = []

    def to_dict(self) -> dict[str, Any]:
        out = {
            "path": self.path,
            "status": self.status,
            "reason": self.reason,
            "format": self.format,
            "counts": self.counts,
            "warnings": self.warnings,
            "merged": self.merged,
        }
        if self.warnings_omitted:
            out["warnings_omitted"] = self.warnings_omitted
        if self.merged_omitted:
            out["merged_omitted"] = self.merged_omitted
        return out


def ingest_paths(
    paths: Iterable[Path],
    *,
    dry_run: bool = False,
    user: str = "",
    on_input: Callable[[InputReport], None] | None = None,
    uri_for: Callable[[Path], str] | None = None,
) -> ImportRun:
    """Import every file under ``paths``; return the finished ImportRun with its report.

    ``uri_for`` names an input in provenance (default: its absolute path), so an upload of the
    same file name is recognised as the same input.
    """
    if dry_run:
        with transaction.atomic():
            run = _run_all(paths, dry_run, user, on_input, uri_for)
            transaction.set_rollback(True)
        return run
    return _run_all(paths, dry_run, user, on_input, uri_for)


def _run_all(paths, dry_run, user, on_input, uri_for) -> ImportRun:
    if not dry_run:
        ImportRun.objects.close_interrupted()
    run = ImportRun.objects.create(
        dry_run=dry_run, user=user, host=socket.gethostname(), pid=os.getpid()
    )
    reports = []
    for path in iter_inputs(list(paths)):
        uri = uri_for(path) if uri_for else str(path.resolve())
        report = ingest_path(path, run, uri=uri)
        reports.append(report)
        if on_input:
            on_input(report)
        apply_search_log()  # search follows the catalog as each input commits
    apply_search_log(final=True)
    return finish_run(run, reports)


def ingest_path(path: Path, run: ImportRun, *, uri: str | None = None) -> InputReport:
    """Load one file, a transaction per Extraction: a page lands whole or not at all; a
    streamed input (JSON Lines, CSV, BibTeX, RIS) commits batch by batch, so a large import
    never holds SQLite's write lock for longer than a batch. A failure is reported; a batch
    that failed leaves nothing behind, and re-running the input completes the job."""
    report = InputReport(path=str(path))
    if path.suffix.lower() in NOT_INPUT_SUFFIXES:
        report.status, report.reason = "skipped", f"not an input format ({path.suffix})"
        return report
    committed = dict.fromkeys(OUTCOMES, 0)
    try:
        source, extractions = extract_path(path)
        report.format = source.format
        loader = Loader(source, run, report, uri or str(path.resolve()))
        for extraction in extractions:
            with transaction.atomic():
                loader.load(extraction)
            committed = dict(report.counts["works"])
    except InputError as exc:
        report.status, report.reason = "failed", str(exc)
    except DatabaseError as exc:
        report.status, report.reason = "failed", f"database error: {explain_database_error(exc)}"
    if report.status == "failed":
        landed = sum(committed.values())
        if landed:
            report.reason += (
                f" ({landed} works of earlier batches were committed; re-running the input "
                "completes the import)"
            )
        report.reset_counts()
        report.counts["works"] = committed
    return report


def finish_run(run: ImportRun, reports: list[InputReport]) -> ImportRun:
    """Store totals and per-input reports on ``run``."""
    ok = [r for r in reports if r.status == "ok"]
    for outcome in OUTCOMES:
        setattr(run, outcome, sum(r.counts[k][outcome] for r in ok for k in KINDS))
    run.failed = sum(1 for r in reports if r.status == "failed")
    run.skipped = sum(1 for r in reports if r.status == "skipped")
    run.report = {"inputs": [r.to_dict() for r in reports]}
    run.state = ImportRun.State.FAILED if run.failed else ImportRun.State.FINISHED
    run.finished = timezone.now()
    run.save()
    return run


def record_hash(record: Any) -> str:
    """The canonical hash of a record: SHA-256 of its contract JSON with sorted keys."""
    payload = json.dumps(record.to_dict(), ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(payload.encode()).hexdigest()


class Loader:
    """Matches and merges the records of one input into the catalog."""

    def __init__(self, source: Input, run: ImportRun, report: InputReport, uri: str) -> None:
        self.source, self.run, self.report, self.uri = source, run, report, uri
        self.units = UnitResolver(report.count)
        self.people = PeopleResolver(self)
        self.works = WorkLoader(self)

    def load(self, extraction: Extraction) -> None:
        """Load one Extraction: its people, then its works and the profile's listed works."""
        for warning in extraction.warnings:
            self.report.warn(warning.to_dict())
        page_people: dict[str, Person] = {}
        for record in extraction.people:
            page_people[record.name] = self.people.upsert(record)
        subject = page_people.get(extraction.subject or "")
        listed = [
            WorkRecord(
                title=item.title,
                authors=[subject.name] if subject else [],
                date=item.date,
                type=item.type,
                language=item.language,
                source=item.source,
            )
            for item in extraction.listed_works
        ]
        self.works.load(extraction.works + listed, page_people)

    # --- provenance -----------------------------------------------------------------------

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
