"""Loads the shipped glossary (zhiku/search/data/glossary.txt) into the editors' table."""

from django.db import migrations


def load(apps, schema_editor):
    from zhiku.search.vocabulary import shipped_glossary

    entry = apps.get_model("search", "GlossaryEntry")
    if entry.objects.exists():
        return
    entry.objects.bulk_create(
        entry(terms="\n".join(group.variants), weight=group.weight) for group in shipped_glossary()
    )


def unload(apps, schema_editor):
    apps.get_model("search", "GlossaryEntry").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("search", "0002_glossary")]

    operations = [migrations.RunPython(load, unload)]
