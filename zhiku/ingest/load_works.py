"""Stage 4, load (works): work records → Work rows, matched, merged, or created in bulk.

A record matches an existing work, in this order, by:

1. external id (the source's own id);
2. DOI;
3. normalised title + first author (either side without authors also matches);
4. near-duplicate body: a shared LSH band (``BodyFingerprint``), a signature estimate of at
   least ``fingerprint.ESTIMATE_FLOOR``, and an exact shingle Jaccard ≥
   ``fingerprint.NEAR_DUPLICATE_JACCARD``.

Different external ids, or different DOIs, on the two sides veto a match: the source says they
are two works. A record whose (input, hash) is already stored is unchanged and costs nothing.

Records are handled a batch at a time: one query each prefetches the hashes already loaded,
the external ids, DOIs, title keys and bands the batch mentions; new works are inserted in bulk
(``bulk.py``) with their authorships, sources and fingerprints, and ``signals.notify`` tells
derived stores (bulk writes send no model signals). A record that matches is merged one by one.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
from django.utils import timezone

from zhiku.catalog import signals
from zhiku.catalog.models import Authorship, Person, Source, Unit, Work, title_key
from zhiku.ingest import fingerprint
from zhiku.ingest.bulk import insert_rows, insert_with_ids
from zhiku.ingest.fingerprint import Fingerprint
from zhiku.ingest.models import BodyFingerprint
from zhiku.ingest.near_duplicates import fingerprint_values, stored_candidates
from zhiku.ingest.normalize import ParsedDate
from zhiku.ingest.records import WorkRecord
from zhiku.text.keys import text_key

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
    first_person: int | None = None  # the person that first author is, when known
    signature: np.ndarray | None = None
    shingles: np.ndarray | None = None  # computed from the body when first needed
    pending: bool = False

    def body_shingles(self) -> np.ndarray:
        if self.shingles is None:
            self.shingles = fingerprint.shingle_hashes(self.work.body)
        return self.shingles


@dataclass
class Pending:
    """A new work waiting for the batch's bulk insert."""

    record: WorkRecord
    rhash: str
    candidate: Candidate
    fp: Fingerprint | None


class WorkIndex:
    """The candidates of one batch, by external id, DOI, title key and band."""

    def __init__(self) -> None:
        self.by_id: dict[str, Candidate] = {}
        self.by_doi: dict[str, Candidate] = {}
        self.by_title: dict[str, list[Candidate]] = {}
        self.by_band: dict[int, list[Candidate]] = {}

    def add(self, candidate: Candidate, bands: list[int] | None = None) -> None:
        work = candidate.work
        if work.external_id:
            self.by_id.setdefault(work.external_id, candidate)
        if work.doi:
            self.by_doi.setdefault(work.doi.lower(), candidate)
        self.by_title.setdefault(work.title_key, []).append(candidate)
        for band in bands or []:
            self.by_band.setdefault(band, []).append(candidate)

    def match(
        self, record: WorkRecord, fp: Fingerprint | None, first_person: int | None = None
    ) -> tuple[Candidate | None, str]:
        """The candidate ``record`` is, and the rule that matched (see the module docstring).

        First authors are the same when their names match as keys, when they are the same
        person (鲁传颖 and "Lu Chuanying"), or when either side has no author.
        """
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
                same_person = first_person is not None and candidate.first_person == first_person
                same_author = theirs == first or not theirs or not first or same_person
                if same_author and not _conflict(record, candidate.work):
                    return candidate, "title_and_first_author"
        if fp is None:
            return None, ""
        best, best_score = None, fingerprint.NEAR_DUPLICATE_JACCARD
        near = {id(c): c for b in fp.bands for c in self.by_band.get(b, [])}
        for candidate in near.values():
            if candidate.signature is None or _conflict(record, candidate.work):
                continue
            if fingerprint.estimate(fp.signature, candidate.signature) < fingerprint.ESTIMATE_FLOOR:
                continue
            score = fingerprint.jaccard(fp.shingles, candidate.body_shingles())
            if score >= best_score:
                best, best_score = candidate, score
        return (best, "near_duplicate_body") if best else (None, "")


def _conflict_works(a: Work, b: Work) -> bool:
    """True when two stored works carry different identifiers."""
    ids = a.external_id and b.external_id and a.external_id != b.external_id
    dois = a.doi and b.doi and a.doi.lower() != b.doi.lower()
    return bool(ids or dois)


def _conflict(record: WorkRecord, work: Work) -> bool:
    """True when the two carry different identifiers: then they are not the same work."""
    ids = record.external_id and work.external_id and record.external_id != work.external_id
    dois = record.doi and work.doi and record.doi.lower() != work.doi.lower()
    return bool(ids or dois)


class WorkLoader:
    """Loads the work records of one input, a batch at a time."""

    def __init__(self, loader: Loader) -> None:
        self.loader = loader
        self._first_people: dict[tuple[str, tuple[str, ...]], int | None] = {}

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
        index = self._prefetch([r for r, _ in todo], prints)
        pending: list[Pending] = []
        for (record, rhash), fp in zip(todo, prints, strict=True):
            first_person = self._first_person(record, page_people)
            candidate, how = index.match(record, fp, first_person)
            if candidate is None:
                # Imported works were published where they came from; a re-import never
                # changes the status later, so an editor's withdrawal stands.
                work = Work(title=record.title, status=Work.Status.PUBLISHED)
                apply_work_fields(work, record, overwrite=True)
                work.title_key = title_key(work.title)  # inserts do not call save()
                first = text_key(record.authors[0]) if record.authors else ""
                new = Candidate(
                    work, first, first_person, fp.signature if fp else None, pending=True
                )
                new.shingles = fp.shingles if fp else None
                pending.append(Pending(record, rhash, new, fp))
                index.add(new, fp.bands if fp else None)
                continue
            if candidate.pending:
                self._flush(pending, page_people)
            self._merge(candidate.work, record, rhash, how, page_people, fp)
        self._flush(pending, page_people)

    def _first_person(self, record: WorkRecord, page_people: dict[str, Person]) -> int | None:
        """The id of the person the record's first author is, if one is known already."""
        if not record.authors:
            return None
        name = record.authors[0]
        if name in page_people:
            return page_people[name].pk
        own = record.author_units[0] if record.author_units else None
        units = tuple(record.units if own is None else own)
        key = (name, units)
        if key not in self._first_people:
            resolved = self.loader.units.resolve(list(units)) if units else []
            person, _ = self.loader.people.match(name, resolved)
            self._first_people[key] = person.pk if person else None
        return self._first_people[key]

    def _fingerprint(self, record: WorkRecord) -> Fingerprint | None:
        return fingerprint.fingerprint_key(record.body_key or text_key("".join(record.body)))

    def _stored_hashes(self, hashes: list[str]) -> set[str]:
        found: set[str] = set()
        for chunk in _chunks(hashes):
            found |= set(
                Source.objects.filter(
                    uri=self.loader.uri, record_hash__in=chunk, work__isnull=False
                ).values_list("record_hash", flat=True)
            )
        return found

    def _near(
        self, prints: list[Fingerprint | None], stored: dict[int, tuple[list[int], bytes]]
    ) -> dict[int, tuple[list[int], bytes]]:
        """The stored band candidates whose signature is close to one of ``prints``: most band
        collisions are chance, and are dropped here (in one numpy pass) before any work is
        loaded."""
        batch = [fp for fp in prints if fp is not None]
        if not stored or not batch:
            return {}
        by_band: dict[int, list[int]] = {}
        for j, fp in enumerate(batch):
            for band in fp.bands:
                by_band.setdefault(band, []).append(j)
        ids = list(stored)
        pairs = [
            (i, j) for i, pk in enumerate(ids) for b in stored[pk][0] for j in by_band.get(b, ())
        ]
        if not pairs:
            return {}
        theirs = np.frombuffer(b"".join(stored[pk][1] for pk in ids), dtype="<u4")
        theirs = theirs.reshape(len(ids), -1)
        ours = np.stack([fp.signature for fp in batch])
        left, right = np.array(pairs).T
        shared = np.count_nonzero(theirs[left] == ours[right], axis=1) / theirs.shape[1]
        close = {ids[i] for i in left[shared >= fingerprint.ESTIMATE_FLOOR]}
        return {pk: stored[pk] for pk in close}

    def _prefetch(self, records: list[WorkRecord], prints: list[Fingerprint | None]) -> WorkIndex:
        """One query per kind: the stored works this batch might match."""
        ids = {r.external_id for r in records if r.external_id}
        dois = {v for r in records if r.doi for v in (r.doi, r.doi.lower(), r.doi.upper())}
        keys = {title_key(r.title) for r in records}
        works: dict[int, Work] = {}
        for chunk in _chunks(sorted(ids)):
            works.update({w.pk: w for w in Work.objects.filter(external_id__in=chunk)})
        for chunk in _chunks(sorted(dois)):
            works.update({w.pk: w for w in Work.objects.filter(doi__in=chunk)})
        for chunk in _chunks(sorted(keys)):
            works.update({w.pk: w for w in Work.objects.filter(title_key__in=chunk)})
        near = self._near(prints, stored_candidates([fp.bands for fp in prints if fp]))
        for chunk in _chunks(sorted(set(near) - set(works))):
            works.update({w.pk: w for w in Work.objects.filter(pk__in=chunk)})
        firsts = _first_authors(list(works))
        index = WorkIndex()
        for pk in sorted(works):
            stored_bands, signature = near.get(pk, ([], b""))
            first, person = firsts.get(pk, ("", None))
            candidate = Candidate(
                works[pk],
                first,
                person,
                fingerprint.signature_from_bytes(signature) if signature else None,
            )
            index.add(candidate, stored_bands)
        return index

    # --- writes -----------------------------------------------------------------------------

    def _flush(self, pending: list[Pending], page_people: dict[str, Person]) -> None:
        """Insert the pending works with their authorships, sources and fingerprints."""
        if not pending:
            return
        loader = self.loader
        now = timezone.now()
        works = [p.candidate.work for p in pending]
        for work in works:
            work.created = work.updated = now
        ids = insert_with_ids(Work, [_row(work) for work in works])
        authorships, sources, prints = [], [], []
        for item, pk in zip(pending, ids, strict=True):
            work, record = item.candidate.work, item.record
            work.pk, work._state.adding = pk, False
            item.candidate.pending = False
            authors = self._authors(record, page_people)
            for order, (name, person) in enumerate(authors):
                authorships.append(
                    {"work_id": pk, "person_id": person.pk if person else None,
                     "name_as_written": name, "order": order}
                )  # fmt: skip
            # what the work's first revision keeps besides its fields (editorial.history)
            work.revision_relations = {
                "authors": [
                    {"name": name, "person": person.pk if person else None, "role": "author"}
                    for name, person in authors
                ]
            }
            sources.append(loader.source_values(item.rhash, work_id=pk))
            if item.fp is not None:
                prints.append(fingerprint_values(pk, item.fp))
            loader.report.count("works", "created")
        insert_rows(Authorship, authorships)
        insert_rows(Source, sources)
        insert_rows(BodyFingerprint, prints)
        signals.works_inserted.send(sender=Work, works=works)
        signals.notify(ids)
        pending.clear()

    def _authors(
        self, record: WorkRecord, page_people: dict[str, Person]
    ) -> list[tuple[str, Person | None]]:
        """(name as written, person) for each author of ``record``."""
        people = self.loader.people
        common: list[Unit] | None = None
        out = []
        names_en = record.authors_en or [""] * len(record.authors)
        own_units = record.author_units or [None for _ in record.authors]
        for name, name_en, units in zip(record.authors, names_en, own_units, strict=False):
            person = page_people.get(name)
            if person is None:
                if units is not None:
                    resolved = self.loader.units.resolve(units) if units else []
                else:
                    if common is None:
                        common = self.loader.units.resolve(record.units) if record.units else []
                    resolved = common
                person = people.resolve_author(name, resolved, name_en)
            out.append((name, person))
        return out

    def _merge(
        self,
        work: Work,
        record: WorkRecord,
        rhash: str,
        how: str,
        page_people: dict[str, Person],
        fp: Fingerprint | None = None,
    ) -> None:
        """Update ``work`` from ``record``: all of it from the same input, else only blanks."""
        loader = self.loader
        same_input = work.sources.filter(uri=loader.uri).exists()
        if not same_input:
            loader.report.merge({"work": work.pk, "title": work.title, "matched_by": how})
        had_body = bool(work.body)
        changed = apply_work_fields(work, record, overwrite=same_input)
        if changed:
            work.save()
        if same_input or not work.authorships.exists():
            changed |= self._set_authors(work, record, page_people)
        loader.report.count("works", "updated" if changed else "unchanged")
        loader.add_source(rhash, work=work)
        if fp is not None and not had_body and work.body:
            self._fold_near_duplicates(work, fp)

    def _fold_near_duplicates(self, work: Work, fp: Fingerprint) -> None:
        """``work`` just got its text: a stored work with nearly the same text is the same work
        (it came first, from an input without a title match). Fold it into ``work``: its
        sources move over, its fields fill blanks, and it is deleted."""
        for other_id, (_, signature) in stored_candidates([fp.bands]).items():
            if other_id == work.pk:
                continue
            if fingerprint.estimate(fp.signature, fingerprint.signature_from_bytes(signature)) < (
                fingerprint.ESTIMATE_FLOOR
            ):
                continue
            other = Work.objects.filter(pk=other_id).first()
            if other is None or _conflict_works(work, other):
                continue
            if fingerprint.jaccard(fp.shingles, fingerprint.shingle_hashes(other.body)) < (
                fingerprint.NEAR_DUPLICATE_JACCARD
            ):
                continue
            self._fold(other, into=work)

    def _fold(self, other: Work, *, into: Work) -> None:
        changed = False
        for attr in [*_VENUE_FIELDS, "source", "date", "keywords", "external_id"]:
            if getattr(into, attr) in (None, "", []) and getattr(other, attr) not in (None, "", []):
                setattr(into, attr, getattr(other, attr))
                changed = True
        if changed:
            into.save()
        Source.objects.filter(work=other).update(work=into)
        if not into.authorships.exists():
            other.authorships.update(work=into)
        self.loader.report.merge(
            {"work": into.pk, "title": into.title, "matched_by": "near_duplicate_body",
             "folded": other.pk}
        )  # fmt: skip
        signals.notify({into.pk, other.pk})
        other.delete()

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
    changed = _apply_date(work, record.date, overwrite=overwrite)
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


#: Date precisions, coarse to fine.
PRECISION_ORDER = ("year", "month", "day")


def _apply_date(work: Work, iso: str | None, *, overwrite: bool) -> bool:
    """Set the date and its precision together: from the same input always; from another
    input when there is none yet, or to refine it (2017 → 2017-08-21, never 2018-…)."""
    if not iso:
        return False
    parsed = ParsedDate.from_iso(iso)
    if work.date == parsed.date and work.date_precision == parsed.precision:
        return False
    if not overwrite and work.date is not None:
        current = ParsedDate(work.date, work.date_precision)
        finer = PRECISION_ORDER.index(parsed.precision) > PRECISION_ORDER.index(current.precision)
        if not (finer and parsed.iso.startswith(current.iso)):
            return False
    work.date, work.date_precision = parsed.date, parsed.precision
    return True


def _row(work: Work) -> dict[str, Any]:
    """The column values of an unsaved work, for ``bulk.insert_with_ids``."""
    return {
        f.attname: getattr(work, f.attname) for f in Work._meta.concrete_fields if not f.primary_key
    }


def _first_authors(work_ids: list[int]) -> dict[int, tuple[str, int | None]]:
    """Each work's first author: (text_key of the name as written, person id)."""
    firsts: dict[int, tuple[int, str, int | None]] = {}
    for chunk in _chunks(work_ids):
        rows = Authorship.objects.filter(work_id__in=chunk).values_list(
            "work_id", "order", "name_as_written", "person_id"
        )
        for work_id, order, name, person_id in rows:
            if work_id not in firsts or order < firsts[work_id][0]:
                firsts[work_id] = (order, name, person_id)
    return {pk: (text_key(name), person) for pk, (_, name, person) in firsts.items()}


def _chunks(values: list[Any]) -> list[list[Any]]:
    return [values[i : i + LOOKUP_CHUNK] for i in range(0, len(values), LOOKUP_CHUNK)]
