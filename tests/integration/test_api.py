"""The JSON API as a client sees it: filters, pages, errors, caching headers, CORS, privacy."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.conftest import make_person, make_unit, make_work
from zhiku.catalog.models import Work

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalog():
    institute = make_unit(name="全球治理研究所", slug="global", kind="institute")
    centre = make_unit(name="美洲研究中心", slug="americas", parent=institute)
    lu = make_person(units=[centre], email="lu@example.org", email_public=True)
    ye = make_person(name="叶江", name_en="Ye Jiang", slug="ye-jiang", email="ye@example.org")
    works = [
        make_work([lu], title=f"网络治理 {year}", date=dt.date(year, 1, 1))
        for year in (2015, 2016, 2017, 2018, 2019)
    ]
    works.append(make_work([ye], title="Europe", language="en", type="report"))
    works.append(
        make_work([lu], title="撤回", status=Work.Status.WITHDRAWN, withdrawn_reason="重复")
    )
    works.append(make_work([lu], title="草稿", status=Work.Status.DRAFT))
    return {"lu": lu, "ye": ye, "works": works}


ARTICLES = [f"网络治理 {year}" for year in (2019, 2018, 2017, 2016, 2015)]


def titles(response):
    return [w["title"] for w in response.json()["results"]]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", [*ARTICLES, "Europe"]),  # newest first (Europe is dated 2013)
        ("?type=report", ["Europe"]),
        ("?language=en", ["Europe"]),
        ("?year_from=2016&year_to=2017", ["网络治理 2017", "网络治理 2016"]),
        ("?year_from=2018&year_to=2016", []),  # an empty range is empty, not an error
        ("?unit=global", ARTICLES),  # includes the sub-unit's people
        ("?author=ye-jiang", ["Europe"]),
    ],
)  # fmt: skip
def test_work_filters(client, catalog, query, expected):
    response = client.get(f"/api/v1/works{query}")
    assert response.status_code == 200
    assert titles(response) == expected


def test_pages_are_stable_and_linked(client, catalog):
    seen, url = [], "/api/v1/works?page_size=2&type=article"
    while url:
        body = client.get(url).json()
        assert body["count"] == 5
        seen += [w["id"] for w in body["results"]]
        url = body["next"]
        if url:
            assert url.startswith("http://testserver/api/v1/works?")
            assert "type=article" in url  # filters travel with the link
    assert len(seen) == len(set(seen)) == 5
    last = client.get("/api/v1/works?page_size=2&page=3").json()
    assert last["previous"].endswith("page=2") and last["next"] is None


@pytest.mark.parametrize(
    ("url", "status", "parameter"),
    [
        ("/api/v1/works?page=0", 400, "page"),
        ("/api/v1/works?page_size=1000", 400, "page_size"),
        ("/api/v1/works?type=poem", 400, "type"),
        ("/api/v1/works?year_from=abc", 400, "year_from"),
        ("/api/v1/works?language=%3Cb%3E", 400, "language"),
        ("/api/v1/works/abc", 400, "work_id"),
        ("/api/v1/works?unit=nowhere", 404, "unit"),
        ("/api/v1/people?unit=nowhere", 404, "unit"),
        ("/api/v1/works?page=1&page=2", 400, "page"),  # one value, given twice
        ("/api/v1/works?page=2.0", 400, "page"),  # a whole number is written as one
        ("/api/v1/works?year_from=2013.0", 400, "year_from"),
        ("/api/v1/search?per_page=0.0", 400, "per_page"),
        ("/api/v1/search?q=a&per_page=5&per_page=", 400, "per_page"),
    ],
)
def test_bad_parameters_are_named(client, catalog, url, status, parameter):
    response = client.get(url)
    assert response.status_code == status
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert [e["parameter"] for e in body["errors"]] == [parameter]
    assert parameter in body["detail"]


@pytest.mark.parametrize(
    "url", ["/api/v1/works/999999", "/api/v1/people/nobody", "/api/v1/units/nowhere"]
)
def test_unknown_ids_are_404(client, url):
    response = client.get(url)
    assert response.status_code == 404
    assert response.json()["detail"]


def test_work_detail_and_its_visibility(client, catalog):
    published, withdrawn, draft = catalog["works"][0], catalog["works"][6], catalog["works"][7]
    body = client.get(f"/api/v1/works/{published.pk}").json()
    assert body["body"] == ["第一段。", "第二段。"]
    assert body["authors"] == [
        {
            "name": "鲁传颖",
            "role": "author",
            "person": "lu-chuanying",
            "api_url": "http://testserver/api/v1/people/lu-chuanying",
        }
    ]
    assert body["citations"]["bibtex"].endswith(f"/cite/works/{published.pk}/bibtex/")
    gone = client.get(f"/api/v1/works/{withdrawn.pk}")
    assert gone.status_code == 410 and gone.json()["withdrawn_reason"] == "重复"
    assert client.get(f"/api/v1/works/{draft.pk}").status_code == 404


def test_etag_and_last_modified(client, catalog):
    url = f"/api/v1/works/{catalog['works'][0].pk}"
    first = client.get(url)
    etag, modified = first["ETag"], first["Last-Modified"]
    assert etag.startswith('"') and modified.endswith("GMT")
    assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304
    assert client.get(url, HTTP_IF_MODIFIED_SINCE=modified).status_code == 304
    work = catalog["works"][0]
    work.title = "改过的标题"
    work.save()
    changed = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200 and changed["ETag"] != etag
    person = client.get("/api/v1/people/lu-chuanying")
    assert (
        client.get("/api/v1/people/lu-chuanying", HTTP_IF_NONE_MATCH=person["ETag"]).status_code
        == 304
    )


def test_person_detail_has_positions_and_works_but_never_email(client, catalog):
    body = client.get("/api/v1/people/lu-chuanying").json()
    assert body["positions"][0]["unit"]["slug"] == "americas"
    assert [w["title"] for w in body["works"]][:2] == ["网络治理 2019", "网络治理 2018"]
    assert body["work_count"] == 5  # not the withdrawn one, not the draft
    assert body["feeds"]["atom"].endswith("/feeds/experts/lu-chuanying.atom")
    for url in ("/api/v1/people/lu-chuanying", "/api/v1/people", "/api/v1/units/global"):
        text = client.get(url).content.decode()
        assert "@example.org" not in text and "email" not in text


def test_units_tree(client, catalog):
    tree = client.get("/api/v1/units").json()
    assert [(u["slug"], [c["slug"] for c in u["children"]]) for u in tree] == [
        ("global", ["americas"])
    ]
    unit = client.get("/api/v1/units/global").json()
    assert [p["slug"] for p in unit["people"]] == ["lu-chuanying"]  # from the sub-unit


def test_json_is_utf8(client, catalog):
    response = client.get("/api/v1/works?type=article&page_size=1")
    assert "网络治理".encode() in response.content


def test_cors_allows_reading_only(client, catalog):
    simple = client.get("/api/v1/works", HTTP_ORIGIN="https://elsewhere.example")
    assert simple["Access-Control-Allow-Origin"] == "*"
    preflight = client.options(
        "/api/v1/works",
        HTTP_ORIGIN="https://elsewhere.example",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
    )
    allowed = preflight["Access-Control-Allow-Methods"]
    assert "GET" in allowed and "POST" not in allowed and "DELETE" not in allowed
    assert "Access-Control-Allow-Credentials" not in preflight
    page = client.get("/experts/lu-chuanying/", HTTP_ORIGIN="https://elsewhere.example")
    assert "Access-Control-Allow-Origin" not in page  # pages are not shared cross-origin


@pytest.mark.parametrize("debug", [False, True])
@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/works",
        "/api/v1/works/1",
        "/api/v1/people",
        "/api/v1/people/x",
        "/api/v1/units",
        "/api/v1/units/x",
    ],
)  # fmt: skip (search is left out: it answers 200 with a "try later" notice, by design)
def test_an_unusable_database_is_a_json_503(client, settings, url, debug):
    """Issue 14 #19: with a read-only database the API answered 500 (a traceback with DEBUG on,
    the pages' HTML 503 with it off); it answers 503 with a JSON body and Retry-After."""
    from django.db import OperationalError, connection

    settings.DEBUG = debug

    def read_only(execute, sql, params, many, context):
        raise OperationalError("attempt to write a readonly database")

    with connection.execute_wrapper(read_only):
        response = client.get(url)
        page = client.get("/")
    assert response.status_code == 503, response.content[:300]
    assert response["Content-Type"].startswith("application/json")
    assert response["Retry-After"] == "60"
    assert response.json() == {
        "detail": "The database is unavailable at the moment; try again in a minute.",
        "errors": [],
    }
    assert page.status_code == 503 and page["Content-Type"].startswith("text/html")
