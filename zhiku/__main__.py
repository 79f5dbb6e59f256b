"""The ``zhiku`` command: Django's management commands plus zhiku's own (serve, demo, …)."""

import os
import sys

from django.apps import AppConfig

#: Commands that only read and answer at once: they start without the admin's autodiscovery
#: (every app's admin and forms) and without the apps' signal receivers, which only writes use.
READ_ONLY_COMMANDS = ("search",)
#: Apps whose ``ready()`` only connects receivers for writes (or loads the admin): a read-only
#: command installs them without it. Their models stay registered.
LEAN_APPS = {
    "django.contrib.admin": "django.contrib.admin.apps.SimpleAdminConfig",
    "zhiku.ingest": "zhiku.__main__.LeanIngestConfig",
    "zhiku.editorial": "zhiku.__main__.LeanEditorialConfig",
}


def lean_apps() -> None:
    """Install the read-only commands' app list (before ``django.setup``)."""
    from django.conf import settings

    settings.INSTALLED_APPS = [LEAN_APPS.get(app, app) for app in settings.INSTALLED_APPS]


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhiku.settings")
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line
    from django.db import DatabaseError

    args = list(sys.argv[1:] if argv is None else argv)
    if args and args[0] in READ_ONLY_COMMANDS:
        try:
            lean_apps()
        except ImproperlyConfigured as exc:
            print(f"zhiku: configuration error: {exc}", file=sys.stderr)
            sys.exit(2)
    try:
        execute_from_command_line(["zhiku", *args])
    except ImproperlyConfigured as exc:
        print(f"zhiku: configuration error: {exc}", file=sys.stderr)
        sys.exit(2)
    except DatabaseError as exc:
        # A read-only file, a full disk or an unreachable server is the operator's to fix:
        # one line saying what, instead of a traceback.
        from zhiku.errors import explain_database_error

        print(f"zhiku: database error: {explain_database_error(exc)}", file=sys.stderr)
        sys.exit(1)


class LeanIngestConfig(AppConfig):
    """zhiku.ingest without its receivers (fingerprints follow bodies: writes only)."""

    name = "zhiku.ingest"
    label = "ingest"
    default_auto_field = "django.db.models.BigAutoField"


class LeanEditorialConfig(AppConfig):
    """zhiku.editorial without its receivers (audit and history of writes)."""

    name = "zhiku.editorial"
    label = "editorial"
    default_auto_field = "django.db.models.BigAutoField"


if __name__ == "__main__":
    main()
