"""The cite box in a real browser: copy buttons with JavaScript, plain text and links without."""

import pytest
from playwright.sync_api import expect

from tests.conftest import make_person, make_unit, make_work

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def work():
    person = make_person(units=[make_unit()])
    return make_work([person, "张三"], title="中美在网络问题上取得进展", source="《文汇报》")


def test_copy_button_puts_the_citation_on_the_clipboard(live_server, browser, work):
    context = browser.new_context(locale="zh-CN")
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)
    page = context.new_page()
    page.goto(f"{live_server.url}{work.get_absolute_url()}")
    citation = page.locator("#citation-gbt7714-2015")
    assert citation.inner_text() == "鲁传颖, 张三. 中美在网络问题上取得进展[N]. 文汇报, 2013-07-15."
    box = page.locator(".cite-box")
    box.get_by_role("button", name="复制").first.click()
    # the clipboard answers asynchronously: wait for the status rather than read it at once
    expect(box.locator(".copy-status").first).to_have_text("已复制")
    assert page.evaluate("navigator.clipboard.readText()") == citation.inner_text()
    context.close()


def test_without_javascript_the_text_and_downloads_remain(live_server, browser, work):
    context = browser.new_context(java_script_enabled=False, locale="zh-CN")
    page = context.new_page()
    page.goto(f"{live_server.url}{work.get_absolute_url()}")
    assert page.get_by_role("button", name="复制").count() == 0  # hidden: nothing to click
    assert page.locator("#citation-apa").is_visible()
    with page.expect_download() as download:
        page.get_by_role("link", name="BibTeX").click()
    saved = download.value.path().read_text(encoding="utf-8")
    assert saved.startswith("@article{lu2013-") and "中美在网络问题上取得进展" in saved
    context.close()
