"""``zhiku reindex``: build the search index afresh from the database and switch to it."""

import sys
import time

from django.core.management.base import BaseCommand

from zhiku.search.indexer import cpu_processes, rebuild


class Command(BaseCommand):
    help = (
        "Build a new search index from the database in a new folder and switch to it "
        "atomically (searches go on meanwhile)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--processes",
            type=int,
            default=cpu_processes(),
            help="processes analysing texts (default: one per CPU)",
        )

    def handle(self, *args, processes, **options):
        started = time.perf_counter()
        bar = None
        if sys.stdout.isatty():
            from tqdm import tqdm

            bar = tqdm(unit="work", desc="reindex")

        def progress(count: int) -> None:
            if bar is not None:
                bar.update(count - bar.n)

        state = rebuild(processes=max(1, processes), progress=progress)
        if bar is not None:
            bar.close()
        elapsed = time.perf_counter() - started
        rate = state.documents / elapsed if elapsed else 0
        self.stdout.write(
            f"indexed {state.documents} work(s) in {elapsed:.1f} s ({rate:.0f} works/s)"
        )
