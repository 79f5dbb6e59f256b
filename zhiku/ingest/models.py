"""What ingest keeps for itself: body fingerprints, to find near-duplicate works later."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from zhiku.catalog.models import Work

#: How many LSH bands a fingerprint has (``fingerprint.BANDS``): one indexed column each.
BAND_FIELDS = tuple(f"band{i}" for i in range(12))


class BodyFingerprint(models.Model):
    """The MinHash signature of a work's body and its LSH band hashes (``ingest.fingerprint``).

    Two works with an equal band (same column) are near-duplicate candidates; the signatures
    estimate their similarity and the bodies confirm it. One row per work with a body long
    enough to judge; derived data that ``zhiku fingerprint`` rebuilds.
    """

    work = models.OneToOneField(
        Work, on_delete=models.CASCADE, primary_key=True, related_name="fingerprint"
    )
    signature = models.BinaryField(_("MinHash signature"))
    band0 = models.BigIntegerField(db_index=True)
    band1 = models.BigIntegerField(db_index=True)
    band2 = models.BigIntegerField(db_index=True)
    band3 = models.BigIntegerField(db_index=True)
    band4 = models.BigIntegerField(db_index=True)
    band5 = models.BigIntegerField(db_index=True)
    band6 = models.BigIntegerField(db_index=True)
    band7 = models.BigIntegerField(db_index=True)
    band8 = models.BigIntegerField(db_index=True)
    band9 = models.BigIntegerField(db_index=True)
    band10 = models.BigIntegerField(db_index=True)
    band11 = models.BigIntegerField(db_index=True)

    class Meta:
        verbose_name = _("body fingerprint")
        verbose_name_plural = _("body fingerprints")

    def __str__(self) -> str:
        return f"fingerprint of work {self.work_id}"

    @property
    def bands(self) -> list[int]:
        return [getattr(self, name) for name in BAND_FIELDS]
