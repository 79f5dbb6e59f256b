"""Scoring the readers on the real export files of ``tests/golden/imports``.

Every file there is extracted by the pipeline (``extract_path``, as ``zhiku ingest`` would) and
compared with its sidecar ``*.expected.json`` (see that folder's README.md):

- the record count: records recovered (at most the expected number) over records expected;
- the checked records: every field the sidecar lists among ``CHECKED`` must be what the reader
  made of it (whitespace collapsed; names in either "Family, Given" or reading order).

A record counts as *recovered with its fields intact* when the file yields it and, if the sidecar
checks it, every checked field matches. Run ``python -m tests.golden.imports_score`` for the table.
"""

from __future__ import annotations

import json
import re
import sys
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from zhiku.ingest.pipeline import InputError, extract_path, merge
from zhiku.ingest.records import WorkRecord

IMPORTS = Path(__file__).parent / "imports"
FLOORS = Path(__file__).parent / "imports_floor.json"

#: The sidecar fields compared with the record (others describe what a reader may skip).
CHECKED = (
    "title",
    "authors",
    "authors_et_al",
    "year",
    "date",
    "container",
    "volume",
    "issue",
    "pages",
    "doi",
    "url",
    "publisher",
    "place",
    "editors",
    "edition",
    "isbn",
    "issn",
    "series",
)


def sidecars() -> list[Path]:
    return sorted(IMPORTS.rglob("*.expected.json"))


def export_of(sidecar: Path) -> Path:
    return sidecar.with_name(sidecar.name.removesuffix(".expected.json"))


def _norm(text: Any) -> str:
    text = unicodedata.normalize("NFC", str(text))
    return " ".join(text.split())


def _name_forms(name: str) -> set[str]:
    """A sidecar name ("Family, Given", "Family, Jr, Given" or as written), in the forms a
    reader may give it: as written, and in reading order."""
    forms = {_norm(name)}
    parts = [p.strip() for p in name.split(",")]
    if len(parts) == 2 and parts[1]:
        family, given = parts
        forms.add(_norm(f"{given} {family}"))
        if re.search(r"[\u3400-\u9fff]", family + given):
            forms.add(family + given)
    elif len(parts) == 3 and parts[2]:
        family, jr, given = parts
        forms.add(_norm(f"{given} {family} {jr}"))
        forms.add(_norm(f"{given} {family}, {jr}"))
    return {f.casefold().replace(". ", ".") for f in forms}


def _names_match(expected: list[str], actual: list[str]) -> bool:
    if len(expected) != len(actual):
        return False
    return all(
        _norm(a).casefold().replace(". ", ".") in _name_forms(e)
        for e, a in zip(expected, actual, strict=True)
    )


def _contributors(work: WorkRecord, role: str) -> list[str]:
    return [c["name"] for c in getattr(work, "contributors", []) or [] if c.get("role") == role]


def actual_value(work: WorkRecord, key: str) -> Any:
    """What the record holds for the sidecar's ``key``."""
    if key == "year":
        return (work.date or "")[:4] or None
    if key == "container":
        return work.journal
    if key == "editors":
        return _contributors(work, "editor")
    if key == "authors_et_al":
        return bool(getattr(work, "authors_et_al", False))
    return getattr(work, key, None)


def field_matches(key: str, expected: Any, work: WorkRecord, checked: dict) -> bool:
    actual = actual_value(work, key)
    if key in ("authors", "editors"):
        return _names_match(expected, actual or [])
    if key == "authors_et_al":
        return bool(expected) == actual
    if actual is None:
        return False
    if key == "title":
        subtitle = checked.get("subtitle")
        wanted = {_norm(expected)}
        if subtitle:
            wanted |= {_norm(f"{expected}{sep}{subtitle}") for sep in (": ", ". ", "：", " ")}
        return _norm(actual) in wanted
    if key == "container" and checked.get("container_subtitle"):
        sub = checked["container_subtitle"]
        wanted = {_norm(expected)} | {_norm(f"{expected}{sep}{sub}") for sep in (": ", ". ")}
        return _norm(actual) in wanted
    if isinstance(expected, list):  # several ISSNs: the first is the record's
        return bool(expected) and _norm(actual) == _norm(expected[0])
    if key == "date":
        return _norm(actual) == _norm(expected)
    if key in ("pages",):
        return _norm(actual).replace("–", "-") == _norm(expected)
    if key in ("doi",):
        return _norm(actual).casefold() == _norm(expected).casefold()
    return _norm(actual) == _norm(expected)


@dataclass
class FileScore:
    path: str
    format: str
    expected: int
    found: int = 0
    crashed: str = ""
    checked: int = 0
    checked_intact: int = 0
    wrong: list[str] = field(default_factory=list)

    @property
    def recovered(self) -> int:
        return min(self.found, self.expected)

    @property
    def intact(self) -> int:
        """Records recovered, less the checked ones that are missing or wrong."""
        return max(0, self.recovered - (self.checked - self.checked_intact))


def _find(works: list[WorkRecord], checked: dict) -> WorkRecord | None:
    index = checked.get("index", 0)
    title = _norm(checked.get("title", "")).casefold()
    if index < len(works) and (not title or _norm(works[index].title).casefold() == title):
        return works[index]
    if title:
        for work in works:
            if _norm(work.title).casefold() == title:
                return work
        for work in works:
            if _norm(work.title).casefold().startswith(title):
                return work
    return works[index] if index < len(works) else None


def score_file(sidecar: Path) -> FileScore:
    spec = json.loads(sidecar.read_text(encoding="utf-8"))
    path = export_of(sidecar)
    score = FileScore(str(path.relative_to(IMPORTS)), spec["format"], spec["records"])
    try:
        _source, extractions = extract_path(path)
        works = merge(extractions).works
    except InputError as exc:
        works = []
        score.wrong.append(f"refused: {exc}")
    except Exception as exc:
        score.crashed = f"{type(exc).__name__}: {exc}"
        return score
    score.found = len(works)
    for checked in spec["records_checked"]:
        score.checked += 1
        work = _find(works, checked)
        if work is None:
            score.wrong.append(f"[{checked.get('index')}] missing")
            continue
        bad = [
            key
            for key in CHECKED
            if key in checked and not field_matches(key, checked[key], work, checked)
        ]
        if not bad:
            score.checked_intact += 1
        for key in bad:
            score.wrong.append(
                f"[{checked.get('index')}] {key}: expected {checked[key]!r}, "
                f"got {actual_value(work, key)!r}"
            )
    return score


@dataclass
class Summary:
    files: list[FileScore]

    @property
    def expected(self) -> int:
        return sum(f.expected for f in self.files)

    @property
    def recovered(self) -> int:
        return sum(f.recovered for f in self.files)

    @property
    def intact(self) -> int:
        return sum(f.intact for f in self.files)

    @property
    def crashes(self) -> list[FileScore]:
        return [f for f in self.files if f.crashed]

    def figures(self) -> dict[str, float]:
        checked = sum(f.checked for f in self.files)
        return {
            "records_recovered": round(self.recovered / self.expected, 4),
            "records_intact": round(self.intact / self.expected, 4),
            "checked_records_intact": round(sum(f.checked_intact for f in self.files) / checked, 4),
            "mean_file_intact": round(
                sum(f.intact / f.expected for f in self.files) / len(self.files), 4
            ),
        }


def score_all() -> Summary:
    return Summary([score_file(s) for s in sidecars()])


def main() -> None:
    summary = score_all()
    for f in summary.files:
        mark = "CRASH" if f.crashed else ("ok" if f.intact == f.expected else "--")
        print(
            f"{mark:5} {f.path:100.100} {f.recovered:4}/{f.expected:<4} "
            f"intact {f.intact:4} checked {f.checked_intact}/{f.checked}"
        )
        for line in ([f.crashed] if f.crashed else []) + f.wrong:
            print(f"        {line[:300]}")
    for fmt in sorted({f.format for f in summary.files}):
        part = Summary([f for f in summary.files if f.format == fmt])
        print(
            f"{fmt:12} {len(part.files):3} files: {part.recovered}/{part.expected} recovered, "
            f"{part.intact} intact"
        )
    print(
        f"records: {summary.recovered}/{summary.expected} recovered, "
        f"{summary.intact}/{summary.expected} intact; crashes: {len(summary.crashes)}"
    )
    print(json.dumps(summary.figures()))


if __name__ == "__main__":
    sys.exit(main())
