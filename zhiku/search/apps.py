from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "zhiku.search"
    label = "search"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from zhiku.catalog import slots
        from zhiku.search import receivers  # noqa: F401  (connects the change-log listener)

        slots.contribute("work-end", "search/_related.html")  # related works under a work

        from django.db.models.signals import post_delete, post_save

        from zhiku.search import glossary
        from zhiku.search.models import GlossaryEntry

        post_save.connect(glossary.changed, sender=GlossaryEntry, dispatch_uid="glossary-save")
        post_delete.connect(glossary.changed, sender=GlossaryEntry, dispatch_uid="glossary-del")
