"""``zhiku export --format jsonl [--out FILE]``: published works in the import format."""

from pathlib import Path

from django.core.management.base import BaseCommand

from zhiku.ingest.export import export_jsonl


class Command(BaseCommand):
    help = "Write the published works in zhiku's JSON Lines import format (no e-mails)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--format", choices=["jsonl"], default="jsonl", help="output format (jsonl)"
        )
        parser.add_argument("--out", type=Path, help="file to write (default: standard output)")

    def handle(self, *args, format: str, out: Path | None, **options):
        if out is None:
            count = export_jsonl(self.stdout)
        else:
            with out.open("w", encoding="utf-8") as handle:
                count = export_jsonl(handle)
        self.stderr.write(f"exported {count} work(s)")
