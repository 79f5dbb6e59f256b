"""``zhiku indexer``: the one process that keeps the search index in step with the database."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from zhiku.errors import unwritable
from zhiku.search.follow import follow


class Command(BaseCommand):
    help = (
        "Follow the change log and apply it to the search index until stopped "
        "(`zhiku serve` runs one next to its web workers)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="apply what is pending, then exit")
        parser.add_argument(
            "--poll",
            type=float,
            default=settings.ZHIKU_SEARCH_POLL_SECONDS,
            help="seconds between looks at the log (default: ZHIKU_SEARCH_POLL_SECONDS)",
        )
        parser.add_argument(
            "--parent",
            type=int,
            default=0,
            help="exit when this process id is gone (set by `zhiku serve`)",
        )

    def handle(self, *args, once, poll, parent, **options):
        problem = unwritable(settings.DATA_DIR / "search")
        if problem:  # the index, its lock files and the heartbeat are written there
            raise CommandError(
                f"cannot index: {problem}; the search index needs a writable data folder "
                "(ZHIKU_DATA_DIR)",
                returncode=2,
            )
        try:
            applied = follow(poll=poll, once=once, parent=parent)
        except OSError as exc:  # --once: the index could not be written
            raise CommandError(f"cannot index: {exc}", returncode=2) from exc
        if once:
            self.stdout.write(f"applied {applied} change(s)")
