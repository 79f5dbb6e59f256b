"""The change log: one row per work whose searchable content changed, written in the same
transaction as the change (see ``receivers.py``), applied in order by the indexer.

On PostgreSQL a row also records the id of the transaction that wrote it. Row ids are handed
out when rows are inserted, not when transactions commit, so a follower that only remembered
"the last id applied" could step over a row committed late by a long transaction; instead it
applies rows whose transaction is older than every transaction still running (``log.py``).
SQLite runs one writer at a time, so there id order is commit order.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class CurrentTransactionId(models.Func):
    """The writing transaction's id on PostgreSQL (``xid8`` as bigint); NULL elsewhere."""

    output_field = models.BigIntegerField()
    template = "NULL"

    def __init__(self) -> None:
        super().__init__()

    def as_postgresql(self, compiler, connection, **extra):
        return "(pg_current_xact_id()::text::bigint)", []


class Change(models.Model):
    """Work ``work_id`` changed (created, edited, deleted, re-authored or withdrawn)."""

    work_id = models.BigIntegerField()
    txid = models.BigIntegerField(null=True, blank=True, db_default=CurrentTransactionId())
    created = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("search index change")
        verbose_name_plural = _("search index changes")
        indexes = [models.Index(fields=["txid", "id"], name="search_change_txid_id")]

    def __str__(self) -> str:
        return f"change #{self.pk}: work {self.work_id}"
