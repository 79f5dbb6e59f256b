"""The editorial workflow: draft → in review → published, published → withdrawn.

    draft ──submit──▶ review ──publish──▶ published ──withdraw──▶ withdrawn
      ▲                 │                                            │
      └────return───────┘                  published ◀──reinstate────┘

Anyone who may edit a draft (its author, an editor) submits it; a user with
``catalog.publish_work`` (editor, administrator) publishes, returns, withdraws and reinstates.
With ``ZHIKU_REVIEW_BY_SECOND_EDITOR`` on (the default) a work is published only by an editor who
made no change to it since it was last submitted: not the submitter, and not an editor who edited
it while it was in review (the revisions since the submit say who changed it), so a second person
reviews the text that goes out. Withdrawing needs a reason, shown on the tombstone.
Every transition is a revision (reason ``workflow:<name>``) and an audit log entry.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from zhiku.catalog.models import Work
from zhiku.editorial import audit
from zhiku.editorial.models import AuditEntry
from zhiku.editorial.permissions import may_change_work

S = Work.Status
PUBLISH_PERMISSION = "catalog.publish_work"


@dataclass(frozen=True)
class Transition:
    name: str
    sources: tuple[str, ...]
    target: str
    label: str | Promise
    needs_publisher: bool
    needs_reason: bool = False


TRANSITIONS = {
    t.name: t
    for t in (
        Transition("submit", (S.DRAFT,), S.REVIEW, _("Submit for review"), False),
        Transition("publish", (S.REVIEW,), S.PUBLISHED, _("Publish"), True),
        Transition("return", (S.REVIEW,), S.DRAFT, _("Send back to draft"), True),
        Transition("withdraw", (S.PUBLISHED,), S.WITHDRAWN, _("Withdraw"), True, True),
        Transition("reinstate", (S.WITHDRAWN,), S.PUBLISHED, _("Reinstate"), True),
    )
}


class TransitionError(Exception):
    """A transition that is not allowed; the message says why, for the user."""


def submitter(work: Work):
    """The user who last submitted ``work`` for review (None if unknown)."""
    entry = (
        AuditEntry.objects.about(work)
        .filter(action=AuditEntry.Action.SUBMIT)
        .select_related("actor")
        .first()
    )
    return entry.actor if entry else None


def changed_since_submitted(user, work: Work) -> bool:
    """Whether ``user`` made a revision of ``work`` since it was last submitted, the submit
    itself included: an edit while in review, a revert, or saving its authors."""
    revisions = work.history.all()
    last_submit = (
        revisions.filter(history_change_reason="workflow:submit").order_by("-history_id").first()
    )
    if last_submit is None:
        return False
    return revisions.filter(history_id__gte=last_submit.history_id, history_user=user).exists()


def check(user, work: Work, name: str) -> Transition:
    """The transition ``name`` if ``user`` may apply it to ``work`` now; else TransitionError."""
    transition = TRANSITIONS.get(name)
    if transition is None:
        raise TransitionError(_("Unknown workflow step."))
    if work.status not in transition.sources:
        raise TransitionError(
            _("“%(label)s” is not possible while the work is %(status)s.")
            % {"label": transition.label, "status": work.get_status_display()}
        )
    if transition.needs_publisher:
        if not user.has_perm(PUBLISH_PERMISSION):
            raise TransitionError(_("Only editors can do this."))
        if name == "publish" and settings.ZHIKU_REVIEW_BY_SECOND_EDITOR:
            by = submitter(work)
            if by is not None and by.pk == user.pk:
                raise TransitionError(
                    _("You submitted this work, so a second editor must review and publish it.")
                )
            if changed_since_submitted(user, work):
                raise TransitionError(
                    _(
                        "You changed this work after it was submitted, so another editor must "
                        "review your changes and publish it."
                    )
                )
    elif not may_change_work(user, work):
        raise TransitionError(_("You cannot edit this work."))
    return transition


def available(user, work: Work) -> list[Transition]:
    """The transitions ``user`` may apply to ``work`` now, in workflow order."""
    allowed = []
    for name in TRANSITIONS:
        try:
            allowed.append(check(user, work, name))
        except TransitionError:
            continue
    return allowed


def apply(user, work: Work, name: str, *, reason: str = "", request=None) -> Work:
    """Move ``work`` along transition ``name``; TransitionError when not allowed."""
    with transaction.atomic():
        work = Work.objects.select_for_update().get(pk=work.pk)  # two editors, one click each
        transition = check(user, work, name)
        reason = reason.strip()
        if transition.needs_reason and not reason:
            raise TransitionError(_("Please give the reason for withdrawing the work."))
        previous = work.status
        work.status = transition.target
        if name == "withdraw":
            work.withdrawn_reason = reason
        elif name == "reinstate":
            work.withdrawn_reason = ""
        work._change_reason = f"workflow:{name}"
        work._history_user = user  # the revision names who moved it, with or without a request
        work.save(update_fields=["status", "withdrawn_reason", "updated"])
        detail = {"from": previous, "to": work.status}
        if reason:
            detail["reason"] = reason
        audit.record(name, actor=user, request=request, target=work, **detail)
    return work
