"""The audit log: ``record()`` and the receivers that log sign-ins, imports and role changes.

Workflow transitions and reverts call ``record()`` themselves (``workflow.py``, ``history.py``).
Entries are append-only: the admin shows them and offers no way to change or delete one.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.contrib.contenttypes.models import ContentType
from django.db.models.signals import m2m_changed, post_save, pre_save
from django.dispatch import receiver

from zhiku.catalog.models import ImportRun
from zhiku.editorial.models import AuditEntry
from zhiku.security.client import client_ip

User = get_user_model()


def record(action: str, *, actor=None, request=None, target=None, actor_name="", **detail):
    """Append one AuditEntry; ``actor`` defaults to the request's user."""
    user = getattr(request, "user", None)
    if actor is None and user is not None and user.is_authenticated:
        actor = user
    entry = AuditEntry(
        action=action,
        actor=actor if actor is not None and actor.pk else None,
        actor_name=actor_name or (actor.get_username() if actor is not None else ""),
        ip=(client_ip(request) or None) if request is not None else None,
        detail=detail,
    )
    if target is not None:
        entry.target_type = ContentType.objects.get_for_model(target)
        entry.target_id = str(target.pk)
        entry.target_repr = str(target)[:300]
    entry.save()
    return entry


@receiver(user_logged_in)
def _logged_in(sender, request, user, **kwargs):
    record(AuditEntry.Action.LOGIN, actor=user, request=request)


@receiver(user_logged_out)
def _logged_out(sender, request, user, **kwargs):
    if user is not None:
        record(AuditEntry.Action.LOGOUT, actor=user, request=request)


@receiver(user_login_failed)
def _login_failed(sender, credentials, request=None, **kwargs):
    # Django has already masked the password in ``credentials``; keep only the name tried.
    username = str(credentials.get("username", ""))[:150]
    record(AuditEntry.Action.LOGIN_FAILED, request=request, actor_name=username)


@receiver(post_save, sender=ImportRun)
def _import_finished(sender, instance, created, **kwargs):
    if created or instance.state == ImportRun.State.RUNNING:
        return
    record(
        AuditEntry.Action.IMPORT,
        target=instance,
        actor_name=instance.user or "cli",
        dry_run=instance.dry_run,
        state=instance.state,
        counts={
            "created": instance.created,
            "updated": instance.updated,
            "unchanged": instance.unchanged,
            "failed": instance.failed,
        },
    )


@receiver(m2m_changed, sender=User.groups.through)
def _groups_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    verb = {"post_add": "added", "post_remove": "removed", "post_clear": "cleared"}[action]
    if reverse:  # group.user_set.add(user, …): ``instance`` is the group
        users, groups = User.objects.filter(pk__in=pk_set or ()), [instance.name]
    else:
        users, groups = (
            [instance],
            sorted(Group.objects.filter(pk__in=pk_set or ()).values_list("name", flat=True)),
        )
    for user in users:
        record(
            AuditEntry.Action.ROLE_CHANGE,
            request=_current_request(),
            target=user,
            change=verb,
            groups=groups,
        )


ROLE_FLAGS = ("is_superuser", "is_staff")


@receiver(pre_save, sender=User)
def _flags_before(sender, instance, update_fields=None, **kwargs):
    if update_fields is not None and not set(update_fields) & set(ROLE_FLAGS):
        instance._audit_flags_before = None  # e.g. last_login on every sign-in
        return
    old = User.objects.filter(pk=instance.pk).values(*ROLE_FLAGS).first()
    instance._audit_flags_before = old or {}


@receiver(post_save, sender=User)
def _flags_after(sender, instance, created, **kwargs):
    before = getattr(instance, "_audit_flags_before", None)
    if before is None:
        return
    changes = {
        flag: getattr(instance, flag)
        for flag in ROLE_FLAGS
        if getattr(instance, flag) != before.get(flag, False)
    }
    if changes:
        record(
            AuditEntry.Action.ROLE_CHANGE, request=_current_request(), target=instance, **changes
        )


def _current_request():
    """The request being served, if any (kept by simple-history's middleware)."""
    from simple_history.models import HistoricalRecords

    return getattr(HistoricalRecords.context, "request", None)
