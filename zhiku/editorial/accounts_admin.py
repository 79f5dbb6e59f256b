"""Accounts and groups in the admin, without privilege escalation.

Administrators manage accounts (``auth.change_user``, ``auth.change_group``), but with Django's
stock admins that let them tick ``is_superuser`` on their own account, hand out staff status or
any single permission, or put permissions they lack into a group. Here only a superuser may:

- grant or remove superuser or staff status, or give an account permissions of its own
  (those fields are read-only for everyone else; ``zhiku role`` gives staff status with a role);
- put an account into a group, or a permission into a group, that carries a permission the
  acting user does not hold themselves;
- change or delete a superuser's account (its password included).
"""

from __future__ import annotations

from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group, Permission, User
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

#: Fields of an account only a superuser may change.
SUPERUSER_ONLY_FIELDS = ("is_superuser", "is_staff", "user_permissions")


def permission_names(permissions) -> set[str]:
    return {f"{p.content_type.app_label}.{p.codename}" for p in permissions}


def beyond(actor, permissions) -> list[str]:
    """The permissions (sorted "app.codename") in ``permissions`` that ``actor`` lacks."""
    if actor.is_superuser:
        return []
    held = actor.get_all_permissions()
    return sorted(permission_names(permissions) - held)


def _group_permissions(groups):
    return Permission.objects.filter(group__in=groups).select_related("content_type").distinct()


class AccountAdmin(UserAdmin):
    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            fields += [f for f in SUPERUSER_ONLY_FIELDS if f not in fields]
        return fields

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False  # its password, name or groups would be a way to become it
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_delete_permission(request, obj)

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        if request.user.is_superuser or "groups" not in form.base_fields:
            return form
        actor = request.user

        def clean_groups(self):
            groups = self.cleaned_data["groups"]
            before = set(self.instance.groups.all()) if self.instance.pk else set()
            added = [g for g in groups if g not in before]
            lacking = beyond(actor, _group_permissions(added))
            if lacking:
                raise ValidationError(
                    _("Only a superuser may give a group with permissions you do not hold: %s")
                    % ", ".join(lacking)
                )
            return groups

        return type(form.__name__, (form,), {"clean_groups": clean_groups})


class RoleGroupAdmin(GroupAdmin):
    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        if request.user.is_superuser or "permissions" not in form.base_fields:
            return form
        actor = request.user

        def clean_permissions(self):
            permissions = self.cleaned_data["permissions"]
            before = set(self.instance.permissions.all()) if self.instance.pk else set()
            lacking = beyond(actor, [p for p in permissions if p not in before])
            if lacking:
                raise ValidationError(
                    _("Only a superuser may add permissions you do not hold: %s")
                    % ", ".join(lacking)
                )
            return permissions

        return type(form.__name__, (form,), {"clean_permissions": clean_permissions})


for model, model_admin in ((User, AccountAdmin), (Group, RoleGroupAdmin)):
    if admin.site.is_registered(model):
        admin.site.unregister(model)
    admin.site.register(model, model_admin)
