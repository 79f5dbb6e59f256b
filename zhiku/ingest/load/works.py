"""Stage 4, load (works): work records → Work rows, matched, merged, or created in bulk.

Records are handled a batch at a time (one Extraction): a record whose (input, hash) is already
stored is unchanged and costs nothing; one query per kind prefetches the hashes already loaded
and the works the batch may match (``candidates``: external ids, DOIs, title keys and bands);
new works are inserted in bulk (``bulk``) with their authorships, sources and fingerprints, and
``signals.notify`` tells derived stores (bulk writes send no model signals). A record that
matches is merged one by one (``merge``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from zhiku.catalog import signals
from zhiku.catalog.models import Authorship, Person, Source, Work, title_key
from zhiku.ingest import fingerprint
from zhiku.ingest.fingerprint import Fingerprint
from zhiku.ingest.load.authors import AuthorResolver
from zhiku.ingest.load.bulk import chunks, insert_rows, insert_with_ids
from zhiku.ingest.load.candidates import Candidate, stored_index
from zhiku.ingest.load.context import InputContext
from zhiku.ingest.load.fingerprints import fingerprint_values
from zhiku.ingest.load.merge import WorkMerger, apply_work_fields
from zhiku.ingest.load.people import PeopleResolver
from zhiku.ingest.models import BodyFingerprint
from zhiku.ingest.records import WorkRecord
from zhiku.text.keys import text_key


@dataclass
class Pending:
    """A new work waiting for the batch's bulk insert."""

    record: WorkRecord
    rhash: str
    candidate: Candidate
    fp: Fingerprint | None


class WorkLoader:
    """Loads the work records of one input, a batch at a time."""

    def __init__(self, context: InputContext, people: PeopleResolver) -> None:
        self.context, self.people = context, people
        self.authors = AuthorResolver(context.units, people)
        self.merger = WorkMerger(context, self.authors)

    def load(self, records: list[WorkRecord], page_people: dict[str, Person]) -> None:
        """Load ``records`` (one Extraction's works) into the catalog."""
        context = self.context
        hashed = [(r, context.hash_of(r)) for r in records]
        # A repeat within the batch is caught here; one in an earlier batch is stored by now.
        seen = self._stored_hashes([h for _, h in hashed])
        todo = []
        for record, rhash in hashed:
            if rhash in seen:
                context.report.count("works", "unchanged")
            else:
                todo.append((record, rhash))
            seen.add(rhash)
        if not todo:
            return
        self.people.prefetch({a for r, _ in todo for a in r.authors})
        prints = [self._fingerprint(r) for r, _ in todo]
        index = stored_index([r for r, _ in todo], prints)
        pending: list[Pending] = []
        for (record, rhash), fp in zip(todo, prints, strict=True):
            first_person = self.authors.first_person(record, page_people)
            candidate, how = index.match(record, fp, first_person)
            if candidate is None:
                # Imported works were published where they came from; a re-import never
                # changes the status later, so an editor's withdrawal stands. A page whose
                # evidence was weak (readers/confidence.py) waits as a draft for review.
                status = Work.Status.DRAFT if record.review_reasons else Work.Status.PUBLISHED
                work = Work(title=record.title, status=status)
                work.review_note = "; ".join(record.review_reasons)
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
            self.merger.merge(candidate.work, record, rhash, how, page_people, fp)
        self._flush(pending, page_people)

    def _fingerprint(self, record: WorkRecord) -> Fingerprint | None:
        return fingerprint.fingerprint_key(record.body_key or text_key("".join(record.body)))

    def _stored_hashes(self, hashes: list[str]) -> set[str]:
        found: set[str] = set()
        for chunk in chunks(hashes):
            found |= set(
                Source.objects.filter(
                    uri=self.context.uri, record_hash__in=chunk, work__isnull=False
                ).values_list("record_hash", flat=True)
            )
        return found

    def _flush(self, pending: list[Pending], page_people: dict[str, Person]) -> None:
        """Insert the pending works with their authorships, sources and fingerprints."""
        if not pending:
            return
        context = self.context
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
            authors = self.authors.authors(record, page_people)
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
            sources.append(context.source_values(item.rhash, work_id=pk))
            if item.fp is not None:
                prints.append(fingerprint_values(pk, item.fp))
            context.report.count("works", "created")
        insert_rows(Authorship, authorships)
        insert_rows(Source, sources)
        insert_rows(BodyFingerprint, prints)
        signals.works_inserted.send(sender=Work, works=works)
        signals.notify(ids)
        pending.clear()


def _row(work: Work) -> dict[str, Any]:
    """The column values of an unsaved work, for ``bulk.insert_with_ids``."""
    return {
        f.attname: getattr(work, f.attname) for f in Work._meta.concrete_fields if not f.primary_key
    }
