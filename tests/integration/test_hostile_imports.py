"""A hostile import: pages and records full of script, event handlers, javascript: URLs and
style payloads go through ``zhiku ingest``; none of it is stored, and no page shows any of it.
(The API, search, feeds and OAI-PMH must be added to ``rendered_pages`` when they exist.)"""

import re
from pathlib import Path

import pytest
from django.urls import reverse

from tests.conftest import make_user
from tests.integration.test_security import inline_code
from zhiku.catalog.models import Authorship, ImportRun, Person, Unit, Work

pytestmark = pytest.mark.django_db
PAYLOADS = Path(__file__).parent / "payloads"

#: Traces of the payloads that must never come back, on any page.
TRACES = re.compile(
    r"alert\(|pwn-|javascript:|vbscript:|data:text|srcdoc|expression\(|on(?:error|load|mouseover|click)=",
    re.IGNORECASE,
)
#: Elements no public page of zhiku contains (the admin has its own svg and img icons).
FOREIGN_ELEMENTS = re.compile(r"<(?:iframe|svg|img|object|embed|math|style)\b", re.IGNORECASE)


@pytest.fixture
def imported(ingest):
    code, output = ingest(PAYLOADS)
    assert code == 0, output
    assert Work.objects.filter(external_id="xss-1").exists()
    return output


def stored_text() -> list[str]:
    values = []
    for model in (Work, Person, Unit, Authorship):
        for row in model.objects.values():
            values += [str(v) for v in row.values() if isinstance(v, str | list)]
    return values


def test_nothing_hostile_is_stored(imported):
    hostile = [value for value in stored_text() if TRACES.search(value) or "<" in value]
    assert hostile == []
    work = Work.objects.get(external_id="xss-1")
    assert (work.title, work.url, work.doi) == ("网络安全", "", "10.1000/")
    assert work.paragraphs == ["第一段。", "第二段。"]
    assert Work.objects.get(external_id="xss-2").url == ""  # data: URLs are not links either
    article = Work.objects.get(title="全球治理变革中的中国方案")
    assert [a.name_as_written for a in article.ordered_authorships()] == ["陈东晓", "杨剑"]


def rendered_pages(client) -> dict[str, str]:
    urls = ["/", "/experts/", "/units/"]
    urls += [p.get_absolute_url() for p in Person.objects.all()]
    urls += [u.get_absolute_url() for u in Unit.objects.all()]
    urls += [w.get_absolute_url() for w in Work.objects.all()]
    urls += [f"/en{url}" for url in urls]
    client.force_login(make_user("administrator"))
    urls += [reverse("admin:catalog_work_changelist"), reverse("admin:catalog_person_changelist")]
    urls += [reverse("admin:catalog_importrun_changelist")]
    urls += [reverse("admin:catalog_work_change", args=[w.pk]) for w in Work.objects.all()]
    urls += [reverse("admin:catalog_work_history", args=[w.pk]) for w in Work.objects.all()]
    urls += [reverse("admin:catalog_person_change", args=[p.pk]) for p in Person.objects.all()]
    urls += [
        reverse("admin:catalog_importrun_change", args=[r.pk]) for r in ImportRun.objects.all()
    ]
    pages = {}
    for url in urls:
        response = client.get(url)
        if response.status_code == 404:
            continue
        assert response.status_code == 200, url
        pages[url] = response.content.decode()
    return pages


def test_no_page_shows_any_payload(client, imported):
    pages = rendered_pages(client)
    assert len(pages) > 20
    shown = {url: TRACES.findall(page) for url, page in pages.items() if TRACES.search(page)}
    assert shown == {}
    public = {url: page for url, page in pages.items() if not url.startswith("/admin/")}
    assert [url for url, page in public.items() if FOREIGN_ELEMENTS.search(page)] == []
    assert {url: inline_code(page) for url, page in pages.items() if inline_code(page)} == {}


def test_the_report_says_what_was_removed(imported):
    run = ImportRun.objects.latest("started")
    codes = {w["code"] for i in run.report["inputs"] for w in i["warnings"]}
    assert {"markup_removed", "unsafe_url"} <= codes
