"""An import run: every input under the given paths, each loaded a transaction per Extraction,
with its report; the run's totals and reports stored on its ImportRun.

A bad record costs only itself. The record boundary (``pipeline``, ``validate``) drops what the
database would refuse before any write; when the database, or anything else, still refuses a
batch, the batch is rolled back and its records are loaded again one by one, each in its own
transaction (a savepoint in a dry run), so only the one that fails is lost, reported with its
line. An input that cannot be read fails alone, and the run always ends in a final state.
"""

from __future__ import annotations

import contextlib
import os
import socket
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from django.db import DatabaseError, InterfaceError, OperationalError, transaction
from django.utils import timezone

from zhiku.catalog.models import ImportRun, Person
from zhiku.catalog.signals import import_finished, input_imported
from zhiku.errors import explain_database_error
from zhiku.ingest.load.context import InputContext
from zhiku.ingest.load.people import PeopleResolver
from zhiku.ingest.load.report import KINDS, OUTCOMES, InputReport
from zhiku.ingest.load.units import UnitResolver
from zhiku.ingest.load.works import WorkLoader
from zhiku.ingest.pipeline import Input, InputError, extract_path, iter_inputs, skip_reason
from zhiku.ingest.records import Extraction, WorkRecord
from zhiku.ingest.template import learn_site_templates, site_of, site_template
from zhiku.ingest.validate import check_limits, plain, where_of

#: Errors that are about the database, not about a record (locked, gone, full): a batch that
#: meets one is not retried record by record; the input fails and says why.
DATABASE_DOWN = (OperationalError, InterfaceError)


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
    reports: list[InputReport] = []
    try:
        inputs = list(iter_inputs(list(paths)))
        # a site's furniture, learned from all its pages in this run, is dropped from each
        templates = learn_site_templates(inputs)
        for path in inputs:
            uri = uri_for(path) if uri_for else printable_path(path.resolve())
            template = templates.get(site_of(path))
            with site_template(template):
                report = ingest_path(path, run, uri=uri)
            reports.append(report)
            if on_input:
                on_input(report)
            # derived stores (search) follow the catalog as each input commits
            input_imported.send(sender=ImportRun, run=run)
        import_finished.send(sender=ImportRun, run=run)
    except BaseException as exc:
        # never left "running": the run ends interrupted (Ctrl-C) or failed, then the error goes on
        interrupted = isinstance(exc, KeyboardInterrupt | SystemExit)
        with contextlib.suppress(Exception):
            finish_run(
                run,
                reports,
                state=ImportRun.State.INTERRUPTED if interrupted else ImportRun.State.FAILED,
                error=f"{type(exc).__name__}: {exc}",
            )
        raise
    learned = [t.to_dict() for t in templates.values() if t.furniture]
    return finish_run(run, reports, sites=learned)


def ingest_path(path: Path, run: ImportRun, *, uri: str | None = None) -> InputReport:
    """Load one file, a transaction per Extraction: a page lands whole or not at all; a
    streamed input (JSON Lines, CSV, BibTeX, RIS) commits batch by batch, so a large import
    never holds SQLite's write lock for longer than a batch. A record that fails is reported
    with its line and skipped; a failure of the input is reported, a batch that failed leaves
    nothing behind, and re-running the input completes the job. A path that is no input (a
    dangling link, an unreadable file, a PDF) is reported as skipped, with the reason."""
    report = InputReport(path=printable_path(path))
    reason = skip_reason(path)
    if reason:
        report.status, report.reason = "skipped", reason
        return report
    committed = dict.fromkeys(OUTCOMES, 0)
    try:
        source, extractions = extract_path(path)
        report.format = source.format
        loader = Loader(source, run, report, uri or printable_path(path.resolve()))
        for extraction in extractions:
            loader.load_batch(extraction)
            committed = dict(report.counts["works"])
    except PermissionError:
        report.status, report.reason = "skipped", "cannot be read: permission denied"
        return report
    except InputError as exc:
        report.status, report.reason = "failed", str(exc)
    except DatabaseError as exc:
        report.status, report.reason = "failed", f"database error: {explain_database_error(exc)}"
    except Exception as exc:  # whatever it is, this input fails and the run goes on
        report.status, report.reason = "failed", f"internal error: {type(exc).__name__}: {exc}"
    if report.status == "failed":
        report.reason = plain(report.reason)
        landed = sum(committed.values())
        if landed:
            report.reason += (
                f" ({landed} works of earlier batches were committed; re-running the input "
                "completes the import)"
            )
        report.reset_counts()
        report.counts["works"] = committed
    return report


def printable_path(path: Path) -> str:
    """``path`` as text that can always be printed and stored (a name that is not UTF-8 shows
    U+FFFD where its bad bytes are)."""
    return os.fsencode(path).decode("utf-8", "replace")


def storable(value: Any) -> Any:
    """``value`` (a report: dicts, lists, text) with every text normalised as records are
    (``validate.plain``): PostgreSQL's jsonb refuses NUL and lone surrogates."""
    if isinstance(value, str):
        return plain(value)
    if isinstance(value, dict):
        return {storable(k): storable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [storable(v) for v in value]
    return value


def finish_run(
    run: ImportRun,
    reports: list[InputReport],
    *,
    state: str | None = None,
    error: str = "",
    sites: list[dict[str, Any]] | None = None,
) -> ImportRun:
    """Store totals and per-input reports on ``run``, and its final state: ``state`` when
    given (a run stopped by ``error``), else failed when an input failed, else finished."""
    ok = [r for r in reports if r.status == "ok"]
    for outcome in OUTCOMES:
        setattr(run, outcome, sum(r.counts[k][outcome] for r in ok for k in KINDS))
    run.failed = sum(1 for r in reports if r.status == "failed")
    run.skipped = sum(1 for r in reports if r.status == "skipped")
    report: dict[str, Any] = {"inputs": [r.to_dict() for r in reports]}
    if error:
        report["error"] = error
    if sites:  # what template induction learned, per site
        report["sites"] = sites
    run.report = storable(report)
    run.state = state or (ImportRun.State.FAILED if run.failed else ImportRun.State.FINISHED)
    run.finished = timezone.now()
    run.save()
    return run


class Loader:
    """Matches and merges the records of one input into the catalog."""

    def __init__(self, source: Input, run: ImportRun, report: InputReport, uri: str) -> None:
        self.context = InputContext(source, run, report, uri)
        self.report = report
        self._resolvers()

    def _resolvers(self) -> None:
        """Fresh resolvers: what they cached may have been rolled back."""
        self.context.units = UnitResolver(self.report.count)
        self.people = PeopleResolver(self.context)
        self.works = WorkLoader(self.context, self.people)

    def load_batch(self, extraction: Extraction) -> None:
        """Load one Extraction in one transaction. A page lands whole or not at all; a batch of
        a list's records (``independent``) that fails for something in a record is rolled back
        and its records loaded one by one (``load_one_by_one``)."""
        check_limits(extraction)  # before any write: what the models cannot hold is reported
        mark = self.report.mark()
        try:
            with transaction.atomic():
                self.load(extraction)
            return
        except DATABASE_DOWN:
            raise
        except Exception:
            if not independent(extraction):
                raise
            self.report.restore(mark)
            self._resolvers()
        self.load_one_by_one(extraction, mark)

    def load(self, extraction: Extraction) -> None:
        """Load one Extraction: its people, then its works and the profile's listed works."""
        for warning in extraction.warnings:
            self.report.warn(warning.to_dict())
        page_people: dict[str, Person] = {}
        for record in extraction.people:
            page_people[record.name] = self.people.upsert(record)
        listed = self._listed(extraction, page_people)
        self.works.load(extraction.works + listed, page_people)

    def load_one_by_one(self, extraction: Extraction, mark: tuple[Any, ...]) -> None:
        """Load each record of ``extraction`` in its own transaction; one that fails is
        reported as ``bad_record`` with its line, and the others load. When every record fails
        (several, or a page's one), the fault is not theirs: the first error is raised (the
        report back at ``mark``) and the input fails with it."""
        for warning in extraction.warnings:
            self.report.warn(warning.to_dict())
        page_people: dict[str, Person] = {}
        errors: list[Exception] = []
        for index, person in enumerate(extraction.people):
            loaded = self._attempt("person", index, person, self.people.upsert, errors)
            if loaded is not None:
                page_people[person.name] = loaded
        listed = self._listed(extraction, page_people)
        works = [*extraction.works, *listed]
        for index, work in enumerate(works):
            self._attempt("work", index, work, lambda r: self.works.load([r], page_people), errors)
        records = [*extraction.people, *works]
        alone = len(records) == 1 and getattr(records[0], "line", None) is not None
        if records and len(errors) == len(records) and not alone:
            self.report.restore(mark)
            raise errors[0]

    def _attempt(
        self,
        kind: str,
        index: int,
        record: Any,
        load: Callable[[Any], Any],
        errors: list[Exception],
    ) -> Any:
        mark = self.report.mark()
        try:
            with transaction.atomic():
                return load(record) or True
        except DATABASE_DOWN:
            raise
        except Exception as exc:
            errors.append(exc)
            self.report.restore(mark)
            self._resolvers()
            if isinstance(exc, DatabaseError):
                why = f"the database refused the record ({explain_database_error(exc)})"
            else:
                why = f"{type(exc).__name__}: {exc}"
            line = getattr(record, "line", None)
            warning: dict[str, Any] = {
                "code": "bad_record",
                "detail": plain(f"{where_of(kind, index, record)}: {why}: {kind} skipped"),
            }
            if line is not None:
                warning["line"] = line
            self.report.warn(warning)
            return None

    @staticmethod
    def _listed(extraction: Extraction, page_people: dict[str, Person]) -> list[WorkRecord]:
        """The profile's listed works as work records credited to its subject."""
        subject = page_people.get(extraction.subject or "")
        return [
            WorkRecord(
                title=item.title,
                authors=[subject.name] if subject else [],
                date=item.date,
                type=item.type,
                language=item.language,
                source=item.source,
                line=item.line,
            )
            for item in extraction.listed_works
        ]


def independent(extraction: Extraction) -> bool:
    """True for a batch of a list's records (JSON Lines, CSV, BibTeX, RIS, …): one can load
    without the others. A page's records (a profile card, its listed works, the article of the
    people it introduces) belong together and land whole or not at all."""
    if extraction.subject or extraction.listed_works:
        return False
    return not (extraction.people and extraction.works)
