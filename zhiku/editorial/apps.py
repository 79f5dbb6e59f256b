from django.apps import AppConfig


class EditorialConfig(AppConfig):
    name = "zhiku.editorial"
    label = "editorial"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = "editorial"

    def ready(self) -> None:
        from zhiku.editorial import audit, history  # noqa: F401  (connects signal receivers)
