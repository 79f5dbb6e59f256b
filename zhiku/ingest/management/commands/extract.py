"""``zhiku extract FILE``: print what a page yields, as JSON, without touching the database."""

import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand

from zhiku.ingest.pipeline import InputError, extract_path
from zhiku.ingest.records import Extraction


class Command(BaseCommand):
    help = "Print the Extraction of one input file as JSON (no database access)."
    requires_system_checks: list[str] = []

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, help="the page or data file to read")
        parser.add_argument("--compact", action="store_true", help="one line, no indentation")
        parser.add_argument(
            "--explain",
            action="store_true",
            help="add, for each work, how sure each field is and the evidence that chose it",
        )

    def handle(self, *args, path: Path, compact: bool, explain: bool = False, **options):
        try:
            _, extractions = extract_path(path)
            merged = Extraction()
            for extraction in extractions:
                merged.people += extraction.people
                merged.works += extraction.works
                merged.listed_works += extraction.listed_works
                merged.warnings += extraction.warnings
        except InputError as exc:
            self.stderr.write(f"zhiku extract: {path}: {exc}")
            sys.exit(2)
        except OSError as exc:  # a file the process may not read
            self.stderr.write(f"zhiku extract: {path}: {exc.strerror or exc}")
            sys.exit(2)
        indent = None if compact else 2
        out = merged.to_dict()
        if explain:
            for shown, work in zip(out["works"], merged.works, strict=True):
                shown["explain"] = {"confidence": work.confidence, "evidence": work.evidence}
        self.stdout.write(json.dumps(out, ensure_ascii=False, indent=indent))
