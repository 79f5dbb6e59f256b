"""``zhiku serve``: the production WSGI server (gunicorn) with static files from WhiteNoise."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from zhiku.errors import unwritable
from zhiku.ops import static
from zhiku.ops.server import default_workers, run_gunicorn


class Command(BaseCommand):
    help = "Serve the portal with gunicorn (several workers; static files by WhiteNoise)."
    requires_system_checks: list[str] = []

    def add_arguments(self, parser):
        parser.add_argument(
            "--host",
            default=settings.ZHIKU_HOST,
            help="address to listen on (default 127.0.0.1)",
        )
        parser.add_argument(
            "--port",
            type=int,
            default=settings.ZHIKU_PORT,
            help="port to listen on (default 8000)",
        )
        parser.add_argument(
            "--workers",
            type=int,
            default=default_workers(),
            help="worker processes (default: from the CPU count)",
        )
        parser.add_argument(
            "--no-indexer",
            action="store_true",
            help="do not run the search indexer (when `zhiku indexer` runs as its own service)",
        )
        parser.add_argument(
            "--no-collectstatic",
            action="store_true",
            help="skip collecting static files before starting",
        )

    def handle(self, *args, host, port, workers, no_collectstatic, no_indexer, **options):
        problem = unwritable(settings.DATA_DIR)
        if problem:  # one line saying what to fix, not a traceback from the first write
            raise CommandError(
                f"cannot serve: {problem}. The search index, the rate-limit counters and (by "
                "default) the database and static files are written there: make it writable, "
                "or set ZHIKU_DATA_DIR to a writable folder",
                returncode=2,
            )
        if not settings.DEBUG and not no_collectstatic:
            try:
                static.collect()  # skipped while the collected files are current
            except OSError as exc:
                raise CommandError(
                    f"cannot collect static files into {settings.STATIC_ROOT}: {exc}; run "
                    "`zhiku collectstatic` where it can write, then `zhiku serve "
                    "--no-collectstatic`",
                    returncode=2,
                ) from exc
        self.stdout.write(f"zhiku: serving http://{host}:{port}/ with {workers} worker(s)")
        self.stdout.flush()
        run_gunicorn(host=host, port=port, workers=workers, indexer=not no_indexer)
