"""The rate-limit counter table, used when ``ZHIKU_RATE_LIMIT_STORE=database`` (see counters)."""

from django.db import models


class RateCounter(models.Model):
    """Hits of one client in one time slot of one limit."""

    client = models.CharField(max_length=200)
    slot = models.BigIntegerField()
    hits = models.PositiveIntegerField(default=0)
    expires = models.BigIntegerField(db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["client", "slot"], name="ratecounter_client_slot")
        ]

    def __str__(self) -> str:
        return f"{self.client} @ {self.slot}: {self.hits}"
