"""``zhiku fingerprint``: rebuild the near-duplicate fingerprints of every work's body."""

from django.core.management.base import BaseCommand

from zhiku.ingest.load.fingerprints import rebuild_fingerprints


class Command(BaseCommand):
    help = "Recompute the body fingerprints (MinHash, LSH bands) used to find near-duplicate works."

    def add_arguments(self, parser):
        parser.add_argument(
            "--batch", type=int, default=500, help="works per transaction (default 500)"
        )

    def handle(self, *args, batch: int, **options):
        changed = rebuild_fingerprints(batch=batch)
        self.stdout.write(f"fingerprints refreshed; {changed} work(s) changed")
