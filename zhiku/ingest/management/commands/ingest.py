"""``zhiku ingest PATH…``: load pages and data files into the catalog, with a report."""

import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand

from zhiku.ingest.load import KINDS, OUTCOMES, InputReport, ingest_paths
from zhiku.ingest.pipeline import iter_inputs


class Command(BaseCommand):
    help = "Import files and folders (recursively) into the catalog and print a report."

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", type=Path, help="files or folders to import")
        parser.add_argument(
            "--dry-run", action="store_true", help="show what would change; write nothing"
        )
        parser.add_argument("--report", type=Path, help="also write the JSON report to this file")
        parser.add_argument("--user", default="", help="who runs the import (kept in the report)")

    def handle(self, *args, paths, dry_run, report, user, **options):
        missing = [p for p in paths if not p.exists()]
        for path in missing:
            self.stderr.write(f"zhiku ingest: {path}: no such file or folder")
        todo = [p for p in paths if p.exists()]
        total = sum(1 for _ in iter_inputs(todo))
        progress = _progress(total, self.stdout)
        run = ingest_paths(todo, dry_run=dry_run, user=user, on_input=progress)
        progress.close()
        self.stdout.write(_summary(run, dry_run))
        if report:
            data = {"run": None if dry_run else run.pk, "dry_run": dry_run, **run.report}
            report.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
        if run.failed or missing:
            sys.exit(1)


class _progress:
    """A tqdm bar on a terminal; one plain line per input otherwise."""

    def __init__(self, total: int, out) -> None:
        self.out, self.done, self.total = out, 0, total
        self.bar = None
        if sys.stdout.isatty():
            from tqdm import tqdm

            self.bar = tqdm(total=total, unit="file", desc="ingest")

    def __call__(self, report: InputReport) -> None:
        self.done += 1
        line = _input_line(report)
        problems = _problem_lines(report)
        if self.bar is not None:
            self.bar.update(1)
            for text in ([line] if report.status != "ok" else []) + problems:
                self.bar.write(text)
        else:
            self.out.write(f"[{self.done}/{self.total}] {line}")
            for text in problems:
                self.out.write(text)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


#: Warnings about the input's content (shown on the terminal; all warnings are in the report).
PROBLEM_CODES = ("bad_line", "bad_record", "bad_entry", "bad_row", "bad_email", "date_unparsed",
                 "truncated_html", "byline_unparsed", "duplicate_entry", "bad_markup",
                 "control_removed", "field_dropped")  # fmt: skip
#: Problem lines printed per input; the rest are counted (``--report`` has them all).
MAX_PROBLEM_LINES = 5


def _problem_lines(report: InputReport) -> list[str]:
    problems = [w for w in report.warnings if w["code"] in PROBLEM_CODES]
    lines = [f"  {report.path}: {w['code']}: {w.get('detail', '')}" for w in problems]
    extra = len(lines) - MAX_PROBLEM_LINES + report.warnings_omitted
    if extra > 0:
        lines = [*lines[:MAX_PROBLEM_LINES], f"  {report.path}: … and {extra} more (see --report)"]
    return lines


def _input_line(report: InputReport) -> str:
    if report.status != "ok":
        return f"{report.status.upper()} {report.path}: {report.reason}"
    works = report.counts["works"]
    parts = ", ".join(f"{works[o]} {o}" for o in OUTCOMES if works[o])
    notes = f"; {len(report.warnings)} warning(s)" if report.warnings else ""
    merged = f"; {len(report.merged)} merged" if report.merged else ""
    return f"ok     {report.path} (works: {parts or 'none'}{merged}{notes})"


def _summary(run, dry_run: bool) -> str:
    inputs = run.report.get("inputs", [])
    totals = {k: dict.fromkeys(OUTCOMES, 0) for k in KINDS}
    for item in inputs:
        if item["status"] == "ok":
            for kind in KINDS:
                for outcome in OUTCOMES:
                    totals[kind][outcome] += item["counts"][kind][outcome]
    ok = sum(1 for i in inputs if i["status"] == "ok")
    merged = sum(len(i["merged"]) for i in inputs)
    head = "DRY RUN (nothing written)" if dry_run else f"ImportRun #{run.pk}"
    lines = [
        f"{head}: {len(inputs)} input(s): {ok} ok, {run.failed} failed, {run.skipped} skipped; "
        f"{merged} merge(s)",
        f"{'':10}{'created':>10}{'updated':>10}{'unchanged':>11}",
    ]
    for kind in KINDS:
        row = totals[kind]
        lines.append(f"{kind:10}{row['created']:>10}{row['updated']:>10}{row['unchanged']:>11}")
    for item in inputs:
        if item["status"] != "ok":
            lines.append(f"{item['status']}: {item['path']}: {item['reason']}")
    for site in run.report.get("sites", []):
        lines.append(f"site template: {site['detail']}")
    return "\n".join(lines)
