"""Suggestions, name queries and the results page's paging, limits and notices, on the judged
works loaded by `zhiku ingest`."""

from urllib.parse import parse_qs, urlencode, urlparse

import pytest
from django.core.management import call_command

from tests.integration.search import test_pages
from zhiku.catalog.models import Person
from zhiku.search.service import search
from zhiku.search.suggest import suggestion_path

pytestmark = pytest.mark.django_db
# The judged works, loaded once for this module too (the fixtures of test_pages.py).
golden_site = test_pages.golden_site
corpus = test_pages.corpus
page = test_pages.page


def suggestions(client, q, **params):
    response = client.get("/api/v1/suggest", {"q": q, **params})
    assert response.status_code == 200
    return response.json()["suggestions"]


def test_ingest_writes_the_suggestion_file_next_to_the_index(corpus, golden_site):
    assert suggestion_path(golden_site).is_file()


@pytest.mark.parametrize("typed", ["lxc", "林晓", "Lin Xiao", "xiaochuan"])
def test_people_are_suggested_by_name_pinyin_and_initials(corpus, client, typed):
    found = suggestions(client, typed)
    assert found[0]["kind"] == "person"
    assert found[0]["label"] == "林晓川"
    assert found[0]["url"] == Person.objects.get(name="林晓川").get_absolute_url()


def test_titles_and_terms_are_suggested(corpus, client):
    found = suggestions(client, "中美关系")
    assert any(s["kind"] == "work" and s["label"].startswith("中美关系") for s in found)
    assert all(s["url"].startswith("/") for s in found)
    assert any(s["kind"] == "term" for s in suggestions(client, "一带"))


def test_suggest_limits_and_nonsense(corpus, client):
    assert suggestions(client, "") == []
    assert suggestions(client, "((((") == []
    assert len(suggestions(client, "中", limit=3)) <= 3
    assert client.get("/api/v1/suggest", {"q": "x" * 5000}).status_code == 414


def test_a_query_over_the_limit_gets_a_readable_page_and_json(corpus, client):
    response = client.get("/search/", {"q": "网络" * 2500})
    assert response.status_code == 414
    html = response.content.decode()
    assert "notice-query_too_long" in html
    assert "5000" in html
    api = client.get("/api/v1/search", {"q": "a" * 5000})
    assert api.status_code == 414
    assert "2000" in api.json()["detail"]


def test_a_query_without_terms_gets_a_notice_not_everything(corpus, client):
    html = page(client, "/search/?q=((((")
    assert "notice-nothing_searchable" in html
    assert 'class="result"' not in html
    assert "result-count" not in html


def test_pages_have_next_and_previous_and_a_page_size(corpus, client):
    first = page(client, "/search/?q=中国")
    assert 'rel="next"' in first and 'rel="prev"' not in first
    second = page(client, "/search/?q=中国&page=2")
    assert 'rel="prev"' in second
    assert second.count('class="result"') == 10
    wide = page(client, "/search/?q=中国&per_page=20")
    assert wide.count('class="result"') == 20
    assert 'name="per_page" value="20"' in wide  # the box keeps the chosen size
    odd = page(client, "/search/?q=中国&per_page=7")
    assert odd.count('class="result"') == 10


def test_the_advanced_form_writes_the_query_syntax(corpus, client):
    response = client.get(
        "/search/",
        {
            "adv_all": "网络 安全",
            "adv_phrase": "危机 管控",
            "adv_none": "贸易",
            "adv_author": "林晓川",
            "adv_type": "commentary",
            "adv_from": "2013",
            "adv_to": "2023",
            "adv_unit": "",
        },
    )
    assert response.status_code == 302
    q = parse_qs(urlparse(response["Location"]).query)["q"][0]
    assert q == '网络 安全 "危机 管控" -贸易 author:林晓川 type:commentary year:2013..2023'
    assert "notice-" not in page(client, response["Location"])  # every field understood


@pytest.mark.parametrize("q", ["林晓川", "Lin Xiaochuan", "xiaochuan lin", "author:林晓川"])
def test_a_name_query_shows_the_persons_card(corpus, client, q):
    html = page(client, "/search/?" + urlencode({"q": q}))
    person = Person.objects.get(name="林晓川")
    assert 'class="person-card"' in html
    assert person.get_absolute_url() in html.split('class="person-card"')[1].split("</section>")[0]


def test_other_queries_show_no_card(corpus, client):
    assert 'class="person-card"' not in page(client, "/search/?q=中美关系")


def test_experts_count_only_works_matching_the_whole_query(corpus):
    broad = search("林晓川 量子纠缠蝴蝶")
    assert broad.relaxed and broad.total >= 1
    assert broad.experts == []  # no work matches both words: nobody is an expert on that
    strict = search("林晓川", per_page=100)
    assert not strict.relaxed and strict.total <= 100
    expert = next(e for e in strict.experts if e.person.name == "林晓川")
    theirs = [h for h in strict.hits if any(a["name"] == "林晓川" for a in h.authors[:3])]
    assert expert.count == len(theirs) >= 1


def test_the_experts_panel_shows_the_count(corpus, client):
    assert "expert-count" in page(client, "/search/?q=林晓川")


def test_reindex_rebuilds_the_suggestions(corpus, golden_site, settings):
    path = suggestion_path(golden_site)
    before = path.stat().st_mtime_ns
    settings.ZHIKU_SEARCH_READ_ONLY = False
    call_command("reindex", verbosity=0)
    assert path.stat().st_mtime_ns > before
