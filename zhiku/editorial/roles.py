"""The three roles, as Django groups with the permissions each needs.

- administrator: everything editors do, plus accounts, roles and the audit log;
- editor: all content (experts, units, works, authors), publishing and withdrawing, imports;
- researcher: their own profile and their own works (drafts), submitting them for review.

The groups are created by the migration ``0002_roles``; ``sync_roles`` is also what
``zhiku role --sync`` runs after a permission is added, so every install matches this table.
"""

from __future__ import annotations

ADMINISTRATOR, EDITOR, RESEARCHER = "administrator", "editor", "researcher"
ROLES = (ADMINISTRATOR, EDITOR, RESEARCHER)

_CONTENT = [
    f"{verb}_{model}"
    for model in ("unit", "person", "position", "work", "authorship")
    for verb in ("add", "change", "delete", "view")
]
_EDITOR = [
    *(f"catalog.{codename}" for codename in _CONTENT),
    "catalog.view_source",
    "catalog.view_importrun",
    "catalog.add_importrun",
    "catalog.import_records",  # the upload page of the import runs
    "catalog.publish_work",
    "catalog.edit_any_work",
    "catalog.edit_any_person",
    "editorial.view_historicalwork",
    "editorial.view_historicalperson",
    # the glossary of the field, which search expands queries with
    *(f"search.{verb}_glossaryentry" for verb in ("add", "change", "delete", "view")),
]

#: Role → the permissions ("app_label.codename") its group holds.
ROLE_PERMISSIONS: dict[str, list[str]] = {
    ADMINISTRATOR: [
        *_EDITOR,
        *(
            f"auth.{verb}_{model}"
            for model in ("user", "group")
            for verb in ("add", "change", "view")
        ),
        "auth.delete_user",
        "editorial.view_auditentry",
        "axes.view_accessattempt",
        "axes.delete_accessattempt",
        "axes.view_accesslog",
    ],
    EDITOR: _EDITOR,
    RESEARCHER: [
        "catalog.view_work",
        "catalog.add_work",
        "catalog.change_work",
        "catalog.view_person",
        "catalog.change_person",
        "catalog.view_authorship",
        "catalog.add_authorship",
        "catalog.change_authorship",
        "catalog.delete_authorship",
        "catalog.view_position",
        "catalog.view_unit",
        "editorial.view_historicalwork",
        "editorial.view_historicalperson",
    ],
}


def sync_roles(apps=None) -> dict[str, int]:
    """Create the role groups and set their permissions exactly; return role → count.

    ``apps`` is a migration's app registry (or None for the live one). Permissions that do
    not exist yet are created first, so this works on a fresh database inside a migration.
    """
    from django.apps import apps as live_apps
    from django.contrib.auth.management import create_permissions

    registry = apps or live_apps
    for config in registry.get_app_configs():
        # create_permissions skips app configs without a models module, which is what a
        # migration's app registry has; mark them for the call, then restore.
        original = getattr(config, "models_module", None)
        config.models_module = original or True
        try:
            create_permissions(config, apps=registry, verbosity=0)
        finally:
            config.models_module = original
    group_model = registry.get_model("auth", "Group")
    permission_model = registry.get_model("auth", "Permission")
    counts = {}
    for role, names in ROLE_PERMISSIONS.items():
        group, _created = group_model.objects.get_or_create(name=role)
        wanted = []
        for name in names:
            app_label, codename = name.split(".")
            wanted += list(
                permission_model.objects.filter(
                    content_type__app_label=app_label, codename=codename
                )
            )
        group.permissions.set(wanted)
        counts[role] = len(wanted)
    return counts
