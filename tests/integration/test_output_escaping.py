"""Issue 14, output failures 5-9, through the views: a hostile value in one record can neither
forge an export nor break a feed or a page for its neighbours (the serialisers themselves are
tested with arbitrary text in tests/unit/test_output_properties.py)."""

from __future__ import annotations

import json
import re

import bibtexparser
import feedparser
import lxml.etree
import lxml.html
import pytest
import rispy

from tests.conftest import make_person, make_unit, make_work
from zhiku.catalog.models import Unit, Work

pytestmark = pytest.mark.django_db

RLO = "\u202e"


def test_markup_in_a_per_author_unit_is_not_stored_nor_exported(ingest, tmp_path, client):
    """Failure 5: a JSON Lines author's own ``units`` skipped the sanitiser; the unit name came
    out raw as the BibTeX institution of the author's reports."""
    evil = '<img src=x onerror="alert(1)">美洲<script>alert(2)</script>研究中心'
    record = {
        "id": "u5",
        "title": "年度报告",
        "type": "report",
        "date": "2023-10-01",
        "authors": [{"name": "张三", "units": [evil]}],
        "body": "正文。",
    }
    path = tmp_path / "works.jsonl"
    path.write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
    code, output = ingest(path)
    assert code == 0, output
    assert list(Unit.objects.values_list("name", flat=True)) == ["美洲研究中心"]
    work = Work.objects.get(external_id="u5")
    work.status = Work.Status.PUBLISHED
    work.save()
    bib = bibtexparser.parse_string(client.get(f"/cite/works/{work.pk}/bibtex/").content.decode())
    (entry,) = bib.entries
    assert entry["institution"] == "美洲研究中心"


def test_markup_in_a_stored_unit_name_never_reaches_a_citation(client):
    """Failure 5, output side: whatever is stored, every citation field is plain text."""
    unit = make_unit(name='<b onmouseover="x()">东方</b><script>alert(1)</script>研究所')
    person = make_person(units=[unit])
    work = make_work([person], title="年度报告", type="report")
    for key in ("bibtex", "ris", "csl-json", "apa", "gbt7714-2015"):
        text = client.get(f"/cite/works/{work.pk}/{key}/").content.decode()
        assert "<" not in text and "alert" not in text, (key, text)
        assert key == "gbt7714-2015" or "东方研究所" in text, key  # GB/T: an online report


def test_a_keyword_with_line_breaks_cannot_forge_a_ris_record(client):
    """Failure 6: a keyword holding newlines forged a UR line and a second record."""
    forged = "治理\nUR  - https://evil.example/\nER  - \n\nTY  - JOUR\nTI  - Forged\r\nKW  - x"
    separators = "a\u2028UR  - https://evil.example/\u2029b\x85c\x0bd\x0ce\x1cf"
    work = make_work([make_person()], keywords=[forged, separators])
    text = client.get(f"/cite/works/{work.pk}/ris/").content.decode()
    entries = rispy.loads(text)
    assert len(entries) == 1
    assert entries[0]["title"] == work.title
    assert entries[0]["urls"] == [f"http://testserver/works/{work.pk}/"]
    assert len(entries[0]["keywords"]) == 2
    assert not re.search(r"^(UR|TY|TI)  - (https://evil|JOUR|Forged)", text, re.MULTILINE)
    assert all(line == line.strip("\u2028\u2029\x85\x0b\x0c\x1c") for line in text.split("\n"))


@pytest.mark.parametrize(
    "doi",
    [
        "10.1000/x}, url = {https://evil.example/",
        "10.1000/x},\n  note = {forged",
        '10.1000/x" onmouseover="alert(1)',
        "not a doi",
    ],
)
def test_a_doi_with_a_brace_cannot_forge_a_bibtex_field_or_a_meta_tag(client, doi):
    """Failure 7: a DOI holding ``}`` closed the field and added a forged one; the Highwire
    citation_doi carried it too. An invalid DOI is now left out of every output."""
    work = make_work([make_person()], type="journal_paper", journal="Journal", doi=doi)
    library = bibtexparser.parse_string(
        client.get(f"/cite/works/{work.pk}/bibtex/").content.decode()
    )
    assert not library.failed_blocks
    (entry,) = library.entries
    assert "doi" not in entry.fields_dict and "note" not in entry.fields_dict
    assert entry["url"] == f"http://testserver/works/{work.pk}/"
    page = lxml.html.fromstring(client.get(work.get_absolute_url()).content)
    assert not page.xpath("//meta[@name='citation_doi']")
    assert not page.xpath("//meta[@onmouseover]")
    data = json.loads(page.xpath("//script[@type='application/ld+json']")[0].text)
    assert "sameAs" not in data
    for key in ("ris", "csl-json", "apa", "gbt7714-2015"):
        assert "evil" not in client.get(f"/cite/works/{work.pk}/{key}/").content.decode()


def test_a_valid_doi_is_kept_everywhere(client):
    work = make_work([make_person()], type="journal_paper", journal="J", doi="10.1000/abc.12(3)")
    (entry,) = bibtexparser.parse_string(
        client.get(f"/cite/works/{work.pk}/bibtex/").content.decode()
    ).entries
    assert entry["doi"] == "10.1000/abc.12(3)"
    page = lxml.html.fromstring(client.get(work.get_absolute_url()).content)
    assert page.xpath("//meta[@name='citation_doi']/@content") == ["10.1000/abc.12(3)"]


@pytest.mark.parametrize("where", ["title", "author", "keyword", "person", "unit"])
def test_one_control_character_does_not_break_the_feeds(client, where):
    """Failure 8: one control character in a title or name made the site, expert and unit
    feeds answer 500 for everyone. Characters XML 1.0 cannot carry are dropped."""
    bad = "坏\x01\x0b\x1f\ufffe记录"
    unit = make_unit(slug="americas", name=bad if where == "unit" else "美洲研究中心")
    person = make_person(units=[unit], **({"name": bad} if where == "person" else {}))
    make_work([person], title="邻居")
    make_work(
        [person, bad] if where == "author" else [person],
        title=bad if where == "title" else "有问题的记录",
        keywords=[bad] if where == "keyword" else [],
    )
    for url in (
        "/feeds/latest.rss",
        "/feeds/latest.atom",
        f"/feeds/experts/{person.slug}.rss",
        f"/feeds/experts/{person.slug}.atom",
        "/feeds/units/americas.rss",
        "/feeds/units/americas.atom",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        lxml.etree.fromstring(response.content)
        feed = feedparser.parse(response.content)
        assert not feed.bozo, (url, feed.bozo_exception)
        titles = {e.title for e in feed.entries}
        assert "邻居" in titles and ("坏记录" in titles or "有问题的记录" in titles), url


def test_a_right_to_left_override_is_isolated_on_pages_and_stripped_from_citations(client):
    """Failure 9: U+202E was kept unisolated in titles, lists and citations and visually
    reversed the page title's suffix."""
    person = make_person(name=f"鲁{RLO}传颖")
    work = make_work([person, f"Evil{RLO}Name"], title=f"Title {RLO}desrever")
    page = client.get(work.get_absolute_url()).content.decode()
    head_title = lxml.html.fromstring(page).findtext(".//title")
    assert head_title.startswith(f"\u2068Title {RLO}desrever\u2069 · ")  # FSI … PDI, then suffix
    assert re.search(f'<h1 lang="[A-Za-z-]+"><bdi>Title {RLO}desrever</bdi>', page)
    assert f"<bdi>Evil{RLO}Name</bdi>" in page and f"<bdi>鲁{RLO}传颖</bdi>" in page
    profile = client.get(person.get_absolute_url()).content.decode()
    assert f"<bdi>Title {RLO}desrever</bdi>" in profile  # the expert's list of works
    assert lxml.html.fromstring(profile).findtext(".//title").startswith(f"\u2068鲁{RLO}传颖\u2069")
    experts = client.get("/experts/").content.decode()
    assert f"<bdi>鲁{RLO}传颖</bdi>" in experts
    for key in ("bibtex", "ris", "csl-json", "apa", "gbt7714-2015"):
        text = client.get(f"/cite/works/{work.pk}/{key}/").content.decode()
        assert RLO not in text and "Title desrever" in text, key
    for meta in lxml.html.fromstring(page).xpath("//meta[starts-with(@name, 'citation_')]"):
        assert RLO not in meta.get("content")


def test_ordinary_text_is_not_wrapped(client):
    work = make_work([make_person()], title="中美在网络问题上取得进展")
    page = client.get(work.get_absolute_url()).content.decode()
    assert "<bdi>" not in page and "\u2068" not in page


def test_the_display_filters_wrap_only_text_with_bidi_controls():
    from django.template import Context, Template

    template = Template(
        "{% load zhiku %}{{ v|bdi }}|{{ v|isolated }}|{% if v|bidi_controls %}y{% endif %}"
    )
    assert template.render(Context({"v": "a<b"})) == "a&lt;b|a&lt;b|"
    assert template.render(Context({"v": f"<i>{RLO}x"})) == (
        f"<bdi>&lt;i&gt;{RLO}x</bdi>|\u2068&lt;i&gt;{RLO}x\u2069|y"
    )
