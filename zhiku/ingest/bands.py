"""Body fingerprints kept in step with the catalog: the LSH bands of every work's body.

The loader writes bands with the works it bulk-creates; any other save of a work (a merge, an
editor's change in the admin) refreshes them here, so near-duplicates are found against the
text as it is now. ``zhiku fingerprint`` rebuilds them all (after a change of the algorithm).
"""

from __future__ import annotations

from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver

from zhiku.catalog.models import Work
from zhiku.ingest import fingerprint
from zhiku.ingest.models import BodyBand


def bands_of(work: Work) -> list[int]:
    """The LSH band hashes of ``work``'s body (none for a short or empty body)."""
    return fingerprint.band_hashes(fingerprint.shingle_hashes(work.body))


def refresh_bands(work: Work) -> bool:
    """Make the stored bands of ``work`` match its body; True when they changed."""
    wanted = bands_of(work)
    stored = list(BodyBand.objects.filter(work=work).values_list("band", flat=True))
    if sorted(stored) == sorted(wanted):
        return False
    BodyBand.objects.filter(work=work).delete()
    BodyBand.objects.bulk_create([BodyBand(work=work, band=band) for band in wanted])
    return True


def rebuild_bands(batch: int = 500) -> int:
    """Recompute the bands of every work; return how many works' bands changed."""
    changed = 0
    last = 0
    while True:
        works = list(Work.objects.filter(pk__gt=last).order_by("pk").only("pk", "body")[:batch])
        if not works:
            return changed
        with transaction.atomic():
            changed += sum(refresh_bands(work) for work in works)
        last = works[-1].pk


@receiver(post_save, sender=Work)
def _work_saved(sender, instance: Work, raw: bool = False, update_fields=None, **kwargs) -> None:
    if raw or (update_fields is not None and "body" not in update_fields):
        return
    refresh_bands(instance)
