from django.apps import AppConfig


class CatalogConfig(AppConfig):
    name = "zhiku.catalog"
    label = "catalog"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from zhiku.catalog import signals  # noqa: F401  (connects the receivers)
