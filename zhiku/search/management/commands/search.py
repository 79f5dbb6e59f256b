"""``zhiku search QUERY``: search from the command line, as text or JSON."""

import json
import logging

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from zhiku.errors import unwritable
from zhiku.search.service import search


class Command(BaseCommand):
    help = "Search the catalog: ranked works with snippets (the search page's code path)."
    # Answers in a fraction of a second: the system checks (which import every URL and view)
    # belong to serve, migrate and check, not to a read-only query.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser):
        parser.add_argument("query", nargs="*", help='words, "phrases", -exclusions, filters')
        parser.add_argument("--json", action="store_true", help="print JSON instead of text")
        parser.add_argument("--limit", type=int, default=10, help="results to show (1-100)")
        parser.add_argument("--page", type=int, default=1, help="page of results (from 1)")
        parser.add_argument(
            "--sort", choices=["relevance", "date"], default="", help="order (default: relevance)"
        )

    def handle(self, *args, query, json: bool, limit, page, sort, **options):
        quiet = logging.getLogger("zhiku.search")
        level, quiet.level = quiet.level, logging.ERROR  # an unavailable index: said below
        try:
            results = search(
                " ".join(query), page=page, per_page=limit, sort=sort, facets=False, experts=False
            )
        finally:
            quiet.setLevel(level)
        if results.unavailable:  # one line, not a traceback or an empty result
            raise CommandError(f"search is unavailable: {why(results.problem)}", returncode=2)
        if json:
            self.stdout.write(_json(results))
            return
        self.stdout.write(f"{results.total} result(s)")
        for code, message in results.notices:
            self.stderr.write(f"note ({code}): {message}")
        for number, hit in enumerate(results.hits, results.first):
            authors = "、".join(a["name"] for a in hit.authors)
            self.stdout.write(f"{number}. {hit.title} — {authors} ({hit.date or '?'}, {hit.type})")
            snippet = hit.snippet.plain()
            if snippet:
                self.stdout.write(f"   {snippet}")


def why(problem: str) -> str:
    """What to fix when the index cannot be opened."""
    folder = unwritable(settings.DATA_DIR / "search")
    if folder:  # tantivy writes a lock file even to read: a read-only data folder stops it
        return f"{folder}; the search index needs a writable data folder (ZHIKU_DATA_DIR)"
    return f"{problem or 'no search index yet'}; `zhiku indexer --once` builds it"


def _json(results) -> str:
    payload = {
        "total": results.total,
        "results": [
            {
                "id": hit.id,
                "external_id": hit.external_id or None,
                "title": hit.title,
                "authors": [a["name"] for a in hit.authors],
                "date": hit.date or None,
                "type": hit.type,
                "snippet": hit.snippet.plain(),
                "score": hit.score,
            }
            for hit in results.hits
        ],
    }
    return json.dumps(payload, ensure_ascii=False, indent=2)
