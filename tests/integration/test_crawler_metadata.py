"""What crawlers and reference managers read from the pages: citation_* tags, JSON-LD, links."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from lxml import html

from tests.conftest import make_person, make_unit, make_work
from zhiku.catalog.models import Work

pytestmark = pytest.mark.django_db


def page(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status
    return html.fromstring(response.content)


def meta(doc, name):
    return [m.get("content") for m in doc.xpath(f"//head/meta[@name='{name}']")]


def json_ld(doc):
    scripts = doc.xpath("//script[@type='application/ld+json']")
    return [json.loads(s.text) for s in scripts]


@pytest.fixture
def catalog():
    institute = make_unit(name="全球治理研究所", name_en="Institute for Global Governance",
                          slug="global", kind="institute")  # fmt: skip
    centre = make_unit(name="美洲研究中心", slug="americas", parent=institute)
    lu = make_person(units=[centre], email="lu@example.org", email_public=True,
                     bio="研究网络空间治理。")  # fmt: skip
    paper = make_work(
        [lu, "张三", "李四"], title="网络空间国际规则", type="journal_paper", journal="国际展望",
        volume="8", issue="2", pages="12-30", date=dt.date(2016, 3, 1), date_precision="month",
        url="https://example.org/paper.pdf", keywords=["网络空间", "国际规则"],
    )  # fmt: skip
    report = make_work([lu], title="年度报告", type="report", date=dt.date(2019, 1, 1))
    commentary = make_work([lu], title="评论一则", type="commentary", source="《文汇报》")
    book = make_work(
        [lu], title="一本书", type="book", publisher="时事出版社", isbn="9787500000000"
    )
    return {"lu": lu, "paper": paper, "report": report, "commentary": commentary, "book": book}


def test_highwire_tags_for_google_scholar(client, catalog):
    doc = page(client, catalog["paper"].get_absolute_url())
    assert meta(doc, "citation_title") == ["网络空间国际规则"]
    assert meta(doc, "citation_author") == ["鲁传颖", "张三", "李四"]  # one per author, in order
    assert meta(doc, "citation_publication_date") == ["2016/03"]  # month precision
    assert meta(doc, "citation_language") == ["zh"]
    assert meta(doc, "citation_journal_title") == ["国际展望"]
    assert meta(doc, "citation_volume") == ["8"] and meta(doc, "citation_issue") == ["2"]
    assert meta(doc, "citation_firstpage") == ["12"] and meta(doc, "citation_lastpage") == ["30"]
    assert meta(doc, "citation_pdf_url") == ["https://example.org/paper.pdf"]
    url = f"http://testserver/works/{catalog['paper'].pk}/"
    assert meta(doc, "citation_abstract_html_url") == [url]
    report = page(client, catalog["report"].get_absolute_url())
    assert meta(report, "citation_technical_report_institution") == ["全球治理研究所"]
    assert meta(report, "citation_journal_title") == []
    assert meta(report, "citation_publication_date") == ["2019/01/01"]


@pytest.mark.parametrize(
    ("key", "schema_type"),
    [
        ("paper", "ScholarlyArticle"),
        ("report", "Report"),
        ("book", "Book"),
        ("commentary", "OpinionNewsArticle"),
    ],
)
def test_work_json_ld_type(client, catalog, key, schema_type):
    (data,) = json_ld(page(client, catalog[key].get_absolute_url()))
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == schema_type
    assert data["author"][0] == {
        "@type": "Person",
        "name": "鲁传颖",
        "url": "http://testserver/experts/lu-chuanying/",
    }


def test_profile_page_json_ld(client, catalog):
    (data,) = json_ld(page(client, catalog["lu"].get_absolute_url()))
    assert data["@type"] == "ProfilePage"
    person = data["mainEntity"]
    assert person["@type"] == "Person"
    assert (person["name"], person["alternateName"]) == ("鲁传颖", "Lu Chuanying")
    assert person["jobTitle"] == ["研究员", "Research Fellow"]
    (affiliation,) = person["affiliation"]
    assert affiliation["name"] == "美洲研究中心"
    assert affiliation["parentOrganization"]["name"] == "全球治理研究所"
    assert affiliation["parentOrganization"]["alternateName"] == "Institute for Global Governance"


def test_withdrawn_and_script_breaking_titles(client, catalog):
    gone = make_work([catalog["lu"]], title="撤回", status=Work.Status.WITHDRAWN)
    doc = page(client, gone.get_absolute_url(), status=410)  # the tombstone is 410 Gone
    assert meta(doc, "citation_title") == [] and json_ld(doc) == []
    assert meta(doc, "robots") == ["noindex"]
    evil = make_work([catalog["lu"]], title="</script><script>alert(1)</script>")
    response = client.get(evil.get_absolute_url()).content.decode()
    assert "</script><script>alert(1)" not in response
    (data,) = json_ld(html.fromstring(response))
    assert data["name"] == "</script><script>alert(1)</script>"  # intact once parsed


def test_interfaces_are_linked_from_the_pages(client, catalog):
    lu = catalog["lu"]
    home = page(client, "/")
    feeds = home.xpath("//head/link[@rel='alternate']/@href")
    assert "/feeds/latest.rss" in feeds and "/feeds/latest.atom" in feeds
    footer = home.xpath("//footer//a/@href")
    assert "/api/v1/docs" in footer and "/oai?verb=Identify" in footer
    profile = page(client, lu.get_absolute_url())
    assert "/feeds/experts/lu-chuanying.atom" in profile.xpath("//head/link/@href")
    exports = profile.xpath("//*[@class='export-links']//a/@href")
    assert "/cite/experts/lu-chuanying/bibtex/" in exports and len(exports) == 5
    unit = page(client, "/units/global/")
    assert "/feeds/units/global.rss" in unit.xpath("//a/@href")
    work = page(client, catalog["paper"].get_absolute_url())
    downloads = work.xpath("//*[@class='cite-downloads']//a/@href")
    assert f"/cite/works/{catalog['paper'].pk}/ris/" in downloads
    text = work.xpath("string(//p[@id='citation-gbt7714-2015'])")
    assert text.startswith("鲁传颖, 张三, 李四. 网络空间国际规则[J]. 国际展望, 2016, 8(2): 12-30")


def test_no_email_in_any_interface(client, catalog, settings):
    """The person allowed their address on the page; machine interfaces never carry it."""
    lu, paper = catalog["lu"], catalog["paper"]
    urls = [
        "/api/v1/works",
        f"/api/v1/works/{paper.pk}",
        "/api/v1/people",
        "/api/v1/people/lu-chuanying",
        "/api/v1/units/americas",
        "/oai?verb=ListRecords&metadataPrefix=oai_dc",
        "/feeds/latest.rss",
        "/feeds/experts/lu-chuanying.atom",
        "/feeds/units/global.rss",
        "/sitemap.xml",
        *[f"/cite/experts/lu-chuanying/{key}/" for key in ("gbt7714-2015", "apa", "bibtex")],
        *[f"/cite/experts/lu-chuanying/{key}/" for key in ("ris", "csl-json")],
        f"/cite/works/{paper.pk}/bibtex/",
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert lu.email.encode() not in response.content, url
    doc = page(client, lu.get_absolute_url())
    head = html.tostring(doc.find("head")).decode()
    assert lu.email not in head  # not in JSON-LD or any meta tag either
