"""Search-as-you-type in a real browser: the header box is an ARIA 1.2 combobox, driven by
the keyboard, under the site's CSP (no inline script)."""

import pytest
from django.core.management import call_command

from tests.golden.search.conftest import HERE as GOLDEN
from zhiku.catalog.models import Person

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_type_arrow_down_and_enter_opens_the_suggested_expert(live_server, page):
    call_command("ingest", str(GOLDEN / "works.jsonl"), verbosity=0)
    person = Person.objects.get(name="林晓川")
    problems = []
    page.on("console", lambda m: problems.append(m.text) if "Security Policy" in m.text else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.on(
        "response",
        lambda r: problems.append(r.url) if r.status >= 400 and "favicon" not in r.url else None,
    )
    page.goto(f"{live_server.url}/")

    box = page.get_by_role("combobox", name="检索")
    assert box.get_attribute("aria-expanded") == "false"
    box.press_sequentially("lxc", delay=30)
    listbox = page.get_by_role("listbox")
    listbox.wait_for()
    assert box.get_attribute("aria-expanded") == "true"
    assert box.get_attribute("aria-controls") == listbox.get_attribute("id")
    options = listbox.get_by_role("option")
    assert "林晓川" in options.first.inner_text()

    box.press("ArrowDown")
    first = options.first
    assert first.get_attribute("aria-selected") == "true"
    assert box.get_attribute("aria-activedescendant") == first.get_attribute("id")
    assert page.evaluate("document.activeElement.id") == "search-q"  # focus stays in the box

    box.press("Enter")
    page.wait_for_url(f"**{person.get_absolute_url()}")
    assert problems == []


def test_escape_closes_and_enter_without_a_choice_searches(live_server, page):
    call_command("ingest", str(GOLDEN / "works.jsonl"), verbosity=0)
    page.goto(f"{live_server.url}/")
    box = page.get_by_role("combobox", name="检索")
    box.press_sequentially("中美关系", delay=30)
    page.get_by_role("listbox").wait_for()
    box.press("Escape")
    assert box.get_attribute("aria-expanded") == "false"
    assert page.get_by_role("listbox").is_hidden()
    box.press("Enter")
    page.wait_for_url("**/search/?q=*")
    assert page.locator(".result").count() >= 1
