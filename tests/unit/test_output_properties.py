"""Property tests (issue 14): arbitrary text through every output format, parsed back with a
real parser, gives exactly the records that went in.

Each test builds in-memory records from text over the whole of Unicode (controls, lone
surrogates, braces, quotes, line and paragraph separators, bidi controls, markup, and
fragments of each format's own syntax), renders them with the serialiser the views use, and
parses the result back: BibTeX with bibtexparser 2, RIS with rispy, CSL-JSON with json and
the CSL schema, GB/T 7714 and APA as lines, feeds with lxml and feedparser, Highwire meta and
JSON-LD with lxml.html and json. The records that come back must be the ones that went in:
same count, titles equal to the input modulo the documented normalisation
(``zhiku.interop.cite.escape``: markup, controls and bidi controls removed from citation and
meta text, line breaks as spaces; feeds drop what XML 1.0 cannot carry).

Examples per format: 200 (``make test``); ``HYPOTHESIS_PROFILE=long`` runs 10,000 (see
docs/security.md).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import unicodedata
from pathlib import Path
from types import SimpleNamespace

import bibtexparser
import feedparser
import jsonschema
import lxml.etree
import lxml.html
import pytest
import rispy
from django.template.loader import render_to_string
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from zhiku.interop.cite import FORMATS, CitationRecord, Name, apa, bibtex, gbt7714, ris
from zhiku.interop.cite.escape import citation_text, valid_doi, valid_url
from zhiku.interop.feeds import feed_text
from zhiku.interop.metadata import highwire_tags, json_ld

SCHEMAS = Path(__file__).resolve().parent.parent / "schemas"
PROFILE = os.environ.get("HYPOTHESIS_PROFILE", "default")
#: Examples per format: a fast subset in ``make test``, 10,000 in the long run.
MAX_EXAMPLES = 10_000 if PROFILE == "long" else 200
OUTPUT = settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

#: Pieces of each format's syntax and the characters that broke outputs before (issue 14).
FRAGMENTS = [
    "{", "}", "\\", '"', "'", "%", "#", "@", "&", "~", "^", "$", "_", ",", "=", "<", ">",
    "\n", "\r", "\r\n", "\t", "\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\u2029",
    "\x00", "\x01", "\x1b", "\x1f", "\x7f", "\x9f", "\ufffe", "\uffff", "\ud800", "\udfff",
    "\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069",
    "\u200e", "\u200f", "\u061c", "\ufeff",
    "\nER  - \n\nTY  - JOUR\nTI  - forged\n", "UR  - https://evil.example/", "KW  - ",
    "}, url = {https://evil.example/", "},\n  note = {", "@misc{forged,", "\n@article{x,\n",
    "<script>alert(1)</script>", "<b>", "</", "&amp;", "&lt;script&gt;", "]]>", "<!--",
    "</script>", "\u2028</script>", "10.1000/", "https://", "http://a.example/p?q={x}",
    "鲁传颖", "中美", "Smith, John", " and ", "--", "``", "等",
]  # fmt: skip
TEXT = st.lists(
    st.one_of(
        st.text(st.characters(codec=None), max_size=12),
        st.text(st.characters(min_codepoint=0, max_codepoint=0x3000), max_size=8),
        st.sampled_from(FRAGMENTS),
    ),
    max_size=6,
).map("".join)
NAMES = st.lists(TEXT.map(lambda t: Name(t[: len(t) // 2], t[len(t) // 2 :])), max_size=3)
DOIS = st.one_of(TEXT, st.builds(lambda s: f"10.1000/{s}", TEXT))
URLS = st.one_of(TEXT, st.builds(lambda s: f"https://example.org/{s}", TEXT))
TYPES = st.sampled_from(
    ["article", "commentary", "journal_paper", "book", "chapter", "report", "interview", "other"]
)


@st.composite
def records(draw, min_size: int = 1, max_size: int = 4) -> list[CitationRecord]:
    count = draw(st.integers(min_size, max_size))
    out = []
    for index in range(count):
        year = draw(st.one_of(st.none(), st.integers(1, 9999)))
        month = draw(st.one_of(st.none(), st.integers(1, 12))) if year else None
        out.append(
            CitationRecord(
                key=f"r{index}",
                type=draw(TYPES),
                title=draw(TEXT),
                title_en=draw(TEXT),
                language=draw(st.sampled_from(["zh", "en", ""])),
                authors=tuple(draw(NAMES)),
                editors=tuple(draw(NAMES)),
                translators=tuple(draw(NAMES)),
                year=year,
                month=month,
                day=draw(st.one_of(st.none(), st.integers(1, 28))) if month else None,
                container=draw(TEXT),
                volume=draw(TEXT),
                issue=draw(TEXT),
                pages=draw(TEXT),
                publisher=draw(TEXT),
                place=draw(TEXT),
                institution=draw(TEXT),
                isbn=draw(TEXT),
                issn=draw(TEXT),
                doi=draw(DOIS),
                url=draw(URLS),
                abstract=draw(TEXT),
                keywords=tuple(draw(st.lists(TEXT, max_size=3))),
                site_name=draw(TEXT),
                accessed=draw(st.one_of(st.none(), st.dates(dt.date(1900, 1, 1)))),
            )
        )
    return out


def no_controls(text: str) -> bool:
    """No control, surrogate or line-separator character other than the LF ending a line."""
    return not any(
        unicodedata.category(ch) in {"Cc", "Cs", "Zl", "Zp"} and ch != "\n" for ch in text
    )


# -- BibTeX ------------------------------------------------------------------------------------

BIBTEX_UNESCAPES = re.compile(
    r"\\textbackslash\{\}|\\textasciitilde\{\}|\\textasciicircum\{\}|\\(.)", re.DOTALL
)


def bibtex_unescape(value: str) -> str:
    """The inverse of ``bibtex.escape``."""
    named = {r"\textbackslash{}": "\\", r"\textasciitilde{}": "~", r"\textasciicircum{}": "^"}
    return BIBTEX_UNESCAPES.sub(lambda m: named.get(m.group(0)) or m.group(1), value)


@OUTPUT
@given(records())
def test_bibtex_gives_back_the_records(batch):
    text = bibtex.render_list(batch)
    assert no_controls(text)
    library = bibtexparser.parse_string(text)
    assert not library.failed_blocks, [b.error for b in library.failed_blocks]
    assert [e.key for e in library.entries] == [r.key for r in batch]
    assert len(library.blocks) == len(batch)  # no forged entry, comment or string
    for entry, record in zip(library.entries, batch, strict=True):
        expected = citation_text(record.title)
        field = entry.fields_dict.get("title")
        assert (bibtex_unescape(field.value) if field else "") == expected
        doi = entry.fields_dict.get("doi")
        assert (doi.value if doi else "") == valid_doi(record.doi)
        url = entry.fields_dict.get("url")
        assert (url.value if url else "") == valid_url(record.url)


# -- RIS ---------------------------------------------------------------------------------------


def ris_text(value: str) -> str:
    return " ".join(citation_text(value).split())


@OUTPUT
@given(records())
def test_ris_gives_back_the_records(batch):
    text = ris.render_list(batch)
    assert no_controls(text)
    assert text.count("\nER  - \n") == len(batch)
    entries = rispy.loads(text)
    assert len(entries) == len(batch)
    for entry, record in zip(entries, batch, strict=True):
        assert entry.get("title", "") == ris_text(record.title)
        assert entry["id"] == record.key
        url = valid_url(record.url).replace(";", "%3B")  # rispy splits UR on ";"
        assert entry.get("urls", []) == ([url] if url else [])
        assert entry.get("keywords", []) == [k for k in map(ris_text, record.keywords) if k]


# -- CSL-JSON ----------------------------------------------------------------------------------

CSL_SCHEMA = json.loads((SCHEMAS / "csl-data.json").read_text())


@OUTPUT
@given(records())
def test_csl_json_gives_back_the_records(batch):
    text = FORMATS["csl-json"].render(batch)
    items = json.loads(text)
    jsonschema.validate(items, CSL_SCHEMA, cls=jsonschema.Draft7Validator)
    assert [i["id"] for i in items] == [r.key for r in batch]
    for item, record in zip(items, batch, strict=True):
        assert item["title"] == citation_text(record.title)
        assert item.get("DOI", "") == valid_doi(record.doi)


# -- GB/T 7714 and APA -------------------------------------------------------------------------


@OUTPUT
@given(records())
def test_gbt7714_is_one_clean_line_per_record(batch):
    text = gbt7714.render_list(batch)
    assert text.endswith("\n") and no_controls(text)
    lines = text.splitlines()
    assert len(lines) == len(batch) == text.count("\n")
    for number, (line, record) in enumerate(zip(lines, batch, strict=True), start=1):
        assert line.startswith(f"[{number}] ")
        assert citation_text(record.title) in line


@OUTPUT
@given(records())
def test_apa_is_one_clean_line_per_record(batch):
    text = apa.render_list(batch)
    assert no_controls(text)
    lines = text.splitlines()
    assert len(lines) == len(batch) == text.count("\n")
    for record in batch:
        assert citation_text(record.title).strip(" .") in text


# -- Feeds -------------------------------------------------------------------------------------


def xml_normalised(value: str) -> str:
    """What an XML parser reads back: line ends normalised to LF (XML 1.0 § 2.11)."""
    return value.replace("\r\n", "\n").replace("\r", "\n")


@OUTPUT
@given(
    st.lists(st.tuples(TEXT, TEXT, NAMES, st.lists(TEXT, max_size=3)), min_size=1, max_size=4),
    TEXT,
    st.sampled_from([Rss201rev2Feed, Atom1Feed]),
)
def test_feeds_give_back_the_items(items, owner, feed_type):
    feed = feed_type(
        title=feed_text(f"{owner}: latest works"),
        link="https://zhiku.example/",
        description=feed_text(owner),
        language="zh-Hans",
    )
    for number, (title, summary, authors, keywords) in enumerate(items):
        feed.add_item(
            title=feed_text(title),
            link=f"https://zhiku.example/works/{number}/",
            description=feed_text(summary),
            author_name="、".join(feed_text(n.full) for n in authors),
            categories=[feed_text(k) for k in keywords],
            pubdate=dt.datetime(2024, 1, 1, tzinfo=dt.UTC),
            unique_id=f"https://zhiku.example/works/{number}/",
        )
    body = feed.writeString("utf-8").encode()
    root = lxml.etree.fromstring(body)
    parsed = feedparser.parse(body)
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert len(parsed.entries) == len(items)
    if feed_type is Atom1Feed:
        ns = {"a": "http://www.w3.org/2005/Atom"}
        titles = [e.findtext("a:title", "", ns) for e in root.findall("a:entry", ns)]
    else:
        titles = [e.findtext("title", "") for e in root.iter("item")]
    assert titles == [xml_normalised(feed_text(t)) for t, *_ in items]


# -- Highwire meta and JSON-LD -----------------------------------------------------------------


def unsaved_work(title: str, authors: list[Name], doi: str, url: str, keywords: list[str]):
    from zhiku.catalog.models import Work

    work = Work(pk=7, title=title, type="journal_paper", journal=title, doi=doi, url=url,
                keywords=keywords, language="zh", volume=title, pages=title)  # fmt: skip
    bylines = [SimpleNamespace(role="author", name_as_written=n.full) for n in authors]
    work.ordered_authorships = lambda: bylines  # type: ignore[method-assign]
    return work


@OUTPUT
@given(TEXT, NAMES, DOIS, URLS.map(lambda u: u + ".pdf"), st.lists(TEXT, max_size=3), TEXT)
def test_meta_tags_and_json_ld_parse_back(title, authors, doi, url, keywords, other):
    work = unsaved_work(title, authors, doi, url, keywords)
    tags = highwire_tags(work, lambda path: f"https://zhiku.example{path}")
    data = {"name": title, "author": [n.full for n in authors], "abstract": other}
    head = render_to_string(
        "interop/_work_head.html", {"published": True, "tags": tags, "json_ld": json_ld(data)}
    )
    page = lxml.html.fromstring(f"<html><head>{head}</head><body></body></html>")
    metas = page.xpath("//meta")
    assert [(m.get("name"), m.get("content")) for m in metas] == tags
    assert len(page.xpath("//head/*")) == len(tags) + 1  # nothing forged
    assert metas[0].get("content") == citation_text(title)
    assert ("citation_doi", valid_doi(doi)) in tags or not valid_doi(doi)
    (script,) = page.xpath("//script[@type='application/ld+json']")
    assert json.loads(script.text) == data
    assert "</" not in script.text and "\u2028" not in script.text and "\u2029" not in script.text


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("10.1000/abc.12(3)", "10.1000/abc.12(3)"),
        ("10.1002/(SICI)1097-4571(199806)49:8<693::AID-ASI4>3.0.CO;2-O",
         "10.1002/(SICI)1097-4571(199806)49:8<693::AID-ASI4>3.0.CO;2-O"),
        ("10.1000/x}, url = {https://evil", ""),
        ('10.1000/x"y', ""),
        ("10.1000/x y", ""),
        ("10.12/x", ""),
        ("doi:10.1000/x", ""),
    ],
)  # fmt: skip
def test_doi_validation(value, expected):
    assert valid_doi(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("http://testserver/works/5/", "http://testserver/works/5/"),
        ("https://example.org/a b{c}\"d\\e", "https://example.org/a%20b%7Bc%7D%22d%5Ce"),
        ("https://example.org/中文?q=1&r=%41%zz#f", "https://example.org/%E4%B8%AD%E6%96%87?q=1&r=%41%25zz#f"),
        ("javascript:alert(1)", ""),
        ("https://ex}ample.org/", ""),
        ("//example.org/", ""),
        ("https://example.org:99999/", ""),
    ],
)  # fmt: skip
def test_url_validation(value, expected):
    assert valid_url(value) == expected
