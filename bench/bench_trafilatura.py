"""trafilatura alone versus zhiku's HTML reader, field by field, on the golden HTML pages.

For every ``tests/golden/pages/*.html`` with an expected extraction, count the pages where each
field comes out right: trafilatura's ``bare_extraction`` (with metadata, default settings) on
its own, and zhiku's HTML reader (trafilatura for the main text, plus markup and field rules).
Fields compare as the golden tests do, with text keys (spacing and punctuation ignored).
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import trafilatura

from zhiku.ingest.pipeline import extract_text
from zhiku.ingest.read import decode_bytes
from zhiku.text.keys import text_key

PAGES = Path(__file__).resolve().parent.parent / "tests" / "golden" / "pages"
FIELDS = ("title", "authors", "date", "source", "body")


def golden_html() -> list[tuple[Path, dict]]:
    """(page, its expected first work) for each golden HTML article page."""
    out = []
    for page in sorted(PAGES.glob("*.html")):
        expected = json.loads(page.with_suffix(".expected.json").read_text(encoding="utf-8"))
        if expected["works"]:
            out.append((page, expected["works"][0]))
    return out


def trafilatura_fields(data: bytes) -> dict:
    """The fields as trafilatura alone gives them (None where it has no such field)."""
    doc = trafilatura.bare_extraction(decode_bytes(data).text, with_metadata=True)
    if doc is None:
        return dict.fromkeys(FIELDS)
    authors = [a.strip() for a in (doc.author or "").split(";") if a.strip()]
    return {
        "title": doc.title,
        "authors": authors,
        "date": doc.date,
        "source": None,  # trafilatura has no "first published in" field
        "body": [p for p in (doc.text or "").splitlines() if p.strip()],
    }


def same(field: str, got, want) -> bool:
    """Whether ``got`` is the expected value of ``field``."""
    if field in ("authors", "body"):
        return [text_key(x) for x in got or []] == [text_key(x) for x in want]
    if field == "date":
        return bool(got) and got.startswith(want) if want else not got
    return (text_key(got) if got else None) == (text_key(want) if want else None)


def run(quick: bool = False) -> str:
    pages = golden_html()
    right = {"trafilatura": dict.fromkeys(FIELDS, 0), "zhiku": dict.fromkeys(FIELDS, 0)}
    seconds = {"trafilatura": 0.0, "zhiku": 0.0}
    misses: list[str] = []
    trafilatura_fields(pages[0][0].read_bytes())  # warm both up: lazy imports and caches
    extract_text(pages[0][0].read_bytes(), "html")
    for page, want in pages:
        data = page.read_bytes()
        start = time.process_time()
        theirs = trafilatura_fields(data)
        seconds["trafilatura"] += time.process_time() - start
        start = time.process_time()
        ours = extract_text(data, "html").works[0].to_dict()
        seconds["zhiku"] += time.process_time() - start
        for field in FIELDS:
            right["trafilatura"][field] += same(field, theirs[field], want[field])
            right["zhiku"][field] += same(field, ours[field], want[field])
            if not same(field, theirs[field], want[field]) and field != "source":
                misses.append(f"{page.name}: {field} {str(theirs[field])[:60]!r}")
    n = len(pages)
    rows = [
        f"| {field} | {right['trafilatura'][field]}/{n} | {right['zhiku'][field]}/{n} |"
        for field in FIELDS
    ]
    ms = {k: 1000 * v / n for k, v in seconds.items()}
    return "\n".join(
        [
            "## HTML: trafilatura alone versus zhiku's reader",
            "",
            f"`python -m bench trafilatura`: the {n} golden HTML article pages",
            "(`tests/golden/pages/*.html`: Chinese CMS pages, a legacy table layout in GBK, Big5,",
            "citation_*, Dublin Core, TRS and JSON-LD markup) against their expected extraction.",
            "A field counts when it equals the expected one (text keys: spacing and punctuation",
            "ignored; a date when it agrees at the expected precision).",
            "",
            "| field | trafilatura 2.3 `bare_extraction` | zhiku |",
            "|---|---:|---:|",
            *rows,
            f"| ms/page (CPU) | {ms['trafilatura']:.1f} | {ms['zhiku']:.1f} |",
            "",
            "trafilatura has no field for where a work first appeared (文献来源); it does not",
            "read 作者：/来源：/发布时间： labels or 文/张三 bylines, and keeps a layout table's",
            "cells as one run of text. zhiku uses its main-text extraction (fast mode) and reads",
            "the rest with its own rules. trafilatura's misses (source aside):",
            "",
            *[f"- {m}" for m in misses],
        ]
    )
