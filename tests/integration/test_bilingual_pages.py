"""Pages in both languages: names as 鲁传颖 (Lu Chuanying), the title vocabulary, visible
fallback markers, a translation pair side by side, and emails only with consent."""

import re

import lxml.html
import pytest

from tests.conftest import make_person, make_unit, make_work
from zhiku.catalog.models import Work

pytestmark = pytest.mark.django_db


@pytest.fixture
def lu():
    return make_person(
        units=[make_unit(name="美洲研究中心")], slug="lu-chuanying", title="副研究员"
    )


def fallback_markers(html: str) -> list[str]:
    return [m.text_content() for m in lxml.html.fromstring(html).find_class("fallback")]


def visible_text(page: str) -> str:
    """What a reader sees: the body's text without script and style elements."""
    import lxml.html

    tree = lxml.html.fromstring(page)
    for element in tree.xpath("//script | //style"):
        element.drop_tree()
    return tree.text_content()


def test_english_pages_show_names_with_pinyin_and_titles_in_english(client, lu):
    make_work(authors=[lu], title="中美在网络问题上取得进展", title_en="Progress on cyber issues")
    for url in ("/en/", "/en/experts/", "/en/experts/lu-chuanying/"):
        page = client.get(url).content.decode()
        assert "鲁传颖 (Lu Chuanying)" in page, url
    profile = visible_text(client.get("/en/experts/lu-chuanying/").content.decode())
    # the page reads in English (its JSON-LD may still name the title in both languages)
    assert "Associate Research Fellow" in profile and "副研究员" not in profile
    assert "Progress on cyber issues" in profile
    chinese = client.get("/experts/lu-chuanying/").content.decode()
    assert "副研究员" in chinese and "(Lu Chuanying)" not in chinese


def test_a_missing_english_field_falls_back_with_a_marker(client, lu):
    url = make_work(authors=[lu], title="只有中文标题", abstract="只有中文摘要").get_absolute_url()
    page = client.get(f"/en{url}").content.decode()
    assert "只有中文标题" in page and "只有中文摘要" in page
    assert fallback_markers(page) == ["in Chinese"] * 3  # title, abstract, full text
    assert fallback_markers(client.get(url).content.decode()) == []


def test_english_fields_are_used_when_present(client, lu):
    lu.units.update(name_en="Center for American Studies")
    work = make_work(
        authors=[lu], title="标题", title_en="Title", abstract="摘要", abstract_en="Abstract"
    )
    page = client.get(f"/en{work.get_absolute_url()}").content.decode()
    assert fallback_markers(page) == ["in Chinese"]  # only the full text, which has no English
    assert "<h1" in page and ">Title</h1>" in page
    assert 'class="title-original" lang="zh">标题' in page  # the original title under it


def test_chinese_pages_mark_english_only_content(client, lu):
    lu.bio_en = "Research on cyberspace governance."
    lu.save()
    make_work(authors=[lu], title="Working Together with One Heart", language="en")
    page = client.get("/experts/lu-chuanying/").content.decode()
    assert "Research on cyberspace governance." in page
    assert fallback_markers(page) == ["英文", "英文"]  # the biography and the English title


def test_a_translation_pair_is_shown_side_by_side_and_linked_both_ways(client, lu):
    original = make_work(
        authors=[lu], title="中美在网络问题上取得进展", body="中文第一段。\n\n中文第二段。"
    )
    english = make_work(
        authors=[lu],
        title="Progress on cyber issues",
        language="en",
        body="First paragraph.\n\nSecond paragraph.",
        translation_of=original,
    )
    for work, other in ((original, english), (english, original)):
        page = client.get(work.get_absolute_url()).content.decode()
        tree = lxml.html.fromstring(page)
        versions = tree.find_class("version")
        assert [v.get("lang") for v in versions] == [work.language, other.language]
        assert "中文第二段。" in page and "Second paragraph." in page
        assert f'href="{other.get_absolute_url()}"' in page


def test_an_unpublished_translation_is_not_shown(client, lu):
    original = make_work(authors=[lu], title="原文", body="中文。")
    make_work(
        title="Draft translation",
        language="en",
        body="Secret.",
        translation_of=original,
        status=Work.Status.DRAFT,
    )
    page = client.get(original.get_absolute_url()).content.decode()
    assert "Secret." not in page and "Draft translation" not in page
    assert 'class="parallel"' not in page


EMAIL = re.compile(r"lu\.chuanying@siis\.org\.cn")


@pytest.mark.parametrize(("public", "shown"), [(True, True), (False, False)])
def test_email_only_with_consent_and_never_in_plain_text(client, lu, public, shown):
    lu.email, lu.email_public = "lu.chuanying@siis.org.cn", public
    lu.save()
    for url in ("/experts/lu-chuanying/", "/en/experts/lu-chuanying/", "/experts/", "/"):
        page = client.get(url).content.decode()
        assert not EMAIL.search(page), url  # never as plain text in the HTML
        text = lxml.html.fromstring(page).text_content()
        assert not EMAIL.search(text), url  # nor in the text a scraper extracts
    profile = client.get("/experts/lu-chuanying/").content.decode()
    assert ('class="email"' in profile) is shown
