from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "zhiku.search"
    label = "search"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from zhiku.search import (  # noqa: F401
            health,  # registers the /healthz check
            receivers,  # connects the change-log listener
        )
