from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "zhiku.search"
    label = "search"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from zhiku.catalog import slots
        from zhiku.search import receivers  # noqa: F401  (connects the change-log listener)

        slots.contribute("work-end", "search/_related.html")  # related works under a work
