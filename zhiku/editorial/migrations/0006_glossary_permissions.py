"""Give editors (and administrators) the search glossary's permissions."""

from django.db import migrations


def sync(apps, schema_editor):
    from zhiku.editorial.roles import sync_roles

    sync_roles(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("editorial", "0005_import_permission"),
        ("search", "0002_glossary"),
    ]

    operations = [migrations.RunPython(sync, migrations.RunPython.noop)]
