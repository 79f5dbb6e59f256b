"""Only published works leave the building: every machine interface, every status.

The pages have their own table (test_visibility.py); this one walks the API, feeds, sitemap,
OAI-PMH and citation exports (and search, in test_search_visibility) with one work in each
status, and checks that the unpublished ones appear nowhere, except a withdrawn work as an
OAI-PMH deleted header and as a 410 in the API.
"""

import re

import pytest

from tests.conftest import make_person, make_unit, make_work
from zhiku.catalog.models import Work

pytestmark = pytest.mark.django_db
S = Work.Status
TITLE = {s: f"可见性-{s}" for s in S.values}


@pytest.fixture
def catalog():
    unit = make_unit(name="美洲研究中心", slug="americas")
    person = make_person(units=[unit], slug="lu-chuanying")
    works = {s: make_work([person], title=TITLE[s], status=s, withdrawn_reason="撤回") for s in S}
    return unit, person, works


def interfaces(unit, person, works):
    ids = ",".join(str(w.pk) for w in works.values())
    return {
        "API works": "/api/v1/works?page_size=100",
        "API person": f"/api/v1/people/{person.slug}",
        "API unit works": f"/api/v1/works?unit={unit.slug}",
        "site feed": "/feeds/latest.atom",
        "person feed": f"/feeds/experts/{person.slug}.rss",
        "unit feed": f"/feeds/units/{unit.slug}.atom",
        "sitemap": "/sitemaps/works-1.xml",
        "person export": f"/cite/experts/{person.slug}/ris/",
        "export by ids": f"/cite/works/bibtex/?ids={ids}",
        "OAI ListRecords": "/oai?verb=ListRecords&metadataPrefix=oai_dc",
    }


def shows(interface: str, text: str, works: dict, status: str) -> bool:
    """Whether ``text`` from ``interface`` mentions the work in ``status``."""
    if interface == "sitemap":  # a sitemap lists addresses, not titles
        return f"/works/{works[status].pk}/<" in text
    return TITLE[status] in text


def test_unpublished_works_appear_in_no_interface(client, catalog):
    unit, person, works = catalog
    for name, url in interfaces(unit, person, works).items():
        response = client.get(url)
        assert response.status_code == 200, (name, response.status_code)
        text = response.content.decode()
        assert shows(name, text, works, S.PUBLISHED), name
        for status in (S.DRAFT, S.REVIEW, S.WITHDRAWN):
            assert not shows(name, text, works, status), (name, status)


def test_withdrawn_is_a_deleted_header_and_the_rest_do_not_exist(client, catalog):
    _, _, works = catalog
    listing = client.get("/oai?verb=ListIdentifiers&metadataPrefix=oai_dc").content.decode()
    headers = re.findall(r"<header( status=\"deleted\")?>\s*<identifier>([^<]+)", listing)
    by_id = {identifier.rsplit("/", 1)[-1]: bool(deleted) for deleted, identifier in headers}
    assert by_id == {str(works[S.PUBLISHED].pk): False, str(works[S.WITHDRAWN].pk): True}
    for status, expected in ((S.DRAFT, 404), (S.REVIEW, 404), (S.WITHDRAWN, 410)):
        assert client.get(f"/api/v1/works/{works[status].pk}").status_code == expected


def test_no_interface_shows_an_email(client, catalog):
    unit, person, works = catalog
    person.email, person.email_public = "lu@example.org", True  # even with consent
    person.save()
    for name, url in interfaces(unit, person, works).items():
        assert "lu@example.org" not in client.get(url).content.decode(), name
