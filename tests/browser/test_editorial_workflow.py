"""The editorial path in a real browser: an editor drafts and submits a work, a second editor
reviews and publishes it, the public reads it, a bad edit is reverted from the history."""

import re
from pathlib import Path

import pytest
from django.core.management import call_command

from tests.conftest import PASSWORD, make_person, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PAYLOADS = Path(__file__).resolve().parent.parent / "integration" / "payloads"


@pytest.fixture
def watch(browser):
    """New browser contexts whose console errors (CSP violations among them) are collected."""
    problems: list[str] = []
    contexts = []

    def open_context(**options):
        context = browser.new_context(
            locale="zh-CN", viewport={"width": 1280, "height": 900}, **options
        )
        contexts.append(context)
        page = context.new_page()
        # Pages answer 404 on purpose here; what must not fail is what a page loads.
        page.on("console", lambda m: problems.append(m.text) if is_problem(m) else None)
        page.on("response", lambda r: problems.append(f"{r.status} {r.url}") if bad(r) else None)
        page.on("pageerror", lambda e: problems.append(str(e)))
        page.on("dialog", lambda d: (problems.append(f"dialog: {d.message}"), d.dismiss()))
        return page

    yield open_context, problems
    for context in contexts:
        context.close()


def is_problem(message) -> bool:
    """A console error other than Chromium's note about a 404 page (CSP violations count)."""
    return message.type == "error" and not message.text.startswith("Failed to load resource")


def bad(response) -> bool:
    """A stylesheet, script or image that failed (the favicon is not ours to serve)."""
    kind = response.request.resource_type
    return (
        response.status >= 400 and kind != "document" and not response.url.endswith("favicon.ico")
    )


def sign_in(page, base: str, username: str) -> None:
    page.goto(f"{base}/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url(f"{base}/admin/")


def take_step(page, step: str) -> None:
    page.click(f"a.workflow-step[data-step={step}]")
    page.click("input[name=confirm]")
    page.wait_for_url(re.compile(r".*/admin/catalog/work/\d+/change/$"))


def test_draft_review_publish_and_revert(live_server, watch, tmp_path):
    open_context, problems = watch
    base = live_server.url
    make_user("editor", username="alice")
    make_user("editor", username="bob")

    # 1. alice writes a draft and submits it for review
    alice = open_context()
    sign_in(alice, base, "alice")
    alice.goto(f"{base}/admin/catalog/work/add/")
    alice.fill("#id_title", "数字治理的新议程")
    alice.fill("#id_body", "第一段：原稿。\n\n第二段：原稿。")
    alice.click("input[name=_continue]")
    work_admin = alice.url
    work_id = re.search(r"/work/(\d+)/change/", work_admin)[1]
    assert alice.locator(".status-badge").get_attribute("data-status") == "draft"
    take_step(alice, "submit")
    assert alice.locator(".status-badge").get_attribute("data-status") == "review"
    assert alice.locator("a.workflow-step[data-step=publish]").count() == 0  # not by herself

    # 2. the public cannot see it yet
    public = open_context()
    public_url = f"{base}/works/{work_id}/"
    assert public.goto(public_url).status == 404

    # 3. bob reviews what changed and publishes
    bob = open_context()
    sign_in(bob, base, "bob")
    bob.goto(f"{base}/admin/catalog/work/?status__exact=review")
    bob.get_by_role("link", name="数字治理的新议程").click()
    bob.click("a.workflow-step[data-step=publish]")
    assert bob.locator(".revision-changes ins", has_text="第一段：原稿。").count() == 1
    bob.click("input[name=confirm]")
    bob.wait_for_url(re.compile(r".*/change/$"))
    assert bob.locator(".status-badge").get_attribute("data-status") == "published"

    # 4. the public reads it
    assert public.goto(public_url).status == 200
    assert public.locator("h1").inner_text() == "数字治理的新议程"
    assert public.locator(".body p").all_inner_texts() == ["第一段：原稿。", "第二段：原稿。"]

    # 5. alice saves a bad edit; it is public at once
    alice.goto(work_admin)
    alice.fill("#id_body", "第一段：改坏了。\n\n第二段：原稿。")
    alice.click("input[name=_continue]")
    public.goto(public_url)
    assert public.locator(".body p").first.inner_text() == "第一段：改坏了。"

    # 6. bob reverts it from the history: the diff shows what comes back
    bob.goto(f"{base}/admin/catalog/work/{work_id}/history/")
    rows = bob.locator("#change-history tbody tr")
    assert "alice" in rows.first.inner_text()
    bob.locator("a.revision-link").nth(1).click()  # the revision before alice's edit
    assert bob.locator(".revision-changes del", has_text="改坏了").count() >= 1
    bob.click("input[type=submit][value='恢复到此版本']")
    bob.wait_for_url(re.compile(r".*/change/$"))
    assert bob.locator(".status-badge").get_attribute("data-status") == "published"

    public.goto(public_url)
    assert public.locator(".body p").all_inner_texts() == ["第一段：原稿。", "第二段：原稿。"]
    bob.screenshot(path=str(tmp_path / "after-revert.png"), full_page=True)
    assert problems == []  # no CSP violation, script error or dialog on any page


def test_a_public_email_is_readable_in_the_browser(live_server, watch):
    open_context, problems = watch
    make_person(slug="lu-chuanying", email="lu.chuanying@siis.org.cn", email_public=True)
    page = open_context(java_script_enabled=False)
    page.goto(f"{live_server.url}/experts/lu-chuanying/")
    assert page.locator(".email").inner_text() == "lu.chuanying@siis.org.cn"
    assert "lu.chuanying@siis.org.cn" not in page.content()
    assert problems == []


def test_hostile_imports_run_nothing_in_the_browser(live_server, watch):
    open_context, problems = watch
    call_command("ingest", str(PAYLOADS), verbosity=0)
    page = open_context()
    page.goto(f"{live_server.url}/")
    links = page.locator("a[href^='/works/'], a[href^='/experts/'], a[href^='/units/']")
    urls = sorted(set(links.evaluate_all("els => els.map(e => e.getAttribute('href'))")))
    assert len(urls) >= 5
    for url in urls + [f"/en{u}" for u in urls]:
        page.goto(f"{live_server.url}{url}")
    assert problems == []
