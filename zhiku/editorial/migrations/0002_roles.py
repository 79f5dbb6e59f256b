"""Create the administrator, editor and researcher groups with their permissions.

The table of permissions is ``zhiku.editorial.roles.ROLE_PERMISSIONS``; ``zhiku role --sync``
applies it again when a later version adds a permission.
"""

from django.db import migrations


def create_roles(apps, schema_editor):
    from zhiku.editorial.roles import sync_roles

    sync_roles(apps)


def remove_roles(apps, schema_editor):
    from zhiku.editorial.roles import ROLES

    apps.get_model("auth", "Group").objects.filter(name__in=ROLES).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("editorial", "0001_initial"),
        ("catalog", "0002_person_user_work_permissions"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("axes", "0010_accessattemptexpiration"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
