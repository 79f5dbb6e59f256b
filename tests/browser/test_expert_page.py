"""A reader in a real browser: from the expert page to the article."""

import pytest
from django.core.management import call_command

from tests.conftest import SAMPLES

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_expert_page_lists_works_and_leads_to_the_article(live_server, page, tmp_path):
    call_command("ingest", str(SAMPLES / "siis-profile-and-article.txt"), verbosity=0)
    page.goto(f"{live_server.url}/experts/lu-chuanying/")
    assert page.locator("h1").first.inner_text().startswith("鲁传颖")
    assert page.locator(".work-item").count() == 39
    assert page.get_by_text("美洲研究中心").count() >= 1

    page.get_by_role("link", name="中美在网络问题上取得进展").click()
    page.wait_for_url("**/works/*/")
    assert page.locator("h1").inner_text() == "中美在网络问题上取得进展"
    paragraphs = page.locator(".body p")
    assert paragraphs.count() == 6
    assert paragraphs.first.inner_text().startswith("在刚刚结束的第五轮战略与经济对话中")
    assert page.get_by_text("来源不详").is_visible()
    # the stylesheet loaded: body text uses the serif reading face
    assert "serif" in page.locator(".body").evaluate("e => getComputedStyle(e).fontFamily")
    shot = tmp_path / "work-page.png"
    page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 10_000


def test_language_switch_without_javascript(live_server, browser):
    call_command("ingest", str(SAMPLES / "siis-profile-and-article.txt"), verbosity=0)
    # A Chinese browser gets Chinese pages; English ones are a click away (no script needed).
    context = browser.new_context(java_script_enabled=False, locale="zh-CN")
    page = context.new_page()
    page.goto(f"{live_server.url}/experts/lu-chuanying/")
    page.get_by_role("link", name="English").click()
    assert "/en/experts/lu-chuanying/" in page.url
    assert page.get_by_text("Research Fellow").count() >= 1
    context.close()
