from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EditorialConfig(AppConfig):
    name = "zhiku.editorial"
    label = "editorial"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = _("editorial records")

    def ready(self) -> None:
        from zhiku.editorial import audit, history  # noqa: F401  (connects signal receivers)
