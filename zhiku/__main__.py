"""The ``zhiku`` command: Django's management commands plus zhiku's own (serve, demo, …)."""

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhiku.settings")
    from django.core.management import execute_from_command_line

    args = list(sys.argv[1:] if argv is None else argv)
    execute_from_command_line(["zhiku", *args])


if __name__ == "__main__":
    main()
