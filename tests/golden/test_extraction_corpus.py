"""The extraction corpus (``tests/golden/extraction``): its shape, its split, and quality floors.

Floors live in ``extraction/floors.json`` and only rise (as trafilatura's ``eval_gate``): a change
that scores a half or a field below its floor fails here. ``python -m bench extractors`` prints
the same scores next to trafilatura's and GNE's.
"""

import json
from collections import Counter

import pytest

from bench.extraction_eval import CORPUS, FIELDS, evaluate, load_pages, zhiku_extractor

FLOORS = CORPUS / "floors.json"
KINDS = {"article", "profile", "profile_article", "team", "listing", "columnist"}


@pytest.fixture(scope="module")
def pages():
    return load_pages()


@pytest.fixture(scope="module")
def report(pages):
    return evaluate(pages, zhiku_extractor)


def test_no_site_is_in_both_halves(pages):
    halves_of: dict[str, set[str]] = {}
    for page in pages:
        halves_of.setdefault(page.site, set()).add(page.half)
    assert [site for site, halves in halves_of.items() if len(halves) > 1] == []


def test_the_corpus_is_large_and_varied(pages):
    sites = {page.site for page in pages}
    assert len(pages) >= 150 and len(sites) >= 30
    kinds = Counter(page.expected["page_kind"] for page in pages)
    assert set(kinds) <= KINDS and {"article", "profile", "team", "listing"} <= set(kinds)
    assert {p.path.suffix for p in pages} == {".txt", ".html"}
    assert {p.expected["language"] for p in pages} == {"zh", "en"}
    encodings = Counter(p.expected["encoding"] for p in pages)
    assert encodings["big5"] and encodings["gb18030"] + encodings["gbk"] >= 5
    for half in ("dev", "eval"):
        assert len({p.site for p in pages if p.half == half}) >= 12


def test_every_site_says_where_it_comes_from(pages):
    for folder in {page.path.parent for page in pages}:
        assert (folder / "SOURCE.md").is_file(), folder


def test_no_page_with_text_is_rejected(report):
    assert report.rejected == []


@pytest.mark.parametrize("half", ["dev", "eval"])
def test_scores_stay_above_their_floors(pages, report, half):
    floors = json.loads(FLOORS.read_text(encoding="utf-8"))[half]
    subset = [p for p in pages if p.half == half]
    means = report.field_means(subset)
    below = {
        name: round(means[name], 3)
        for name in FIELDS
        if name in floors and means.get(name, 0.0) < floors[name] - 1e-9
    }
    assert report.overall(subset) >= floors["page"] - 1e-9, report.overall(subset)
    assert below == {}
