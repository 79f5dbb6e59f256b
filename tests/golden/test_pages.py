"""Golden pages: ``zhiku extract`` on every input equals its ``*.expected.json``.

Pairs come from ``samples/`` (the shared SIIS sample, kept in the repository), the shared
samples folder next to the checkout when present, and ``tests/golden/pages/`` (text dumps, HTML
in UTF-8, GBK and Big5, BibTeX, RIS, CSV and JSON Lines). Records are compared as data (key
order free); warnings as a set of (code, field).
"""

import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command

from tests.conftest import SAMPLES, SHARED_SAMPLES
from zhiku.ingest.read import decode_bytes

PAGES = Path(__file__).parent / "pages"


def expected_path(page: Path) -> Path:
    return page.with_name(page.name.rsplit(".", 1)[0] + ".expected.json")


def golden_pairs() -> list[Path]:
    seen: dict[str, Path] = {}
    for folder in (SHARED_SAMPLES, SAMPLES, PAGES):
        for page in sorted(folder.glob("*")) if folder.exists() else []:
            if not page.name.endswith(".expected.json") and expected_path(page).exists():
                seen.setdefault(f"{folder.name}/{page.name}", page)
    return list(seen.values())


def comparable(extraction: dict) -> dict:
    out = {k: v for k, v in extraction.items() if k != "warnings"}
    out["warnings"] = sorted({(w["code"], w.get("field")) for w in extraction["warnings"]}, key=str)
    return out


@pytest.mark.parametrize("page", golden_pairs(), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_extract_matches_expected(page):
    out = io.StringIO()
    call_command("extract", str(page), stdout=out)
    expected = json.loads(expected_path(page).read_text(encoding="utf-8"))
    assert comparable(json.loads(out.getvalue())) == comparable(expected)


def test_the_shared_sample_is_among_the_pairs():
    assert any(p.name == "siis-profile-and-article.txt" for p in golden_pairs())


def test_the_corpus_is_varied():
    """At least 25 pages of our own (text and HTML), two of them GBK, one Big5."""
    pages = [p for p in golden_pairs() if p.parent == PAGES]
    suffixes = {p.suffix for p in pages}
    assert len([p for p in pages if p.suffix in (".txt", ".html")]) >= 25
    assert {".txt", ".html", ".bib", ".ris", ".csv", ".jsonl"} <= suffixes
    encodings = [decode_bytes(p.read_bytes()).encoding for p in pages]
    assert sum(e in ("gb2312", "gbk", "gb18030") for e in encodings) >= 2
    assert any(e.startswith("big5") for e in encodings)
