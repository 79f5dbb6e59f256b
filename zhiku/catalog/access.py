"""Who may see catalog records before they are public, and which records are one's own.

The per-object rule of the back office (``zhiku.editorial.permissions``) rests on these, and the
catalog's own pages use ``may_preview`` for drafts. A user with ``catalog.edit_any_work`` /
``catalog.edit_any_person`` (permissions of the catalog's models) is not restricted.
"""

from __future__ import annotations

from django.db.models import QuerySet

from zhiku.catalog.models import Person, Work


def is_restricted(user, model: type) -> bool:
    """True when ``user`` may touch only their own objects of ``model``."""
    codename = {Work: "catalog.edit_any_work", Person: "catalog.edit_any_person"}[model]
    return not user.has_perm(codename)


def own_works(user) -> QuerySet[Work]:
    """Works authored by the profile linked to ``user`` (any status)."""
    return Work.objects.filter(authorships__person__user=user).distinct()


def may_preview(user, work: Work) -> bool:
    """May ``user`` see ``work``'s page before it is public (editors; researchers: own)?"""
    if not (user.is_authenticated and user.is_staff and user.has_perm("catalog.view_work")):
        return False
    return not is_restricted(user, Work) or own_works(user).filter(pk=work.pk).exists()
