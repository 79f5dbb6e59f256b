"""The API docs at /api/v1/docs in a real browser, under the site's own CSP (issue 14 #16).

They loaded Swagger UI from a CDN with an inline script, which the policy blocks: the page was
blank. Now the assets are zhiku's static files (django-ninja ships them) and no script is inline.
"""

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_docs_list_the_operations_without_a_csp_violation(live_server, page):
    problems: list[str] = []
    page.on(
        "console",
        lambda message: problems.append(message.text) if message.type == "error" else None,
    )
    page.on("pageerror", lambda error: problems.append(str(error)))
    external: list[str] = []
    page.on(
        "request",
        lambda request: (
            None
            if request.url.startswith(live_server.url) or request.url.startswith("data:")
            else external.append(request.url)
        ),
    )
    response = page.goto(f"{live_server.url}/api/v1/docs")
    assert response is not None and response.status == 200
    assert "script-src 'self'" in response.headers["content-security-policy"]
    operations = page.locator(".opblock-summary-path")
    expect(operations.first).to_be_visible(timeout=15_000)
    paths = set(operations.all_inner_texts())
    assert {"/api/v1/works", "/api/v1/works/{work_id}", "/api/v1/search"} <= {
        p.replace("\u200b", "") for p in paths
    }
    page.wait_for_load_state("networkidle")
    assert not [p for p in problems if "Content Security Policy" in p], problems
    assert problems == []
    assert external == []  # nothing from a CDN
