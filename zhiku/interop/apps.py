from django.apps import AppConfig


class InteropConfig(AppConfig):
    name = "zhiku.interop"
    label = "interop"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from zhiku.catalog import slots

        # The open-data parts of catalog pages: metadata in the head, citations, exports, feeds.
        slots.contribute("work-head", "interop/slots/work_head.html")
        slots.contribute("work-end", "interop/slots/work_cite.html", order=10)  # before related
        slots.contribute("person-head", "interop/slots/person_head.html")
        slots.contribute("person-exports", "interop/slots/person_exports.html")
        slots.contribute("unit-head", "interop/slots/unit_head.html")
        slots.contribute("unit-feeds", "interop/slots/unit_feeds.html")
