"""HEAD answers wherever GET does, with GET's status and headers and no body (issue 14 #12).

The test walks the URLconf, so a public GET route added later is walked too: a route it cannot
fill in fails the test until an example URL is given below.
"""

from __future__ import annotations

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from tests.conftest import make_person, make_unit, make_work

pytestmark = pytest.mark.django_db

#: Routes that are not public GET routes: the back office.
SKIPPED = ("admin/",)
#: What GET answers where it does not answer 2xx/3xx here: ninja's root is no page, and no
#: indexer runs under the tests. HEAD must answer the same.
NOT_OK = {"api/v1/": 404, "healthz": 503}


def _routes(patterns, prefix=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _routes(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern)


def public_get_routes() -> list[str]:
    return sorted({r for r in _routes(get_resolver().url_patterns) if not r.startswith(SKIPPED)})


@pytest.fixture
def examples():
    unit = make_unit(name="美洲研究中心", slug="americas")
    person = make_person(units=[unit], slug="lu-chuanying")
    work = make_work([person])
    values = {
        "<work_id>": str(work.pk),
        "<int:pk>": str(work.pk),
        "<slug>": person.slug,
        "<str:key>": "bibtex",
        "<str:code>": "en",
        "<slug:section>-<int:page>": "works-1",
    }

    def example(route: str) -> str:
        url = "/" + route
        if url.startswith("/units/<slug:slug>") or url.startswith("/feeds/units/"):
            url = url.replace("<slug:slug>", unit.slug)
        url = url.replace("<slug:slug>", person.slug)
        if url.startswith("/api/v1/units/<slug>"):
            url = url.replace("<slug>", unit.slug)
        for placeholder, value in values.items():
            url = url.replace(placeholder, value)
        assert "<" not in url, f"give an example for {route!r} in test_head_requests"
        return url + ("?verb=Identify" if url == "/oai" else "")

    return example


def test_the_walk_covers_the_interfaces_named_in_the_issue():
    routes = public_get_routes()
    assert {"api/v1/works", "sitemap.xml", "cite/works/<str:key>/"} <= set(routes)
    assert len(routes) > 25


@pytest.mark.parametrize("route", public_get_routes())
def test_head_answers_like_get(client, examples, route):
    url = examples(route)
    got = client.get(url)
    assert got.status_code == NOT_OK.get(route, got.status_code) and (
        route in NOT_OK or got.status_code < 400
    ), (url, got.status_code)
    head = client.head(url)
    assert head.status_code == got.status_code, (url, head.status_code)
    assert head.content == b""
    assert head.get("Content-Type") == got.get("Content-Type")
    if not got.streaming:
        assert head["Content-Length"] == str(len(got.content))


def test_head_on_a_missing_work_is_a_404_without_body(client, db):
    response = client.head("/api/v1/works/999999")
    assert response.status_code == 404
    assert response.content == b""


def test_post_only_is_still_refused_for_get_only_routes(client, db):
    assert client.post("/api/v1/works").status_code == 405
    assert client.post("/sitemap.xml").status_code == 405
