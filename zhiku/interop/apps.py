from django.apps import AppConfig


class InteropConfig(AppConfig):
    name = "zhiku.interop"
    label = "interop"
    default_auto_field = "django.db.models.BigAutoField"
