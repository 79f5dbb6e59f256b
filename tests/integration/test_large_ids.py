"""Every id- or number-taking view and API parameter, given a number past the 64-bit range, a
negative one or thousands of digits, answers a 4xx, never a 5xx (issue 14 #11: the citation
export's ``ids`` overflowed into a 500)."""

import pytest

from tests.conftest import make_person, make_unit, make_work

pytestmark = pytest.mark.django_db

NUMBERS = ["9223372036854775808", "-9223372036854775809", "9" * 5000]
URLS = [
    "/cite/works/bibtex/?ids={n}",
    "/cite/works/ris/?ids=1,{n}",
    "/cite/works/{n}/bibtex/",
    "/cite/works/bibtex/?year_from={n}",
    "/works/{n}/",
    "/en/works/{n}/",
    "/sitemaps/works-{n}.xml",
    "/oai?verb=GetRecord&metadataPrefix=oai_dc&identifier=oai:localhost:work/{n}",
    "/api/v1/works/{n}",
    "/api/v1/works?page={n}",
    "/api/v1/works?page_size={n}",
    "/api/v1/works?year_from={n}",
    "/api/v1/people?page={n}",
    "/api/v1/search?q=a&page={n}",
    "/api/v1/search?q=a&per_page={n}",
    "/search/?q=a&page={n}",
    "/experts/?page={n}",
]


@pytest.fixture
def catalog():
    return make_work([make_person(units=[make_unit()])], title="成果")


@pytest.mark.parametrize("number", NUMBERS, ids=["2**63", "-2**63-1", "5000 digits"])
@pytest.mark.parametrize("url", URLS)
def test_large_numbers_are_refused_not_overflowed(client, catalog, url, number):
    response = client.get(url.format(n=number))
    assert response.status_code < 500, (url, response.status_code)
