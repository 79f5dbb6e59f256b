"""Provenance in the catalog: import runs and the sources (inputs) behind works and people.

Models of the ``catalog`` app (tables ``catalog_importrun``, ``catalog_source``), kept in their
own module so ``models.py`` stays readable; ``models.py`` imports them, and code imports them
from there.
"""

from __future__ import annotations

import os
import socket

from django.db import models
from django.utils.translation import gettext_lazy as _


class ImportRunQuerySet(models.QuerySet):
    def close_interrupted(self) -> int:
        """Mark runs of this machine whose process is gone as interrupted; return how many.

        A run killed mid-way (kill -9, power cut) never saved its end; what it had committed
        stays (each input or batch commits on its own), and re-running the same inputs
        completes the job, since re-imports are idempotent.
        """
        host, closed = socket.gethostname(), 0
        for run in self.filter(state=ImportRun.State.RUNNING, host=host, pid__isnull=False):
            if _process_alive(run.pid):
                continue
            works = run.sources.filter(work__isnull=False).count()
            run.state = ImportRun.State.INTERRUPTED
            run.report = {**run.report, "interrupted": {"pid": run.pid, "works": works}}
            run.save(update_fields=["state", "report"])
            closed += 1
        return closed


def _process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # exists, owned by someone else
        return True
    return True


class ImportRun(models.Model):
    """One run of the importer: its inputs, counts and per-input report."""

    class State(models.TextChoices):
        RUNNING = "running", _("running")
        FINISHED = "finished", _("finished")
        FAILED = "failed", _("with failures")
        INTERRUPTED = "interrupted", _("interrupted")

    started = models.DateTimeField(_("started"), auto_now_add=True)
    finished = models.DateTimeField(_("finished"), null=True, blank=True)
    state = models.CharField(
        _("state"), max_length=20, choices=State.choices, default=State.RUNNING
    )
    dry_run = models.BooleanField(_("dry run"), default=False)
    user = models.CharField(_("user"), max_length=150, blank=True)
    # The importing process, so that a run whose process died (killed, machine restarted)
    # can be told from one still going: see ImportRunQuerySet.close_interrupted.
    host = models.CharField(_("host"), max_length=255, blank=True)
    pid = models.PositiveIntegerField(_("process id"), null=True, blank=True)
    created = models.PositiveIntegerField(_("created"), default=0)
    updated = models.PositiveIntegerField(_("updated"), default=0)
    unchanged = models.PositiveIntegerField(_("unchanged"), default=0)
    skipped = models.PositiveIntegerField(_("skipped"), default=0)
    failed = models.PositiveIntegerField(_("failed"), default=0)
    # {"inputs": [{"path", "status", "reason", "warnings", "counts", "merged"}], ...}
    report = models.JSONField(default=dict, blank=True)

    objects = ImportRunQuerySet.as_manager()

    class Meta:
        ordering = ["-started"]
        verbose_name = _("import run")
        verbose_name_plural = _("import runs")
        # the admin's upload page (zhiku.ingest.admin); editors and administrators hold it
        permissions = [("import_records", _("Can import files of works and experts"))]

    def __str__(self) -> str:
        return f"ImportRun #{self.pk} ({self.started:%Y-%m-%d %H:%M})"


class Source(models.Model):
    """Provenance: one input that contributed to a work or a person."""

    work = models.ForeignKey(
        "catalog.Work", null=True, blank=True, on_delete=models.CASCADE, related_name="sources"
    )
    person = models.ForeignKey(
        "catalog.Person", null=True, blank=True, on_delete=models.CASCADE, related_name="sources"
    )
    import_run = models.ForeignKey(
        ImportRun, null=True, blank=True, on_delete=models.SET_NULL, related_name="sources"
    )
    uri = models.CharField(_("file or URL"), max_length=1000)
    input_hash = models.CharField(_("input hash"), max_length=64)
    record_hash = models.CharField(_("record hash"), max_length=64)
    extractor = models.CharField(_("extractor"), max_length=100)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created", "-pk"]
        verbose_name = _("source")
        verbose_name_plural = _("sources")
        indexes = [models.Index(fields=["uri", "record_hash"], name="source_uri_record")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(work__isnull=False) | models.Q(person__isnull=False),
                name="source_describes_something",
            )
        ]

    def __str__(self) -> str:
        return self.uri
