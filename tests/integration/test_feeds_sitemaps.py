"""Feeds read back with feedparser; sitemap.xml and robots.txt as crawlers read them."""

from __future__ import annotations

import datetime as dt
import urllib.robotparser

import feedparser
import pytest
from lxml import etree

from tests.conftest import make_person, make_unit, make_work
from zhiku.catalog.models import Work

pytestmark = pytest.mark.django_db

SITEMAP = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}


@pytest.fixture
def catalog():
    institute = make_unit(name="全球治理研究所", slug="global", kind="institute")
    centre = make_unit(name="美洲研究中心", slug="americas", parent=institute)
    lu = make_person(units=[centre], email="lu@example.org", email_public=True)
    ye = make_person(name="叶江", name_en="Ye Jiang", slug="ye-jiang", email="ye@example.org")
    works = {
        "old": make_work([lu, "张三"], title="旧文", date=dt.date(2013, 7, 15), keywords=["网络"]),
        "new": make_work([lu], title="新文", date=dt.date(2020, 1, 2), abstract="摘要在此。"),
        "ye": make_work([ye], title="Europe", language="en", date=dt.date(2010, 5, 1)),
        "gone": make_work([lu], title="撤回", status=Work.Status.WITHDRAWN),
        "draft": make_work([lu], title="草稿", status=Work.Status.DRAFT),
    }
    return {"lu": lu, "ye": ye, "works": works}


@pytest.mark.parametrize(
    ("url", "version", "titles"),
    [
        ("/feeds/latest.rss", "rss20", ["新文", "旧文", "Europe"]),
        ("/feeds/latest.atom", "atom10", ["新文", "旧文", "Europe"]),
        ("/feeds/experts/lu-chuanying.rss", "rss20", ["新文", "旧文"]),
        ("/feeds/experts/lu-chuanying.atom", "atom10", ["新文", "旧文"]),
        ("/feeds/units/global.rss", "rss20", ["新文", "旧文"]),  # includes the sub-unit
        ("/feeds/units/americas.atom", "atom10", ["新文", "旧文"]),
    ],
)
def test_feeds_parse_back(client, catalog, url, version, titles):
    response = client.get(url)
    assert response.status_code == 200
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == version
    assert [e.title for e in feed.entries] == sorted(titles, key=[*titles].index)
    newest = feed.entries[0]
    assert newest.link == f"http://testserver/works/{catalog['works']['new'].pk}/"
    assert newest.author == "鲁传颖"
    assert "摘要在此" in newest.summary
    assert b"@example.org" not in response.content  # never an e-mail address


def test_feed_entries_carry_bylines_dates_and_keywords(client, catalog):
    feed = feedparser.parse(client.get("/feeds/latest.atom").content)
    old = next(e for e in feed.entries if e.title == "旧文")
    assert old.author == "鲁传颖、张三"
    assert old.published.startswith("2013-07-15T00:00:00+08:00")  # the day, in the site's zone
    assert [t.term for t in old.tags] == ["网络"]


def test_unknown_feed_owner_is_404(client):
    assert client.get("/feeds/experts/nobody.rss").status_code == 404
    assert client.get("/feeds/units/nowhere.atom").status_code == 404


def read_sitemaps(client) -> list:
    """Follow the sitemap index to every section file, as a crawler does."""
    index = client.get("/sitemap.xml")
    assert index.status_code == 200 and index["Content-Type"].startswith("application/xml")
    files = etree.fromstring(index.content).findall("s:sitemap/s:loc", SITEMAP)
    assert len(files) == 3  # works, experts, units
    return [etree.fromstring(client.get(loc.text).content) for loc in files]


def test_sitemap_lists_public_pages_in_both_languages_with_lastmod(client, catalog):
    roots = read_sitemaps(client)
    entries = {
        u.findtext("s:loc", namespaces=SITEMAP): u.findtext("s:lastmod", namespaces=SITEMAP)
        for root in roots
        for u in root.findall("s:url", SITEMAP)
    }
    works = catalog["works"]
    for path in (
        f"/works/{works['old'].pk}/",
        f"/en/works/{works['old'].pk}/",
        "/experts/lu-chuanying/",
        "/units/global/",
        "/en/units/americas/",
    ):
        assert f"http://testserver{path}" in entries, path
    assert f"http://testserver/works/{works['draft'].pk}/" not in entries
    assert f"http://testserver/works/{works['gone'].pk}/" not in entries
    assert entries[f"http://testserver/works/{works['old'].pk}/"] == (
        works["old"].updated.date().isoformat()
    )
    assert all(entries.values())  # every page says when it last changed
    (work_url,) = [
        u for u in roots[0].findall("s:url", SITEMAP)
        if u.findtext("s:loc", namespaces=SITEMAP) == f"http://testserver/works/{works['old'].pk}/"
    ]  # fmt: skip
    alternates = {a.get("hreflang"): a.get("href") for a in work_url.findall("x:link", SITEMAP)}
    assert alternates == {
        "zh-hans": f"http://testserver/works/{works['old'].pk}/",
        "en": f"http://testserver/en/works/{works['old'].pk}/",
        "x-default": f"http://testserver/works/{works['old'].pk}/",
    }


def test_sitemap_sections_are_split_and_bounded(client, catalog, monkeypatch):
    from zhiku.interop import sitemaps

    monkeypatch.setattr(sitemaps, "SECTION_SIZE", 2)  # three works: two files
    index = etree.fromstring(client.get("/sitemap.xml").content)
    locs = [loc.text for loc in index.findall("s:sitemap/s:loc", SITEMAP)]
    assert "http://testserver/sitemaps/works-2.xml" in locs
    second = etree.fromstring(client.get("/sitemaps/works-2.xml").content)
    assert len(second.findall("s:url", SITEMAP)) == 2  # one work, two languages
    assert client.get("/sitemaps/works-3.xml").status_code == 404
    assert client.get("/sitemaps/nothing-1.xml").status_code == 404


def test_robots_points_at_the_sitemap_and_keeps_crawlers_out_of_search(client):
    text = client.get("/robots.txt").content.decode()
    robots = urllib.robotparser.RobotFileParser()
    robots.parse(text.splitlines())
    assert robots.site_maps() == ["http://testserver/sitemap.xml"]
    for path, allowed in [
        ("/search/?q=网络", False),
        ("/en/search/?q=cyber", False),
        ("/admin/", False),
        ("/works/1/", True),
        ("/experts/lu-chuanying/", True),
        ("/sitemap.xml", True),
    ]:
        assert robots.can_fetch("Googlebot", f"http://testserver{path}") is allowed, path
