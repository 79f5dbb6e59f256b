"""A work record merged into the work it matched, and near-duplicates folded together.

From the input a work came from, a record replaces its fields; from another input it only
fills blanks (and refines a date: 2017 → 2017-08-21, never 2018-…), and the merge is reported.
A work that gets its text only now is compared with stored bodies: one nearly the same came
first, from an input without a title match, and is folded into it.
"""

from __future__ import annotations

import hashlib
from typing import Any

from zhiku.catalog import signals
from zhiku.catalog.models import Authorship, Person, Source, Work, title_key
from zhiku.ingest import fingerprint
from zhiku.ingest.fingerprint import Fingerprint
from zhiku.ingest.load.authors import AuthorResolver
from zhiku.ingest.load.candidates import conflict_works
from zhiku.ingest.load.context import InputContext
from zhiku.ingest.load.fingerprints import stored_candidates
from zhiku.ingest.normalize import ParsedDate
from zhiku.ingest.records import WorkRecord

#: Bibliographic fields a record carries under the names a work has (copied as they are).
VENUE_FIELDS = ("journal", "volume", "issue", "pages", "publisher", "place", "isbn", "issn",
                 "doi", "url", "title_en", "abstract", "abstract_en")  # fmt: skip


class WorkMerger:
    """Merges records into the works they matched, for one input."""

    def __init__(self, context: InputContext, authors: AuthorResolver) -> None:
        self.context, self.authors = context, authors

    def merge(
        self,
        work: Work,
        record: WorkRecord,
        rhash: str,
        how: str,
        page_people: dict[str, Person],
        fp: Fingerprint | None = None,
    ) -> None:
        """Update ``work`` from ``record``: all of it from the same input, else only blanks."""
        context = self.context
        same_input = work.sources.filter(uri=context.uri).exists()
        if not same_input:
            context.report.merge({"work": work.pk, "title": work.title, "matched_by": how})
        had_body = bool(work.body)
        changed = apply_work_fields(work, record, overwrite=same_input)
        if changed:
            work.save()
        if same_input or not work.authorships.exists():
            changed |= self._set_authors(work, record, page_people)
        context.report.count("works", "updated" if changed else "unchanged")
        context.add_source(rhash, work=work)
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
            if other is None or conflict_works(work, other):
                continue
            if fingerprint.jaccard(fp.shingles, fingerprint.shingle_hashes(other.body)) < (
                fingerprint.NEAR_DUPLICATE_JACCARD
            ):
                continue
            self._fold(other, into=work)

    def _fold(self, other: Work, *, into: Work) -> None:
        changed = False
        for attr in [*VENUE_FIELDS, "source", "date", "keywords", "external_id"]:
            if getattr(into, attr) in (None, "", []) and getattr(other, attr) not in (None, "", []):
                setattr(into, attr, getattr(other, attr))
                changed = True
        if changed:
            into.save()
        Source.objects.filter(work=other).update(work=into)
        if not into.authorships.exists():
            other.authorships.update(work=into)
        self.context.report.merge(
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
        for order, (name, person) in enumerate(self.authors.authors(record, page_people)):
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
    values.update({k: getattr(record, k) or "" for k in VENUE_FIELDS})
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
