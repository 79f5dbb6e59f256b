"""The interface language follows the reader's choice, else the browser's Accept-Language."""

import pytest

from tests.conftest import make_person

pytestmark = pytest.mark.django_db


@pytest.fixture
def person():
    return make_person(slug="lu-chuanying")


@pytest.mark.parametrize(
    ("accept", "cookie", "path", "expected"),
    [
        ("en-US,en;q=0.9", None, "/experts/lu-chuanying/", "/en/experts/lu-chuanying/"),
        ("en-GB", None, "/?page=2", "/en/?page=2"),
        ("zh-CN,zh;q=0.9,en;q=0.8", None, "/experts/lu-chuanying/", None),
        ("fr-FR,en;q=0.5", None, "/experts/", "/en/experts/"),  # English is the best we have
        ("de-DE", None, "/experts/", None),  # nothing we have: the default, Chinese
        ("", None, "/experts/", None),  # crawlers
        ("en-US", "zh-hans", "/experts/", None),  # the reader chose Chinese with the switch
        ("zh-CN", "en", "/experts/", "/en/experts/"),  # and the other way round
        ("zh-CN", None, "/en/experts/", None),  # an /en/ address is an explicit choice
        ("en-US", None, "/admin/login/", None),  # not a localised page
        ("en-US", None, "/no/such/page/", None),
    ],
)
def test_language_negotiation(client, person, accept, cookie, path, expected):
    if cookie:
        client.cookies["django_language"] = cookie
    response = client.get(path, HTTP_ACCEPT_LANGUAGE=accept)
    if expected is None:
        assert not response.get("Location", "").startswith("/en/")
    else:
        assert response.status_code == 302 and response["Location"] == expected
        assert "Accept-Language" in response["Vary"] and "Cookie" in response["Vary"]


def test_pages_vary_on_language_inputs(client, person):
    response = client.get("/experts/", HTTP_ACCEPT_LANGUAGE="zh-CN")
    assert {"Accept-Language", "Cookie"} <= {v.strip() for v in response["Vary"].split(",")}


@pytest.mark.parametrize(
    ("code", "next_url", "target", "cookie"),
    [
        ("en", "/experts/lu-chuanying/", "/en/experts/lu-chuanying/", "en"),
        ("zh-hans", "/en/experts/lu-chuanying/", "/experts/lu-chuanying/", "zh-hans"),
        ("en", "/units/?x=1", "/en/units/?x=1", "en"),
        ("en", "https://evil.example/phish", "/en/", "en"),  # never an open redirect
        ("en", "//evil.example/", "/en/", "en"),
        ("xx", "/experts/", "/experts/", "zh-hans"),  # unknown language: the default
    ],
)
def test_the_switch_remembers_the_choice(client, person, code, next_url, target, cookie):
    response = client.get(f"/language/{code}/", {"next": next_url})
    assert response.status_code == 302 and response["Location"] == target
    morsel = response.cookies["django_language"]
    assert morsel.value == cookie and morsel["httponly"] and morsel["samesite"] == "Lax"


def test_after_choosing_chinese_an_english_browser_stays_in_chinese(client, person):
    english_browser = {"HTTP_ACCEPT_LANGUAGE": "en-US,en;q=0.9"}
    assert client.get("/experts/", **english_browser).status_code == 302
    client.get("/language/zh-hans/", {"next": "/en/experts/"}, **english_browser)
    page = client.get("/experts/", **english_browser)
    assert page.status_code == 200 and '<html lang="zh-Hans">' in page.content.decode()


def test_the_switch_link_and_alternates_are_plain_links(client, person):
    page = client.get("/experts/lu-chuanying/").content.decode()
    assert 'href="/language/en/?next=%2Fexperts%2Flu-chuanying%2F"' in page
    assert '<link rel="alternate" hreflang="en" href="/en/experts/lu-chuanying/">' in page
    assert '<link rel="alternate" hreflang="zh-Hans" href="/experts/lu-chuanying/">' in page
