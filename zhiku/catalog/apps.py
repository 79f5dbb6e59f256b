from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CatalogConfig(AppConfig):
    name = "zhiku.catalog"
    label = "catalog"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = _("catalog")

    def ready(self) -> None:
        from zhiku.catalog import signals  # noqa: F401  (connects the receivers)
