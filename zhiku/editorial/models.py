"""Editorial records: the audit log, and the revision history of people and works.

Revisions are kept by django-simple-history: ``Person.history`` and ``Work.history`` hold one
row per save (who, when, why, every field, and the related rows a reader sees as part of the
object: authors, positions, featured works). The historical tables live in this app so the
catalog's own models stay as they are.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history import register

from zhiku.catalog.models import Person, Work

#: Fields not kept in revisions: derived from other fields, or bumped by every save.
HISTORY_EXCLUDED = {
    Person: ["updated"],
    Work: ["updated", "title_key"],
}


class RelationsSnapshot(models.Model):
    """What a revision keeps besides the object's own fields: a work's authors in order, a
    person's positions and featured works (see ``history.relations``). NULL in revisions
    made before this was recorded: unknown, so neither compared nor restored."""

    history_relations = models.JSONField(null=True, blank=True, editable=False)

    class Meta:
        abstract = True


for _model, _excluded in HISTORY_EXCLUDED.items():
    register(_model, app=__package__, excluded_fields=_excluded, bases=[RelationsSnapshot])


class AuditEntryQuerySet(models.QuerySet):
    def about(self, obj) -> AuditEntryQuerySet:
        return self.filter(
            target_type=ContentType.objects.get_for_model(obj), target_id=str(obj.pk)
        )


class AuditEntry(models.Model):
    """One security- or publication-relevant event: who did what to what, when, from where."""

    class Action(models.TextChoices):
        LOGIN = "login", _("signed in")
        LOGIN_FAILED = "login_failed", _("failed sign-in")
        LOGOUT = "logout", _("signed out")
        IMPORT = "import", _("import")
        SUBMIT = "submit", _("submitted for review")
        PUBLISH = "publish", _("published")
        RETURN = "return", _("sent back to draft")
        WITHDRAW = "withdraw", _("withdrawn")
        REINSTATE = "reinstate", _("reinstated")
        REVERT = "revert", _("reverted")
        ROLE_CHANGE = "role_change", _("role change")

    time = models.DateTimeField(_("time"), default=timezone.now, db_index=True)
    action = models.CharField(_("action"), max_length=20, choices=Action.choices, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Kept as text too: the entry must still say who after the account is deleted.
    actor_name = models.CharField(_("by (name)"), max_length=150, blank=True)
    ip = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    target_type = models.ForeignKey(
        ContentType, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    target_id = models.CharField(max_length=64, blank=True)
    target_repr = models.CharField(_("object"), max_length=300, blank=True)
    detail = models.JSONField(_("detail"), default=dict, blank=True)

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        ordering = ["-time", "-pk"]
        verbose_name = _("audit log entry")
        verbose_name_plural = _("audit log")
        indexes = [models.Index(fields=["target_type", "target_id"], name="audit_target")]

    def __str__(self) -> str:
        return f"{self.time:%Y-%m-%d %H:%M} {self.actor_name} {self.action} {self.target_repr}"
