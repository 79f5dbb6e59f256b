"""The change log, and the glossary editors keep.

The change log: one row per work whose searchable content changed, written in the same
transaction as the change (see ``receivers.py``), applied in order by the indexer.

On PostgreSQL a row also records the id of the transaction that wrote it. Row ids are handed
out when rows are inserted, not when transactions commit, so a follower that only remembered
"the last id applied" could step over a row committed late by a long transaction; instead it
applies rows whose transaction is older than every transaction still running (``log.py``).
SQLite runs one writer at a time, so there id order is commit order.
"""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from zhiku.search.vocabulary import split_variants


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


class GlossaryEntry(models.Model):
    """A group of terms that mean the same to a reader: synonyms, abbreviations, equivalents
    in other languages (网络安全 / cybersecurity / "cyber security"). A query naming one finds
    works with the others, ranked below works with the words typed (weighted query
    expansion, query-time only: an edit needs no reindex). Loaded from the shipped
    ``data/glossary.txt`` by a migration; editors change it in the admin."""

    terms = models.TextField(
        _("terms"),
        help_text=_(
            "One term per line (or separated by |). Put a term in double quotes when its "
            "words must appear together as a phrase."
        ),
    )
    weight = models.FloatField(
        _("weight"),
        default=0.5,
        validators=[MinValueValidator(0.05), MaxValueValidator(0.95)],
        help_text=_(
            "How much a work found through another term of the group counts against one "
            "with the term typed (which counts 1). 0.5 for true equivalents, less for "
            "looser ones."
        ),
    )
    note = models.CharField(_("note"), max_length=200, blank=True)
    active = models.BooleanField(_("active"), default=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("glossary entry")
        verbose_name_plural = _("glossary")
        ordering = ["id"]

    def __str__(self) -> str:
        return " | ".join(self.variants())

    def variants(self) -> tuple[str, ...]:
        return split_variants(self.terms)

    def clean(self) -> None:
        if len(self.variants()) < 2:
            raise ValidationError({"terms": _("A glossary entry needs at least two terms.")})
