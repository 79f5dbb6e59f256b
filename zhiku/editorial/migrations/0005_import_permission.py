"""Grant ``catalog.import_records`` (the admin's upload page) to editors and administrators.

Before it, the upload page asked for ``catalog.change_importrun``, which no role holds, so only
superusers could import. ``sync_roles`` applies ``ROLE_PERMISSIONS`` again, which now lists it;
researchers still lack it.
"""

from django.db import migrations


def grant(apps, schema_editor):
    from zhiku.editorial.roles import sync_roles

    sync_roles(apps)


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permission = Permission.objects.filter(
        content_type__app_label="catalog", codename="import_records"
    ).first()
    if permission is not None:
        for group in Group.objects.all():
            group.permissions.remove(permission)


class Migration(migrations.Migration):
    dependencies = [
        ("editorial", "0004_revision_relations"),
        ("catalog", "0005_importrun_import_permission"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
