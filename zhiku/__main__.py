"""The ``zhiku`` command: Django's management commands plus zhiku's own (serve, demo, …)."""

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhiku.settings")
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line
    from django.db import DatabaseError

    args = list(sys.argv[1:] if argv is None else argv)
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


if __name__ == "__main__":
    main()
