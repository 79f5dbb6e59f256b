"""Who may edit what: editors everything, researchers their own profile and own draft works.

Model permissions (granted through the roles in ``roles.py``) say what kind of thing a user may
touch; these functions add the per-object rule. A user with ``catalog.edit_any_work`` /
``catalog.edit_any_person`` (editors, administrators) may edit every work / profile; anyone else
with the plain change permission (researchers) only what is theirs: the profile linked to their
account, and works that profile authored while they are drafts.
"""

from __future__ import annotations

from django.db.models import QuerySet

from zhiku.catalog.access import is_restricted, own_works
from zhiku.catalog.models import Person, Work


def own_person(user) -> Person | None:
    """The expert profile linked to ``user``'s account, if any."""
    if not user.is_authenticated:
        return None
    return Person.objects.filter(user=user).first()


def visible_works(user, queryset: QuerySet[Work]) -> QuerySet[Work]:
    """The part of ``queryset`` the back office shows ``user``."""
    if not is_restricted(user, Work):
        return queryset
    return queryset.filter(pk__in=own_works(user).values("pk"))


def visible_people(user, queryset: QuerySet[Person]) -> QuerySet[Person]:
    if not is_restricted(user, Person):
        return queryset
    return queryset.filter(user=user)


def may_change_work(user, work: Work | None) -> bool:
    """May ``user`` edit ``work`` (None: a new work)?"""
    if not user.has_perm("catalog.change_work"):
        return False
    if work is None or not is_restricted(user, Work):
        return True
    return work.status == Work.Status.DRAFT and own_works(user).filter(pk=work.pk).exists()


def may_change_person(user, person: Person | None) -> bool:
    if not user.has_perm("catalog.change_person"):
        return False
    if person is None or not is_restricted(user, Person):
        return True
    return person.user_id == user.pk
