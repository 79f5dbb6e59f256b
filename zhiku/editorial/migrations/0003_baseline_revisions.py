"""Give every existing person and work a first revision, so later edits can be diffed and
reverted from the state they had when revision history was installed."""

from django.db import migrations
from django.utils import timezone

BATCH = 1000


def add_baselines(apps, schema_editor):
    now = timezone.now()
    for model_name in ("Person", "Work"):
        model = apps.get_model("catalog", model_name)
        historical = apps.get_model("editorial", f"Historical{model_name}")
        tracked = [
            f.attname
            for f in historical._meta.concrete_fields
            if not f.name.startswith("history_") and hasattr(model, f.attname)
        ]
        batch = []
        for obj in model.objects.order_by("pk").iterator(chunk_size=BATCH):
            batch.append(
                historical(
                    **{name: getattr(obj, name) for name in tracked},
                    history_date=now,
                    history_type="+",
                    history_change_reason="baseline",
                )
            )
            if len(batch) >= BATCH:
                historical.objects.bulk_create(batch)
                batch = []
        historical.objects.bulk_create(batch)


class Migration(migrations.Migration):
    dependencies = [("editorial", "0002_roles")]

    operations = [migrations.RunPython(add_baselines, migrations.RunPython.noop)]
