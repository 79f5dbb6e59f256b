"""What an import run reports for each input: status, reason, counts per kind, warnings, merges."""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import Any

KINDS = ("units", "people", "works")
OUTCOMES = ("created", "updated", "unchanged")
#: Warnings (and merges) kept per input in the report; beyond this they are counted, not
#: listed, so the report of a huge input stays small.
MAX_REPORT_WARNINGS = 1000


@dataclass
class InputReport:
    """What happened to one input: status, reason, counts per kind, warnings, merges."""

    path: str
    status: str = "ok"  # ok | failed | skipped
    reason: str = ""
    format: str = ""
    counts: dict[str, dict[str, int]] = field(
        default_factory=lambda: {k: dict.fromkeys(OUTCOMES, 0) for k in KINDS}
    )
    warnings: list[dict[str, Any]] = field(default_factory=list)
    warnings_omitted: int = 0
    merged: list[dict[str, Any]] = field(default_factory=list)
    merged_omitted: int = 0

    def count(self, kind: str, outcome: str) -> None:
        self.counts[kind][outcome] += 1

    def warn(self, warning: dict[str, Any]) -> None:
        """Keep ``warning`` (up to MAX_REPORT_WARNINGS; the rest are only counted)."""
        if len(self.warnings) < MAX_REPORT_WARNINGS:
            self.warnings.append(warning)
        else:
            self.warnings_omitted += 1

    def merge(self, entry: dict[str, Any]) -> None:
        """Record a merge (up to MAX_REPORT_WARNINGS of them; the rest are only counted)."""
        if len(self.merged) < MAX_REPORT_WARNINGS:
            self.merged.append(entry)
        else:
            self.merged_omitted += 1

    def mark(self) -> tuple[Any, ...]:
        """The report as it is now, for ``restore`` (a batch or record that is rolled back
        takes its counts, warnings and merges with it)."""
        return (
            copy.deepcopy(self.counts),
            len(self.warnings),
            self.warnings_omitted,
            len(self.merged),
            self.merged_omitted,
        )

    def restore(self, mark: tuple[Any, ...]) -> None:
        """Back to what ``mark`` saw."""
        counts, warnings, warnings_omitted, merged, merged_omitted = mark
        self.counts = copy.deepcopy(counts)
        del self.warnings[warnings:]
        del self.merged[merged:]
        self.warnings_omitted, self.merged_omitted = warnings_omitted, merged_omitted

    def reset_counts(self) -> None:
        self.counts = {k: dict.fromkeys(OUTCOMES, 0) for k in KINDS}
        self.merged = []

    def to_dict(self) -> dict[str, Any]:
        out = {
            "path": self.path,
            "status": self.status,
            "reason": self.reason,
            "format": self.format,
            "counts": self.counts,
            "warnings": self.warnings,
            "merged": self.merged,
        }
        if self.warnings_omitted:
            out["warnings_omitted"] = self.warnings_omitted
        if self.merged_omitted:
            out["merged_omitted"] = self.merged_omitted
        return out
