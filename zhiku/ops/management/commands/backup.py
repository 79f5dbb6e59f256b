"""``zhiku backup DEST``: a consistent copy of the database, safe to take while serving."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from zhiku.ops.backup import BackupError, backup


class Command(BaseCommand):
    help = "Back up the database (SQLite online backup or pg_dump) to a file or folder."

    def add_arguments(self, parser):
        parser.add_argument("dest", type=Path, help="backup file, or folder to write one into")

    def handle(self, *args, dest: Path, **options):
        try:
            path = backup(dest)
        except BackupError as exc:
            raise CommandError(str(exc), returncode=2) from exc
        self.stdout.write(f"zhiku backup: wrote {path} ({path.stat().st_size:,} bytes)")
