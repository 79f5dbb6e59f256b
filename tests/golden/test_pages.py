"""Golden pages: ``zhiku extract`` on every ``*.txt`` equals its ``*.expected.json``.

Pairs come from ``samples/`` (the shared SIIS sample, kept in the repository), the shared
samples folder next to the checkout when present, and ``tests/golden/pages/``. Records are
compared as data (key order free); warnings as a set of (code, field).
"""

import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command

from tests.conftest import SAMPLES, SHARED_SAMPLES

PAGES = Path(__file__).parent / "pages"


def golden_pairs() -> list[Path]:
    seen: dict[str, Path] = {}
    for folder in (SHARED_SAMPLES, SAMPLES, PAGES):
        for page in sorted(folder.glob("*.txt")) if folder.exists() else []:
            if page.with_suffix(".expected.json").exists():
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
    expected = json.loads(page.with_suffix(".expected.json").read_text(encoding="utf-8"))
    assert comparable(json.loads(out.getvalue())) == comparable(expected)


def test_the_shared_sample_is_among_the_pairs():
    assert any(p.name == "siis-profile-and-article.txt" for p in golden_pairs())
