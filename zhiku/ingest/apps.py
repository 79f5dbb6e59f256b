from django.apps import AppConfig


class IngestConfig(AppConfig):
    name = "zhiku.ingest"
    label = "ingest"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from zhiku.ingest.load import fingerprints  # noqa: F401  (fingerprints follow bodies)
