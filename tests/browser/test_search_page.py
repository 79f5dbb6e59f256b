"""A reader searches in a real browser: header box, marked snippets, a facet, a result."""

import pytest
from django.core.management import call_command

from tests.golden.search.conftest import HERE as GOLDEN

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_search_from_the_header_to_a_work(live_server, browser, tmp_path):
    call_command("ingest", str(GOLDEN / "works.jsonl"), verbosity=0)
    context = browser.new_context(java_script_enabled=False, locale="zh-CN")
    page = context.new_page()
    page.goto(f"{live_server.url}/")
    page.get_by_role("searchbox").first.fill("網絡安全")
    page.get_by_role("searchbox").first.press("Enter")
    page.wait_for_url("**/search/?q=*")
    results = page.locator(".result")
    assert results.count() >= 3
    # Taiwan's 網路安全 is the same word since regional vocabulary folds it (search-vocab)
    assert page.locator(".result mark").first.inner_text() in {
        "网络安全",
        "網絡安全",
        "網路安全",
        "网络",
        "網絡",
        "網路",
    }
    assert page.locator(".experts-panel").is_visible()

    facet = page.locator(".facet-type a").first
    label, count = facet.inner_text(), int(page.locator(".facet-type .count").first.inner_text())
    facet.click()
    page.wait_for_url("**type=*")
    assert page.locator(".result").count() == count
    assert label in page.locator(".active-filters").inner_text()

    page.locator(".result-title").first.click()
    page.wait_for_url("**/works/*/")
    assert page.locator(".related-works li").count() >= 1
    shot = tmp_path / "work-with-related.png"
    page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 10_000
    context.close()
