"""Body fingerprints in the database, kept in step with the catalog, and found again by band.

The loader writes fingerprints with the works it bulk-creates; any other save of a work (a
merge, an editor's change in the admin) refreshes them here, so near-duplicates are found
against the text as it is now. ``zhiku fingerprint`` rebuilds them all.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
from django.db import transaction
from django.db.models import Q
from django.db.models.signals import post_save
from django.dispatch import receiver

from zhiku.catalog.models import Work
from zhiku.ingest import fingerprint
from zhiku.ingest.fingerprint import Fingerprint
from zhiku.ingest.models import BAND_FIELDS, BodyFingerprint

#: Most band values per column in one lookup (12 columns: well under every database's limit).
LOOKUP_CHUNK = 1000


def fingerprint_values(work_id: int, fp: Fingerprint) -> dict[str, object]:
    """The column values of the fingerprint row of work ``work_id``."""
    return {
        "work_id": work_id,
        "signature": fp.signature_bytes(),
        **dict(zip(BAND_FIELDS, fp.bands, strict=True)),
    }


def refresh_fingerprint(work: Work) -> bool:
    """Make the stored fingerprint of ``work`` match its body; True when it changed."""
    fp = fingerprint.fingerprint_body(work.body)
    stored = BodyFingerprint.objects.filter(work=work).first()
    if fp is None:
        return bool(stored and BodyFingerprint.objects.filter(work=work).delete()[0])
    if stored is not None and stored.bands == fp.bands:
        return False
    BodyFingerprint(**fingerprint_values(work.pk, fp)).save()
    return True


def rebuild_fingerprints(batch: int = 500) -> int:
    """Recompute every work's fingerprint; return how many changed."""
    changed, last = 0, 0
    while True:
        works = list(Work.objects.filter(pk__gt=last).order_by("pk").only("pk", "body")[:batch])
        if not works:
            return changed
        with transaction.atomic():
            changed += sum(refresh_fingerprint(work) for work in works)
        last = works[-1].pk


def stored_candidates(bands: Iterable[list[int]]) -> dict[int, tuple[list[int], bytes]]:
    """Stored works sharing a band (in the same column) with any of ``bands``:
    work id → (its bands, its signature)."""
    columns: list[set[int]] = [set() for _ in BAND_FIELDS]
    for fp_bands in bands:
        for column, value in zip(columns, fp_bands, strict=True):
            column.add(value)
    lists = [sorted(c) for c in columns]
    found: dict[int, tuple[list[int], bytes]] = {}
    for start in range(0, max((len(v) for v in lists), default=0), LOOKUP_CHUNK):
        query = Q()
        for name, values in zip(BAND_FIELDS, lists, strict=True):
            if values[start : start + LOOKUP_CHUNK]:
                query |= Q(**{f"{name}__in": values[start : start + LOOKUP_CHUNK]})
        rows = BodyFingerprint.objects.filter(query).values_list(
            "work_id", "signature", *BAND_FIELDS
        )
        for work_id, signature, *row_bands in rows:
            found[work_id] = (row_bands, bytes(signature))
    return found


def close_candidates(
    prints: list[Fingerprint | None], stored: dict[int, tuple[list[int], bytes]]
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
    pairs = [(i, j) for i, pk in enumerate(ids) for b in stored[pk][0] for j in by_band.get(b, ())]
    if not pairs:
        return {}
    theirs = np.frombuffer(b"".join(stored[pk][1] for pk in ids), dtype="<u4")
    theirs = theirs.reshape(len(ids), -1)
    ours = np.stack([fp.signature for fp in batch])
    left, right = np.array(pairs).T
    shared = np.count_nonzero(theirs[left] == ours[right], axis=1) / theirs.shape[1]
    close = {ids[i] for i in left[shared >= fingerprint.ESTIMATE_FLOOR]}
    return {pk: stored[pk] for pk in close}


@receiver(post_save, sender=Work)
def _work_saved(sender, instance: Work, raw: bool = False, update_fields=None, **kwargs) -> None:
    if raw or (update_fields is not None and "body" not in update_fields):
        return
    refresh_fingerprint(instance)
