"""An import run: every input under the given paths, each loaded a transaction per Extraction,
with its report; the run's totals and reports stored on its ImportRun."""

from __future__ import annotations

import os
import socket
from collections.abc import Callable, Iterable
from pathlib import Path

from django.db import DatabaseError, transaction
from django.utils import timezone

from zhiku.catalog.models import ImportRun, Person
from zhiku.catalog.signals import import_finished, input_imported
from zhiku.errors import explain_database_error
from zhiku.ingest.load.context import InputContext
from zhiku.ingest.load.people import PeopleResolver
from zhiku.ingest.load.report import KINDS, OUTCOMES, InputReport
from zhiku.ingest.load.works import WorkLoader
from zhiku.ingest.pipeline import Input, InputError, extract_path, iter_inputs, not_an_input
from zhiku.ingest.records import Extraction, WorkRecord
from zhiku.ingest.template import learn_site_templates, site_of, site_template


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
    inputs = list(iter_inputs(list(paths)))
    # a site's furniture, learned from all its pages in this run, is dropped from each of them
    templates = learn_site_templates(inputs)
    for path in inputs:
        uri = uri_for(path) if uri_for else str(path.resolve())
        template = templates.get(site_of(path))
        with site_template(template):
            report = ingest_path(path, run, uri=uri)
        if template and template.furniture:
            report.warn({"code": "site_template", "detail": template.describe()})
        reports.append(report)
        if on_input:
            on_input(report)
        # derived stores (search) follow the catalog as each input commits
        input_imported.send(sender=ImportRun, run=run)
    import_finished.send(sender=ImportRun, run=run)
    return finish_run(run, reports)


def ingest_path(path: Path, run: ImportRun, *, uri: str | None = None) -> InputReport:
    """Load one file, a transaction per Extraction: a page lands whole or not at all; a
    streamed input (JSON Lines, CSV, BibTeX, RIS) commits batch by batch, so a large import
    never holds SQLite's write lock for longer than a batch. A failure is reported; a batch
    that failed leaves nothing behind, and re-running the input completes the job."""
    report = InputReport(path=str(path))
    if not_an_input(path):
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


class Loader:
    """Matches and merges the records of one input into the catalog."""

    def __init__(self, source: Input, run: ImportRun, report: InputReport, uri: str) -> None:
        self.context = InputContext(source, run, report, uri)
        self.report = report
        self.people = PeopleResolver(self.context)
        self.works = WorkLoader(self.context, self.people)

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
