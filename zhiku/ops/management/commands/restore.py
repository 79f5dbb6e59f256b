"""``zhiku restore SRC``: put a backup back, migrate it forward, rebuild the search index."""

from pathlib import Path

from django.core.management import call_command, get_commands
from django.core.management.base import BaseCommand, CommandError

from zhiku.ops.backup import BackupError, restore


class Command(BaseCommand):
    help = "Restore the database from a backup made by `zhiku backup`."

    def add_arguments(self, parser):
        parser.add_argument("src", type=Path, help="the backup file")
        parser.add_argument(
            "--force", action="store_true", help="replace a database that already holds data"
        )

    def handle(self, *args, src: Path, force: bool, **options):
        try:
            kind = restore(src, force=force)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        call_command("migrate", interactive=False, verbosity=0)
        if "reindex" in get_commands():  # the index is derived data: rebuild, never restore
            call_command("reindex", verbosity=0)
        self.stdout.write(f"zhiku restore: restored {src} ({kind})")
