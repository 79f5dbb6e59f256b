"""What ingest keeps for itself: the LSH bands of work bodies, to find near-duplicates later."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from zhiku.catalog.models import Work


class BodyBand(models.Model):
    """One LSH band of a work body's MinHash signature (``ingest.fingerprint``).

    Two works sharing a band are near-duplicate candidates; the loader confirms a candidate by
    the exact similarity of the bodies. Derived data: ``zhiku fingerprint`` rebuilds it.
    """

    work = models.ForeignKey(Work, on_delete=models.CASCADE, related_name="body_bands")
    band = models.BigIntegerField(_("band hash"))

    class Meta:
        verbose_name = _("body fingerprint band")
        verbose_name_plural = _("body fingerprint bands")
        indexes = [models.Index(fields=["band"], name="bodyband_band")]

    def __str__(self) -> str:
        return f"{self.work_id}:{self.band}"
