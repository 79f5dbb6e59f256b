"""Stage 4, load (works): work records → Work rows, matched, merged, or created in bulk.

A record matches an existing work, in this order, by:

1. external id (the source's own id);
2. DOI;
3. normalised title + first author (either side without authors also matches);
4. near-duplicate body: a shared LSH band (``BodyBand``), confirmed by an exact shingle
   Jaccard ≥ ``fingerprint.NEAR_DUPLICATE_JACCARD``.

Different external ids, or different DOIs, on the two sides veto a match: the source says they
are two works. A record whose (input, hash) is already stored is unchanged and costs nothing.

Records are handled a batch at a time: one query each prefetches the hashes already loaded,
the external ids, DOIs, title keys and bands the batch mentions; new works are bulk-created with
their authorships, sources and bands, and ``signals.notify`` tells derived stores (bulk writes
send no model signals). A record that matches is merged one by one, as before.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from zhiku.catalog import signals
from zhiku.catalog.models import Authorship, Person, Source, Unit, Work, title_key
from zhiku.ingest import fingerprint
from zhiku.ingest.models import BodyBand
from zhiku.ingest.normalize import ParsedDate, text_key
from zhiku.ingest.records import WorkRecord

if TYPE_CHECKING:
    from zhiku.ingest.load import Loader

#: Titles shorter than this (as keys) never match on title alone ("序", "前言").
MIN_TITLE_MATCH_CHARS = 4
#: Most values in one ``IN (…)`` lookup.
LOOKUP_CHUNK = 2000
_VENUE_FIELDS = ("journal", "volume", "issue", "pages", "publisher", "place", "isbn", "issn",
                 "doi", "url", "title_en", "abstract", "abstract_en")  # fmt: skip


@dataclass
class Candidate:
    """A work a record may match: stored, or about to be created in this batch."""

    work: Work
    first_author: str  # text_key of the first author's name as written, "" if none
    shingles: np.ndarray | None = None
    pending: bool = False


@dataclass
class Pending:
    """A new work waiting for the batch's bulk insert."""

    record: WorkRecord
    rhash: str
    candidate: Candidate
    bands: list[int] = field(default_factory=list)


class WorkIndex:
    """The candidates of one batch, by external id, DOI, title key and band."""

    def __init__(self) -> None:
        self.by_id: dict[str, Candidate] = {}
        self.by_doi: dict[str, Candidate] = {}
        self.by_title: dict[str, list[Candidate]] = {}
        self.by_band: dict[int, list[Candidate]] = {}

    def add(self, candidate: Candidate, bands: list[int] = ()) -> None:  # type: ignore[assignment]
        work = candidate.work
        if work.external_id:
            self.by_id.setdefault(work.external_id, candidate)
        if work.doi:
            self.by_doi.setdefault(work.doi.lower(), candidate)
        self.by_title.setdefault(work.title_key, []).append(candidate)
        for band in bands:
            self.by_band.setdefault(band, []).append(candidate)

    def match(
        self, record: WorkRecord, shingles: np.ndarray, bands: list[int]
    ) -> tuple[Candidate | None, str]:
        """The candidate ``record`` is, and the rule that matched (see the module docstring)."""
        if record.external_id and record.external_id in self.by_id:
            return self.by_id[record.external_id], "external_id"
        if record.doi and record.doi.lower() in self.by_doi:
            candidate = self.by_doi[record.doi.lower()]
            if not _conflict(record, candidate.work):
                return candidate, "doi"
        key = title_key(record.title)
        first = text_key(record.authors[0]) if record.authors else ""
        if len(key) >= MIN_TITLE_MATCH_CHARS:
            for candidate in self.by_title.get(key, []):
                theirs = candidate.first_author
                if (theirs == first or not theirs or not first) and not _conflict(
                    record, candidate.work
                ):
                    return candidate, "title_and_first_author"
        best, best_score = None, fingerprint.NEAR_DUPLICATE_JACCARD
        for candidate in {id(c): c for b in bands for c in self.by_band.get(b, [])}.values():
            if candidate.shingles is None or _conflict(record, candidate.work):
                continue
            score = fingerprint.jaccard(shingles, candidate.shingles)
            if score >= best_score:
                best, best_score = candidate, score
        return (best, "near_duplicate_body") if best else (None, "")


def _conflict(record: WorkRecord, work: Work) -> bool:
    """True when the two carry different identifiers: then they are not the same work."""
    ids = record.external_id and work.external_id and record.external_id != work.external_id
    dois = record.doi and work.doi and record.doi.lower() != work.doi.lower()
    return bool(ids or dois)


class WorkLoader:
    """Loads the work records of one input, a batch at a time."""

    def __init__(self, loader: Loader) -> None:
        self.loader = loader

    # --- the batch --------------------------------------------------------------------------

    def load(self, records: list[WorkRecord], page_people: dict[str, Person]) -> None:
        """Load ``records`` (one Extraction's works) into the catalog."""
        loader = self.loader
        hashed = [(r, loader.hash_of(r)) for r in records]
        # A repeat within the batch is caught here; one in an earlier batch is stored by now.
        seen = self._stored_hashes([h for _, h in hashed])
        todo = []
        for record, rhash in hashed:
            if rhash in seen:
                loader.report.count("works", "unchanged")
            else:
                todo.append((record, rhash))
            seen.add(rhash)
        if not todo:
            return
        loader.people.prefetch({a for r, _ in todo for a in r.authors})
        prints = [self._fingerprint(r) for r, _ in todo]
        index = self._prefetch([r for r, _ in todo], [b for _, b in prints])
        pending: list[Pending] = []
        for (record, rhash), (shingles, bands) in zip(todo, prints, strict=True):
            candidate, how = index.match(record, shingles, bands)
            if candidate is None:
                work = Work(title=record.title)
                apply_work_fields(work, record, overwrite=True)
                work.title_key = title_key(work.title)  # bulk_create does not call save()
                new = Candidate(work, text_key(record.authors[0]) if record.authors else "",
                                shingles if len(shingles) else None, pending=True)  # fmt: skip
                pending.append(Pending(record, rhash, new, bands))
                index.add(new, bands)
                continue
            if candidate.pending:
                self._flush(pending, page_people)
            self._merge(candidate.work, record, rhash, how, page_people)
        self._flush(pending, page_people)

    def _fingerprint(self, record: WorkRecord) -> tuple[np.ndarray, list[int]]:
        key = record.body_key or text_key("".join(record.body))
        shingles = fingerprint.key_shingle_hashes(key)
        return shingles, fingerprint.band_hashes(shingles)

    def _stored_hashes(self, hashes: list[str]) -> set[str]:
        found: set[str] = set()
        for chunk in _chunks(hashes):
            found |= set(
                Source.objects.filter(
                    uri=self.loader.uri, record_hash__in=chunk, work__isnull=False
                ).values_list("record_hash", flat=True)
            )
        return found

    def _prefetch(self, records: list[WorkRecord], bands: list[list[int]]) -> WorkIndex:
        """One query per kind: the stored works this batch might match."""
        ids = {r.external_id for r in records if r.external_id}
        dois = {v for r in records if r.doi for v in (r.doi, r.doi.lower(), r.doi.upper())}
        keys = {title_key(r.title) for r in records}
        all_bands = {b for bs in bands for b in bs}
        works: dict[int, Work] = {}
        band_works: dict[int, list[int]] = {}
        for chunk in _chunks(sorted(ids)):
            works.update({w.pk: w for w in Work.objects.filter(external_id__in=chunk)})
        for chunk in _chunks(sorted(dois)):
            works.update({w.pk: w for w in Work.objects.filter(doi__in=chunk)})
        for chunk in _chunks(sorted(keys)):
            works.update({w.pk: w for w in Work.objects.filter(title_key__in=chunk)})
        for chunk in _chunks(sorted(all_bands)):
            for band, work_id in BodyBand.objects.filter(band__in=chunk).values_list(
                "band", "work_id"
            ):
                band_works.setdefault(band, []).append(work_id)
        missing = {w for ws in band_works.values() for w in ws} - set(works)
        for chunk in _chunks(sorted(missing)):
            works.update({w.pk: w for w in Work.objects.filter(pk__in=chunk)})
        firsts = _first_authors(list(works))
        index = WorkIndex()
        by_work_bands: dict[int, list[int]] = {}
        for band, work_ids in band_works.items():
            for work_id in work_ids:
                by_work_bands.setdefault(work_id, []).append(band)
        for pk in sorted(works):
            work = works[pk]
            shingles = fingerprint.shingle_hashes(work.body) if pk in by_work_bands else None
            index.add(Candidate(work, firsts.get(pk, ""), shingles), by_work_bands.get(pk, []))
        return index

    # --- writes -----------------------------------------------------------------------------

    def _flush(self, pending: list[Pending], page_people: dict[str, Person]) -> None:
        """Bulk-create the pending works with their authorships, sources and bands."""
        if not pending:
            return
        loader = self.loader
        works = [p.candidate.work for p in pending]
        Work.objects.bulk_create(works)
        authorships, sources, bands = [], [], []
        for item in pending:
            work, record = item.candidate.work, item.record
            item.candidate.pending = False
            for order, (name, person) in enumerate(self._authors(record, page_people)):
                authorships.append(
                    Authorship(work=work, person=person, name_as_written=name, order=order)
                )
            sources.append(loader.source_row(item.rhash, work=work))
            bands += [BodyBand(work=work, band=band) for band in item.bands]
            loader.report.count("works", "created")
        Authorship.objects.bulk_create(authorships)
        Source.objects.bulk_create(sources)
        BodyBand.objects.bulk_create(bands)
        signals.notify(w.pk for w in works)
        pending.clear()

    def _authors(
        self, record: WorkRecord, page_people: dict[str, Person]
    ) -> list[tuple[str, Person | None]]:
        """(name as written, person) for each author of ``record``."""
        people = self.loader.people
        common: list[Unit] | None = None
        out = []
        names_en = record.authors_en or [""] * len(record.authors)
        own_units = record.author_units or [[] for _ in record.authors]
        for name, name_en, units in zip(record.authors, names_en, own_units, strict=False):
            person = page_people.get(name)
            if person is None:
                if units:
                    resolved = self.loader.units.resolve(units)
                else:
                    if common is None:
                        common = self.loader.units.resolve(record.units) if record.units else []
                    resolved = common
                person = people.resolve_author(name, resolved, name_en)
            out.append((name, person))
        return out

    def _merge(
        self, work: Work, record: WorkRecord, rhash: str, how: str, page_people: dict[str, Person]
    ) -> None:
        """Update ``work`` from ``record``: all of it from the same input, else only blanks."""
        loader = self.loader
        same_input = work.sources.filter(uri=loader.uri).exists()
        if not same_input:
            loader.report.merged.append({"work": work.pk, "title": work.title, "matched_by": how})
        changed = apply_work_fields(work, record, overwrite=same_input)
        if changed:
            work.save()
        if same_input or not work.authorships.exists():
            changed |= self._set_authors(work, record, page_people)
        loader.report.count("works", "updated" if changed else "unchanged")
        Source.objects.bulk_create([loader.source_row(rhash, work=work)])

    def _set_authors(self, work: Work, record: WorkRecord, page_people: dict[str, Person]) -> bool:
        """Make the work's authorships the record's byline; False when already so."""
        current = [a.name_as_written for a in work.ordered_authorships()]
        if current == record.authors:
            return False
        work.authorships.all().delete()
        for order, (name, person) in enumerate(self._authors(record, page_people)):
            Authorship.objects.create(work=work, person=person, name_as_written=name, order=order)
        return True


def apply_work_fields(work: Work, record: WorkRecord, *, overwrite: bool) -> bool:
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
        digest = hashlib.sha256(f"{title_key(work.title)}\n{work.body}".encode()).hexdigest()
        changed |= digest != work.content_hash and work.pk is not None
        work.content_hash = digest
    return changed


def _first_authors(work_ids: list[int]) -> dict[int, str]:
    """text_key of each work's first author as written."""
    firsts: dict[int, tuple[int, str]] = {}
    for chunk in _chunks(work_ids):
        rows = Authorship.objects.filter(work_id__in=chunk).values_list(
            "work_id", "order", "name_as_written"
        )
        for work_id, order, name in rows:
            if work_id not in firsts or order < firsts[work_id][0]:
                firsts[work_id] = (order, name)
    return {pk: text_key(name) for pk, (_, name) in firsts.items()}


def _chunks(values: list[Any]) -> list[list[Any]]:
    return [values[i : i + LOOKUP_CHUNK] for i in range(0, len(values), LOOKUP_CHUNK)]
