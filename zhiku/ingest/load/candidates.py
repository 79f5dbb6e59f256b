"""The works a batch of records may match, and the rules that match them.

A record matches an existing work, in this order, by:

1. external id (the source's own id);
2. DOI;
3. normalised title + first author (either side without authors also matches);
4. near-duplicate body: a shared LSH band (``BodyFingerprint``), a signature estimate of at
   least ``fingerprint.ESTIMATE_FLOOR``, and an exact shingle Jaccard ≥
   ``fingerprint.NEAR_DUPLICATE_JACCARD``.

Different external ids, or different DOIs, on the two sides veto a match: the source says they
are two works. ``stored_index`` fetches, one query per kind, the stored works a batch mentions
(external ids, DOIs, title keys, bands); the batch's new works join the index as they are made.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from zhiku.catalog.models import Authorship, Work, title_key
from zhiku.ingest import fingerprint
from zhiku.ingest.fingerprint import Fingerprint
from zhiku.ingest.load.bulk import chunks
from zhiku.ingest.load.fingerprints import close_candidates, stored_candidates
from zhiku.ingest.records import WorkRecord
from zhiku.text.keys import text_key

#: Titles shorter than this (as keys) never match on title alone ("序", "前言").
MIN_TITLE_MATCH_CHARS = 4


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
            if not conflict(record, candidate.work):
                return candidate, "doi"
        key = title_key(record.title)
        first = text_key(record.authors[0]) if record.authors else ""
        if len(key) >= MIN_TITLE_MATCH_CHARS:
            for candidate in self.by_title.get(key, []):
                theirs = candidate.first_author
                same_person = first_person is not None and candidate.first_person == first_person
                same_author = theirs == first or not theirs or not first or same_person
                if same_author and not conflict(record, candidate.work):
                    return candidate, "title_and_first_author"
        if fp is None:
            return None, ""
        best, best_score = None, fingerprint.NEAR_DUPLICATE_JACCARD
        near = {id(c): c for b in fp.bands for c in self.by_band.get(b, [])}
        for candidate in near.values():
            if candidate.signature is None or conflict(record, candidate.work):
                continue
            if fingerprint.estimate(fp.signature, candidate.signature) < fingerprint.ESTIMATE_FLOOR:
                continue
            score = fingerprint.jaccard(fp.shingles, candidate.body_shingles())
            if score >= best_score:
                best, best_score = candidate, score
        return (best, "near_duplicate_body") if best else (None, "")


def conflict_works(a: Work, b: Work) -> bool:
    """True when two stored works carry different identifiers."""
    ids = a.external_id and b.external_id and a.external_id != b.external_id
    dois = a.doi and b.doi and a.doi.lower() != b.doi.lower()
    return bool(ids or dois)


def conflict(record: WorkRecord, work: Work) -> bool:
    """True when the two carry different identifiers: then they are not the same work."""
    ids = record.external_id and work.external_id and record.external_id != work.external_id
    dois = record.doi and work.doi and record.doi.lower() != work.doi.lower()
    return bool(ids or dois)


def stored_index(records: list[WorkRecord], prints: list[Fingerprint | None]) -> WorkIndex:
    """One query per kind: the stored works this batch might match."""
    ids = {r.external_id for r in records if r.external_id}
    dois = {v for r in records if r.doi for v in (r.doi, r.doi.lower(), r.doi.upper())}
    keys = {title_key(r.title) for r in records}
    works: dict[int, Work] = {}
    for chunk in chunks(sorted(ids)):
        works.update({w.pk: w for w in Work.objects.filter(external_id__in=chunk)})
    for chunk in chunks(sorted(dois)):
        works.update({w.pk: w for w in Work.objects.filter(doi__in=chunk)})
    for chunk in chunks(sorted(keys)):
        works.update({w.pk: w for w in Work.objects.filter(title_key__in=chunk)})
    near = close_candidates(prints, stored_candidates([fp.bands for fp in prints if fp]))
    for chunk in chunks(sorted(set(near) - set(works))):
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


def _first_authors(work_ids: list[int]) -> dict[int, tuple[str, int | None]]:
    """Each work's first author: (text_key of the name as written, person id)."""
    firsts: dict[int, tuple[int, str, int | None]] = {}
    for chunk in chunks(work_ids):
        rows = Authorship.objects.filter(work_id__in=chunk).values_list(
            "work_id", "order", "name_as_written", "person_id"
        )
        for work_id, order, name, person_id in rows:
            if work_id not in firsts or order < firsts[work_id][0]:
                firsts[work_id] = (order, name, person_id)
    return {pk: (text_key(name), person) for pk, (_, name, person) in firsts.items()}
