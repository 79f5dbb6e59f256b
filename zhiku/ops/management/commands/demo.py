"""``zhiku demo``: migrate, load the sample pages, and serve the portal."""

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from zhiku.ops.server import default_workers

DEMO_DATA = settings.BASE_DIR / "samples"


class Command(BaseCommand):
    help = "Set up a demo portal: migrate, ingest the sample pages, serve on 127.0.0.1:8000."

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=8000, help="port to serve on")
        parser.add_argument("--no-serve", action="store_true", help="load the data, do not serve")

    def handle(self, *args, port, no_serve, **options):
        call_command("migrate", interactive=False, verbosity=0)
        self.stdout.write(f"zhiku demo: loading {DEMO_DATA}")
        try:
            call_command("ingest", str(DEMO_DATA))
        except SystemExit as exc:
            if exc.code:
                self.stderr.write("zhiku demo: some sample files failed to load (see above)")
        if no_serve:
            return
        self.stdout.write(f"\nzhiku demo: open http://127.0.0.1:{port}/ (Ctrl-C stops)\n")
        call_command("serve", port=port, workers=min(default_workers(), 3))
