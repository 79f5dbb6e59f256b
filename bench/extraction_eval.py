"""Score extractions against the golden extraction corpus (``tests/golden/extraction``).

The corpus is split by site into a development half (``dev/``), looked at while rules change,
and an evaluation half (``eval/``), only scored. Each page has an ``.expected.json`` written by
reading the page (see ``tests/golden/extraction/README.md``). This module is the one scorer:
``python -m bench extractors`` compares zhiku with trafilatura and GNE through it, and
``tests/golden/test_extraction_corpus.py`` holds zhiku to floors that only rise.

Scores, per page, each in [0, 1]:

- article fields, per expected work (a columnist page has several; each is matched to the
  extracted work with the same title, else to the one in the same position):
  ``title``, ``authors`` (the list, in order), ``date`` (at the expected precision; ``null``
  must stay ``null``), ``source`` (the outlet, without 《》 and issue), ``first`` and ``last``
  paragraph, ``body`` (F1 over characters for Chinese and words for English), and ``clean``
  (first and last paragraph both right: nothing of the page's furniture before or after);
- profile fields, per expected person (matched by name): ``name``, ``person_title``,
  ``units``; and ``listed`` (F1 of the listed titles) where the page lists works.

A page's score is the mean of its field scores; a half's score is the mean over its pages.
Texts compare by key: NFKC, case folded, without spaces and punctuation.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

CORPUS = Path(__file__).resolve().parent.parent / "tests" / "golden" / "extraction"
HALVES = ("dev", "eval")
ARTICLE_FIELDS = ("title", "authors", "date", "source", "first", "last", "body", "clean")
PROFILE_FIELDS = ("name", "person_title", "units", "listed")
FIELDS = ARTICLE_FIELDS + PROFILE_FIELDS

_NON_WORD = re.compile(r"[\W_]+")
_TOKENS = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]|[^\W_]+")
# a source written with its issue: 《国际问题研究》2016年第2期, Foreign Affairs, Vol. 3, No. 2
_BOOK_QUOTED = re.compile(r"《([^》]+)》")
_ISSUE_TAIL = re.compile(
    r"\s*[,，]?\s*(\d{4}\s*年.*|第\s*\d+\s*期.*|vol\.?\s*\d+.*|no\.?\s*\d+.*|\(\d{4}\).*)$", re.I
)


def key(text: str | None) -> str:
    """The comparison key of a text: NFKC, case folded, no spaces or punctuation."""
    if not text:
        return ""
    return _NON_WORD.sub("", unicodedata.normalize("NFKC", text).casefold())


def source_key(text: str | None) -> str:
    """The key of an outlet name, as written with or without 《》 and an issue."""
    if not text:
        return ""
    quoted = _BOOK_QUOTED.search(text)
    name = quoted.group(1) if quoted else _ISSUE_TAIL.sub("", text)
    return key(name)


def tokens(paragraphs: Iterable[str]) -> Counter[str]:
    """Han characters and Latin words of some paragraphs, as a multiset."""
    counts: Counter[str] = Counter()
    for paragraph in paragraphs:
        counts.update(_TOKENS.findall(unicodedata.normalize("NFKC", paragraph).casefold()))
    return counts


def f1(got: Counter[str], want: Counter[str]) -> float:
    """F1 of two multisets (1.0 when both are empty)."""
    if not got and not want:
        return 1.0
    overlap = sum((got & want).values())
    if not overlap:
        return 0.0
    precision, recall = overlap / sum(got.values()), overlap / sum(want.values())
    return 2 * precision * recall / (precision + recall)


@dataclass
class Page:
    """One golden page: its file, its half and site, and what a reader finds on it."""

    path: Path
    half: str
    site: str
    expected: dict

    @property
    def name(self) -> str:
        return f"{self.half}/{self.site}/{self.path.name}"


def load_pages(halves: Iterable[str] = HALVES, corpus: Path = CORPUS) -> list[Page]:
    """Every page of the given halves with its expected file, in a stable order."""
    pages = []
    for half in halves:
        for expected in sorted((corpus / half).glob("*/*.expected.json")):
            stem = expected.name.removesuffix(".expected.json")
            inputs = [p for p in expected.parent.glob(f"{stem}.*") if p != expected]
            if len(inputs) != 1:
                raise ValueError(f"{expected}: expected one input beside it, found {inputs}")
            data = json.loads(expected.read_text(encoding="utf-8"))
            pages.append(Page(inputs[0], half, expected.parent.name, data))
    return pages


@dataclass
class Got:
    """What an extractor found on a page, in the corpus's terms (missing: empty)."""

    works: list[dict] = field(default_factory=list)
    people: list[dict] = field(default_factory=list)
    listed_works: list[str] = field(default_factory=list)
    rejected: str | None = None


def _match(want: dict, got: list[dict], index: int, name_key: str) -> dict:
    wanted = key(want.get(name_key))
    for candidate in got:
        if wanted and key(candidate.get(name_key)) == wanted:
            return candidate
    return got[index] if index < len(got) else {}


def score_work(want: dict, got: dict) -> dict[str, float]:
    """The article fields of one expected work against the extracted one."""
    body_want, body_got = want.get("body") or [], got.get("body") or []
    first = float(bool(body_got) and key(body_got[0]) == key(body_want[0])) if body_want else 1.0
    last = float(bool(body_got) and key(body_got[-1]) == key(body_want[-1])) if body_want else 1.0
    date_want, date_got = want.get("date"), got.get("date")
    return {
        "title": float(key(got.get("title")) == key(want.get("title"))),
        "authors": float(
            [key(a) for a in got.get("authors") or []]
            == [key(a) for a in want.get("authors") or []]
        ),
        "date": float((date_got or None) == (date_want or None)),
        "source": float(source_key(got.get("source")) == source_key(want.get("source"))),
        "first": first,
        "last": last,
        "body": f1(tokens(body_got), tokens(body_want)),
        "clean": float(first == 1.0 and last == 1.0),
    }


def score_person(want: dict, got: dict) -> dict[str, float]:
    """The profile fields of one expected person against the extracted one."""
    return {
        "name": float(key(got.get("name")) == key(want.get("name"))),
        "person_title": float(key(got.get("title")) == key(want.get("title"))),
        "units": float(
            [key(u) for u in got.get("units") or []] == [key(u) for u in want.get("units") or []]
        ),
    }


def score_page(page: Page, got: Got) -> dict[str, float]:
    """Mean score per field present on ``page`` (fields it has no use for are left out)."""
    want = page.expected
    sums: dict[str, list[float]] = {}

    def add(scores: dict[str, float]) -> None:
        for name, value in scores.items():
            sums.setdefault(name, []).append(value)

    for index, work in enumerate(want.get("works") or []):
        add(score_work(work, _match(work, got.works, index, "title")))
    for index, person in enumerate(want.get("people") or []):
        add(score_person(person, _match(person, got.people, index, "name")))
    if want.get("listed_works"):
        listed = f1(
            Counter(key(t) for t in got.listed_works), Counter(key(t) for t in want["listed_works"])
        )
        add({"listed": listed})
    if not sums:  # a page expecting nothing: right when nothing is found
        add({"title": float(not got.works and not got.people)})
    return {name: sum(values) / len(values) for name, values in sums.items()}


@dataclass
class Report:
    """Scores of one extractor over some pages."""

    per_page: dict[str, dict[str, float]] = field(default_factory=dict)
    rejected: list[str] = field(default_factory=list)

    def field_means(self, pages: Iterable[Page]) -> dict[str, float]:
        """Mean of each field over the pages that have it."""
        values: dict[str, list[float]] = {}
        for page in pages:
            for name, value in self.per_page[page.name].items():
                values.setdefault(name, []).append(value)
        return {name: sum(v) / len(v) for name, v in values.items() if v}

    def overall(self, pages: Iterable[Page]) -> float:
        """Mean page score (a page's score is the mean of its fields)."""
        scores = [sum(s.values()) / len(s) for p in pages if (s := self.per_page[p.name])]
        return sum(scores) / len(scores) if scores else 0.0


def evaluate(pages: list[Page], extractor: Callable[[Page], Got]) -> Report:
    """Run ``extractor`` on every page and score it."""
    report = Report()
    for page in pages:
        got = extractor(page)
        if got.rejected:
            report.rejected.append(f"{page.name}: {got.rejected}")
        report.per_page[page.name] = score_page(page, got)
    return report


def zhiku_extractor(page: Page) -> Got:
    """zhiku's own extraction of a page (``zhiku extract``'s code path)."""
    from zhiku.ingest.pipeline import InputError, extract_path, merge

    try:
        _, extractions = extract_path(page.path)
        extraction = merge(extractions)
    except InputError as exc:
        return Got(rejected=str(exc))
    data = extraction.to_dict()
    return Got(
        works=data["works"],
        people=data["people"],
        listed_works=[w["title"] for w in data["listed_works"]],
    )


def site_extractor() -> Callable[[Page], Got]:
    """zhiku's extraction of a page in a batch with the other pages of its site (``zhiku
    ingest`` of a folder): the site's recurring lines are learned first (template induction)."""
    from zhiku.ingest.template import learn_site_templates, site_of, site_template

    learned: dict[str, object] = {}

    def extract(page: Page) -> Got:
        site = site_of(page.path)
        if site not in learned:
            folder = page.path.parent
            siblings = sorted(p for p in folder.iterdir() if p.suffix in (".txt", ".html"))
            learned[site] = learn_site_templates(siblings).get(site)
        with site_template(learned[site]):  # type: ignore[arg-type]
            return zhiku_extractor(page)

    return extract
