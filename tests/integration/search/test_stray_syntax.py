"""A query of stray syntax and no words (``((((``) matches nothing and says why (issue 14, 21).

It used to match every work: the parser kept ``((((`` as text, the analyser found no word in
it, and the search dropped it, leaving an empty query that lists the whole catalog. The page,
the API and ``zhiku search`` all go through ``zhiku.search.service.search``.
"""

import json
from io import StringIO
from urllib.parse import quote

import pytest
from django.core.management import call_command

from tests.conftest import make_work
from zhiku.search.service import search

STRAY = ["((((", "))))", "((( )))", "*?~^", "[]{}", "OR", "AND OR NOT", '""', "「」", "+ && ||"]


@pytest.fixture
def works(live_search):
    make_work(title="全球治理的中国方案")
    make_work(title="数字经济与全球治理")


@pytest.mark.parametrize("query", STRAY)
def test_stray_syntax_matches_nothing_with_a_notice(works, query):
    results = search(query)
    assert results.total == 0 and results.hits == []
    assert [code for code, _message in results.notices] == ["nothing_searchable"]


def test_words_empty_queries_and_filters_still_work(works):
    assert search("全球治理").total == 2
    assert search("((全球治理))").total == 2  # syntax around a word is read as text
    assert search("").total == 2  # an empty query lists the works
    assert search("year:..2999").total == 2  # filters alone too
    assert search("-数字经济").total == 1


def test_the_page_shows_no_results_and_the_notice(works, client):
    response = client.get("/search/?q=" + quote("(((("))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="result"' not in html
    assert "查询中没有可检索的内容" in html or "nothing to search for" in html


def test_the_api_answers_no_results_and_the_notice(works, client):
    response = client.get("/api/v1/search?q=" + quote("(((("))
    assert response.status_code == 200
    data = response.json()
    assert data["total"] == 0 and data["results"] == []
    assert [n["code"] for n in data["notices"]] == ["nothing_searchable"]


def test_the_command_line_prints_no_results_and_the_notice(works):
    out, err = StringIO(), StringIO()
    call_command("search", "((((", stdout=out, stderr=err)
    assert out.getvalue().strip() == "0 result(s)"
    assert "nothing_searchable" in err.getvalue()
    out = StringIO()
    call_command("search", "((((", "--json", stdout=out)
    assert json.loads(out.getvalue()) == {"total": 0, "results": []}
