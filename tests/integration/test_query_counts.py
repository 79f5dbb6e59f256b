"""Pages cost a fixed number of queries, whatever the number of works (no N+1)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.conftest import make_person, make_unit, make_work

pytestmark = pytest.mark.django_db

#: The most queries any public page may take (session-less GET, no user).
PAGE_BUDGET = 12


def queries(client, url: str) -> int:
    client.get(url)  # the first request may build this test's search index (related works)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


def build(works: int):
    centre = make_unit(name="美洲研究中心", parent=make_unit(name="全球治理研究所"))
    person = make_person(units=[centre])
    coauthor = make_person(units=[centre], name="张三", name_en="Zhang San")
    made = [
        make_work(
            authors=[person, coauthor, "王五"],
            title=f"成果{i}",
            type=("article", "book", "report")[i % 3],
        )
        for i in range(works)
    ]
    return person, centre, made


@pytest.mark.parametrize("page", ["expert", "work", "home", "unit", "experts", "units"])
def test_query_count_does_not_grow_with_works(client, page):
    counts = []
    for size in (3, 30):
        from zhiku.catalog.models import Person, Unit, Work

        Work.objects.all().delete()
        Person.objects.all().delete()
        Unit.objects.all().update(parent=None)
        Unit.objects.all().delete()
        person, centre, works = build(size)
        url = {
            "expert": person.get_absolute_url(),
            "work": works[-1].get_absolute_url(),
            "home": "/",
            "unit": centre.parent.get_absolute_url(),
            "experts": "/experts/",
            "units": "/units/",
        }[page]
        counts.append(queries(client, url))
    assert counts[0] == counts[1], f"{page}: {counts[0]} queries for 3 works, {counts[1]} for 30"
    assert counts[1] <= PAGE_BUDGET
