"""Content in the page's language, or the other one with a marker; names and emails shown safely."""

import re

import lxml.html
import pytest
from django.utils import translation

from zhiku.catalog.adminsearch import pinyin_key
from zhiku.catalog.bilingual import EN, ZH, Localized, localize
from zhiku.catalog.models import Person, Unit, Work
from zhiku.security.email import protect_email

ZH_WORK = {"title": "中美在网络问题上取得进展", "language": "zh"}
EN_WORK = {"title": "Working Together with One Heart", "language": "en"}


@pytest.mark.parametrize(
    ("page", "fields", "field", "expected"),
    [
        ("zh-hans", {**ZH_WORK, "title_en": "Progress"}, "title", Localized(ZH_WORK["title"], ZH)),
        ("en", {**ZH_WORK, "title_en": "Progress"}, "title", Localized("Progress", EN)),
        ("en", ZH_WORK, "title", Localized(ZH_WORK["title"], ZH, fallback=True)),
        ("en", EN_WORK, "title", Localized(EN_WORK["title"], EN)),
        ("zh-hans", EN_WORK, "title", Localized(EN_WORK["title"], EN, fallback=True)),
        ("en", {**ZH_WORK, "abstract": "摘要"}, "abstract", Localized("摘要", ZH, fallback=True)),
        (
            "en",
            {**ZH_WORK, "abstract": "摘要", "abstract_en": "Abstract"},
            "abstract",
            Localized("Abstract", EN),
        ),
        (
            "zh-hans",
            {**ZH_WORK, "abstract_en": "Abstract"},
            "abstract",
            Localized("Abstract", EN, fallback=True),
        ),
        ("zh-hans", ZH_WORK, "abstract", Localized("", ZH)),
    ],
)
def test_work_fields(page, fields, field, expected):
    with translation.override(page):
        assert localize(Work(**fields), field) == expected


@pytest.mark.parametrize(
    ("page", "obj", "field", "expected"),
    [
        ("en", Person(name="王五", title="研究员"), "title", Localized("Research Fellow", EN)),
        (
            "en",
            Person(name="王五", title="副研究员"),
            "title",
            Localized("Associate Research Fellow", EN),
        ),
        ("zh-hans", Person(name="王五", title="研究员"), "title", Localized("研究员", ZH)),
        ("en", Person(name="王五", title="编审"), "title", Localized("编审", ZH, True)),
        ("en", Person(name="王五", bio="简介"), "bio", Localized("简介", ZH, fallback=True)),
        ("zh-hans", Person(name="王五", bio_en="Bio"), "bio", Localized("Bio", EN, True)),
        ("en", Person(name="王五", bio="简介", bio_en="Bio"), "bio", Localized("Bio", EN)),
        ("en", Unit(name="美洲研究中心"), "name", Localized("美洲研究中心", ZH, fallback=True)),
        (
            "en",
            Unit(name="美洲研究中心", name_en="Center for American Studies"),
            "name",
            Localized("Center for American Studies", EN),
        ),
    ],
)
def test_person_and_unit_fields(page, obj, field, expected):
    with translation.override(page):
        assert localize(obj, field) == expected


EMAIL = "lu.chuanying@siis.org.cn"
FINDER = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")


def test_protected_email_hides_the_address_from_scrapers():
    html = str(protect_email(EMAIL))
    assert EMAIL not in html and "@" not in html  # a regex over the HTML finds nothing
    text = lxml.html.fromstring(html).text_content()  # a scraper reading the text
    assert EMAIL not in text
    assert all(found != EMAIL for found in FINDER.findall(text))
    assert "<script" not in html and "style=" not in html  # works under the CSP


def test_protected_email_is_the_address_once_decoys_are_hidden():
    tree = lxml.html.fromstring(str(protect_email(EMAIL)))
    for decoy in tree.find_class("zk-x"):
        decoy.drop_tree()  # what display:none does in a browser
    assert tree.text_content() == EMAIL


@pytest.mark.parametrize("bad", ["", "no-at-sign", "@host.example", "user@"])
def test_protected_email_of_a_malformed_address_is_empty(bad):
    assert str(protect_email(bad)) == ""


@pytest.mark.parametrize(
    ("query", "key"),
    [
        ("Lu Chuanying", "luchuanying"),
        ("lu-chuanying", "luchuanying"),
        ("Lǚ Chuányīng", "luchuanying"),
        ("O'Neil", "oneil"),
    ],
)
def test_pinyin_key(query, key):
    assert pinyin_key(query) == key
