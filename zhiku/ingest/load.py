"""Stage 4, load: Extractions into the catalog. The only module of ``ingest`` that uses Django.

Each input is loaded in one transaction: it lands whole or not at all. Matching rules:

- a unit by name (under the parent the input gives, when it gives one);
- a person by e-mail, else by name among people in the same units, else by name when exactly
  one person has it; otherwise a new person;
- a work by external id, else by normalised title + first author; otherwise a new work;
- a byline name links to the person it matches; a name matching several people stays an
  unlinked authorship (``ambiguous_author``); a name matching nobody becomes a new person.

Re-importing an input writes nothing: every record's hash is kept on its Source row, and a
record whose (input, hash) is already there is reported unchanged.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import DatabaseError, transaction
from django.utils import timezone

from zhiku.catalog.models import Authorship, ImportRun, Person, Position, Source, Unit, Work
from zhiku.catalog.slugs import unique_slug
from zhiku.ingest.normalize import (
    ParsedDate,
    is_chinese_name,
    romanize_name,
    text_key,
    unit_level,
)
from zhiku.ingest.pipeline import Input, InputError, extract_path, iter_inputs
from zhiku.ingest.records import Extraction, PersonRecord, WorkRecord
from zhiku.ingest.rules import UNIT_KIND_BY_LEVEL
from zhiku.search.hooks import apply_search_log

KINDS = ("units", "people", "works")
OUTCOMES = ("created", "updated", "unchanged")
_VENUE_FIELDS = (
    "journal",
    "volume",
    "issue",
    "pages",
    "publisher",
    "place",
    "isbn",
    "issn",
    "doi",
    "url",
    "title_en",
    "abstract",
    "abstract_en",
)


@dataclass
class InputReport:
    """What happened to one input: status, reason, counts per kind, warnings, merges."""

    path: str
    status: str = "ok"  # ok | failed
    reason: str = ""
    format: str = ""
    counts: dict[str, dict[str, int]] = field(
        default_factory=lambda: {k: dict.fromkeys(OUTCOMES, 0) for k in KINDS}
    )
    warnings: list[dict[str, Any]] = field(default_factory=list)
    merged: list[dict[str, Any]] = field(default_factory=list)

    def count(self, kind: str, outcome: str) -> None:
        self.counts[kind][outcome] += 1

    def to_dict(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "status": self.status,
            "reason": self.reason,
            "format": self.format,
            "counts": self.counts,
            "warnings": self.warnings,
            "merged": self.merged,
        }


class _DryRun(Exception):
    """Raised inside the transaction to roll a dry run back."""


def ingest_paths(
    paths: Iterable[Path],
    *,
    dry_run: bool = False,
    user: str = "",
    on_input: Callable[[InputReport], None] | None = None,
) -> ImportRun:
    """Import every file under ``paths``; return the finished ImportRun with its report."""
    run = ImportRun.objects.create(dry_run=dry_run, user=user)
    reports = []
    for path in iter_inputs(list(paths)):
        report = ingest_path(path, run, dry_run=dry_run)
        reports.append(report)
        if on_input:
            on_input(report)
        apply_search_log()  # search follows the catalog as each input commits
    apply_search_log(final=True)
    return finish_run(run, reports)


def ingest_path(path: Path, run: ImportRun, *, dry_run: bool = False) -> InputReport:
    """Load one file in one transaction; a failure is reported and leaves nothing behind."""
    report = InputReport(path=str(path))
    try:
        source, extractions = extract_path(path)
        report.format = source.format
        with transaction.atomic():
            loader = Loader(source, run, report)
            for extraction in extractions:
                loader.load(extraction)
            if dry_run:
                raise _DryRun
    except _DryRun:
        pass
    except InputError as exc:
        report.status, report.reason = "failed", str(exc)
    except DatabaseError as exc:
        report.status, report.reason = "failed", f"database error: {exc}"
    if report.status == "failed":
        report.counts = {k: dict.fromkeys(OUTCOMES, 0) for k in KINDS}
    return report


def finish_run(run: ImportRun, reports: list[InputReport]) -> ImportRun:
    """Store totals and per-input reports on ``run``."""
    ok = [r for r in reports if r.status == "ok"]
    for outcome in OUTCOMES:
        setattr(run, outcome, sum(r.counts[k][outcome] for r in ok for k in KINDS))
    run.failed = len(reports) - len(ok)
    run.report = {"inputs": [r.to_dict() for r in reports]}
    run.state = ImportRun.State.FAILED if run.failed else ImportRun.State.FINISHED
    run.finished = timezone.now()
    run.save()
    return run


def record_hash(record: Any) -> str:
    payload = json.dumps(record.to_dict(), ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(payload.encode()).hexdigest()


class Loader:
    """Matches and merges the records of one input into the catalog."""

    def __init__(self, source: Input, run: ImportRun, report: InputReport) -> None:
        self.source, self.run, self.report = source, run, report
        self.uri = str(source.path.resolve())
        self._units: dict[tuple[str, int | None], Unit] = {}

    def load(self, extraction: Extraction) -> None:
        """Load one Extraction: its people, then its works, then the profile's listed works."""
        self.report.warnings += [w.to_dict() for w in extraction.warnings]
        page_people: dict[str, Person] = {}
        for record in extraction.people:
            page_people[record.name] = self.upsert_person(record)
        for work in extraction.works:
            self.upsert_work(work, page_people)
        subject = page_people.get(extraction.subject or "")
        for listed in extraction.listed_works:
            work = WorkRecord(
                title=listed.title,
                authors=[subject.name] if subject else [],
                date=listed.date,
                type=listed.type,
                language=listed.language,
                source=listed.source,
            )
            self.upsert_work(work, page_people)

    # --- units ----------------------------------------------------------------------------

    def resolve_units(self, names: list[str]) -> list[Unit]:
        """Units for ``names``; a centre listed before its institute is placed under it.

        Returns the most specific units (those that are not the parent of another listed one).
        """
        names = [n for n in dict.fromkeys(n.strip() for n in names) if n]
        levels = [unit_level(n) or 0 for n in names]
        parent_index = {
            i: i + 1
            for i in range(len(names) - 1)
            if levels[i] and levels[i + 1] and levels[i] < levels[i + 1]
        }
        resolved: dict[int, Unit] = {}
        for i in reversed(range(len(names))):
            parent = resolved.get(parent_index[i]) if i in parent_index else None
            resolved[i] = self.upsert_unit(names[i], levels[i], parent)
        parents = set(parent_index.values())
        return [resolved[i] for i in range(len(names)) if i not in parents]

    def upsert_unit(self, name: str, level: int, parent: Unit | None) -> Unit:
        key = (name, parent.pk if parent else None)
        if key not in self._units:
            self._units[key] = self._upsert_unit(name, level, parent)
        return self._units[key]

    def _upsert_unit(self, name: str, level: int, parent: Unit | None) -> Unit:
        candidates = list(Unit.objects.filter(name=name))
        unit = next((u for u in candidates if parent and u.parent_id == parent.pk), None)
        unit = unit or next((u for u in candidates if u.parent_id is None), None)
        unit = unit or (candidates[0] if candidates and parent is None else None)
        if unit is None:
            unit = Unit.objects.create(
                name=name,
                parent=parent,
                kind=UNIT_KIND_BY_LEVEL.get(level, Unit.Kind.OTHER),
                slug=unique_slug(Unit, name),
            )
            self.report.count("units", "created")
        elif parent is not None and unit.parent_id is None and unit.pk != parent.pk:
            unit.parent = parent
            unit.save(update_fields=["parent"])
            self.report.count("units", "updated")
        else:
            self.report.count("units", "unchanged")
        return unit

    # --- people ---------------------------------------------------------------------------

    def upsert_person(self, record: PersonRecord) -> Person:
        units = self.resolve_units(record.units)
        person = self.match_person(record.name, units, email=record.email)
        rhash = record_hash(record)
        if person is None:
            person = self.create_person(record.name, units, name_en=record.name_en)
            self.apply_person_fields(person, record)
            self.report.count("people", "created")
        elif self.has_source(person=person, rhash=rhash):
            self.report.count("people", "unchanged")
            return person
        else:
            changed = self.apply_person_fields(person, record)
            changed |= self.ensure_positions(person, units)
            self.report.count("people", "updated" if changed else "unchanged")
        self.add_source(rhash, person=person)
        return person

    def match_person(self, name: str, units: list[Unit], email: str | None = None) -> Person | None:
        if email:
            by_email = Person.objects.filter(email__iexact=email).first()
            if by_email:
                return by_email
        same_name = list(Person.objects.filter(name=name))
        if not same_name and not is_chinese_name(name):
            same_name = list(Person.objects.filter(name_en__iexact=name))
        if units and same_name:
            unit_ids = {u.pk for u in units}
            for unit in units:
                unit_ids |= {a.pk for a in unit.ancestors()}
            in_units = [p for p in same_name if p.positions.filter(unit_id__in=unit_ids).exists()]
            if len(in_units) == 1:
                return in_units[0]
            unplaced = [p for p in same_name if not p.positions.exists()]
            if len(in_units) == 0 and len(unplaced) == 1:
                return unplaced[0]
            return None
        return same_name[0] if len(same_name) == 1 else None

    def create_person(self, name: str, units: list[Unit], name_en: str | None = None) -> Person:
        generated = not name_en and is_chinese_name(name)
        person = Person.objects.create(
            name=name,
            name_en=name_en or (romanize_name(name) if generated else ""),
            name_en_generated=generated,
            slug=unique_slug(Person, name),
        )
        self.ensure_positions(person, units)
        return person

    def apply_person_fields(self, person: Person, record: PersonRecord) -> bool:
        """Copy what the record knows onto ``person``; an empty value never erases."""
        changed = []
        for attr in ("title", "email", "bio", "bio_en"):
            value = getattr(record, attr)
            if value and getattr(person, attr) != value:
                setattr(person, attr, value)
                changed.append(attr)
        if record.name_en and person.name_en != record.name_en:
            person.name_en, person.name_en_generated = record.name_en, False
            changed += ["name_en", "name_en_generated"]
        if changed:
            person.save(update_fields=[*changed, "updated"])
        return bool(changed)

    def ensure_positions(self, person: Person, units: list[Unit]) -> bool:
        existing = set(person.positions.values_list("unit_id", flat=True))
        new = [u for u in units if u.pk not in existing]
        for offset, unit in enumerate(new):
            Position.objects.create(person=person, unit=unit, order=len(existing) + offset)
        return bool(new)

    # --- works ----------------------------------------------------------------------------

    def upsert_work(self, record: WorkRecord, page_people: dict[str, Person]) -> Work:
        rhash = record_hash(record)
        work, matched_by = self.match_work(record)
        if work is None:
            work = Work(title=record.title)
            self.apply_work_fields(work, record, overwrite=True)
            work.save()
            self.set_authors(work, record, page_people)
            self.report.count("works", "created")
        elif self.has_source(work=work, rhash=rhash):
            self.report.count("works", "unchanged")
            return work
        else:
            same_input = work.sources.filter(uri=self.uri).exists()
            if not same_input:
                self.report.merged.append(
                    {"work": work.pk, "title": work.title, "matched_by": matched_by}
                )
            changed = self.apply_work_fields(work, record, overwrite=same_input)
            if changed:
                work.save()
            if same_input or not work.authorships.exists():
                changed |= self.set_authors(work, record, page_people)
            self.report.count("works", "updated" if changed else "unchanged")
        self.add_source(rhash, work=work)
        return work

    def match_work(self, record: WorkRecord) -> tuple[Work | None, str]:
        if record.external_id:
            work = Work.objects.filter(external_id=record.external_id).first()
            if work:
                return work, "external_id"
        first_author = text_key(record.authors[0]) if record.authors else ""
        for work in Work.objects.filter(title_key=text_key(record.title)[:255]).prefetch_related(
            "authorships"
        ):
            authors = work.ordered_authorships()
            theirs = text_key(authors[0].name_as_written) if authors else ""
            if theirs == first_author or not theirs or not first_author:
                return work, "title_and_first_author"
        return None, ""

    def apply_work_fields(self, work: Work, record: WorkRecord, *, overwrite: bool) -> bool:
        """Copy ``record`` onto ``work``: all of it from the same input, else only blanks."""
        values: dict[str, Any] = {
            "title": record.title,
            "language": record.language,
            "source": record.source,
            "body": "\n\n".join(record.body),
            "keywords": record.keywords,
            "external_id": record.external_id or "",
        }
        values.update({k: getattr(record, k) or "" for k in _VENUE_FIELDS})
        if record.date:
            parsed = ParsedDate.from_iso(record.date)
            values["date"], values["date_precision"] = parsed.date, parsed.precision
        changed = False
        for attr, value in values.items():
            current = getattr(work, attr)
            if value in (None, "", []) or current == value:
                continue
            if overwrite or current in (None, "", []):
                setattr(work, attr, value)
                changed = True
        if record.type != work.type and (overwrite or work.type == Work.Type.ARTICLE):
            work.type = record.type
            changed = True
        if changed or not work.content_hash:
            digest = hashlib.sha256(f"{work.title_key}\n{work.body}".encode()).hexdigest()
            changed |= digest != work.content_hash and work.pk is not None
            work.content_hash = digest
        return changed

    def set_authors(self, work: Work, record: WorkRecord, page_people: dict[str, Person]) -> bool:
        """Make the work's authorships the record's byline; False when already so."""
        current = [(a.name_as_written, a.person_id) for a in work.ordered_authorships()]
        if [name for name, _ in current] == record.authors:
            return False
        units = self.resolve_units(record.units) if record.units else []
        work.authorships.all().delete()
        names_en = record.authors_en or [""] * len(record.authors)
        for order, (name, name_en) in enumerate(zip(record.authors, names_en, strict=False)):
            person = page_people.get(name) or self.resolve_author(name, units, name_en)
            Authorship.objects.create(work=work, person=person, name_as_written=name, order=order)
        return True

    def resolve_author(self, name: str, units: list[Unit], name_en: str = "") -> Person | None:
        person = self.match_person(name, units)
        if person is not None:
            return person
        ambiguous = Person.objects.filter(name=name).count() > 1
        if ambiguous:
            self.report.warnings.append(
                {"code": "ambiguous_author", "detail": f"{name}: several people have this name"}
            )
            return None
        self.report.count("people", "created")
        return self.create_person(name, units, name_en=name_en or None)

    # --- provenance -----------------------------------------------------------------------

    def has_source(self, rhash: str, **target: Any) -> bool:
        return Source.objects.filter(uri=self.uri, record_hash=rhash, **target).exists()

    def add_source(self, rhash: str, **target: Any) -> None:
        Source.objects.create(
            uri=self.uri,
            input_hash=self.source.data_hash,
            record_hash=rhash,
            extractor=self.source.extractor,
            import_run=self.run,
            **target,
        )
