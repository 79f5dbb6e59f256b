from django.apps import AppConfig


class SecurityConfig(AppConfig):
    name = "zhiku.security"
    label = "security"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = "security"

    def ready(self) -> None:
        from zhiku.security import checks  # noqa: F401  (registers the deploy checks)
