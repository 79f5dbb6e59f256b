"""Public pages are served from the page cache until the catalog changes."""

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.conftest import make_person, make_unit, make_work

pytestmark = pytest.mark.django_db(transaction=True)  # invalidation happens on commit


@pytest.fixture(autouse=True)
def empty_cache(settings):
    settings.ZHIKU_PAGE_CACHE = True  # conftest turns it off for every other test
    caches["pages"].clear()
    yield
    caches["pages"].clear()


@pytest.fixture
def catalog():
    unit = make_unit(name="美洲研究中心")
    person = make_person(units=[unit])
    work = make_work(authors=[person], title="中美在网络问题上取得进展")
    return unit, person, work


def get(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    return response, len(ctx.captured_queries)


def test_a_second_visit_is_served_from_the_cache(client, catalog):
    _, person, work = catalog
    for url in ("/", person.get_absolute_url(), work.get_absolute_url(), "/en/experts/"):
        first, _ = get(client, url)
        second, queries = get(client, url)
        assert first.headers["X-Page-Cache"] == "miss"
        assert second.headers["X-Page-Cache"] == "hit"
        assert second.content == first.content
        assert queries == 1  # the generation counter, nothing else


def test_a_committed_edit_shows_at_once(client, catalog):
    unit, person, work = catalog
    get(client, work.get_absolute_url())
    get(client, person.get_absolute_url())
    work.title = "中美网络对话的新进展"
    work.save()
    response, _ = get(client, work.get_absolute_url())
    assert "中美网络对话的新进展" in response.content.decode()
    unit.name = "美洲研究中心（新）"
    unit.save()
    response, _ = get(client, person.get_absolute_url())
    assert "美洲研究中心（新）" in response.content.decode()


def test_withdrawal_replaces_the_cached_page_with_the_tombstone(client, catalog):
    _, _, work = catalog
    assert get(client, work.get_absolute_url())[0].status_code == 200
    work.status = work.Status.WITHDRAWN
    work.withdrawn_reason = "作者要求撤回"
    work.save()
    response, _ = get(client, work.get_absolute_url())
    assert response.status_code == 410 and "作者要求撤回" in response.content.decode()


def test_signed_in_users_and_queries_bypass_the_cache(client, catalog, django_user_model):
    _, person, _ = catalog
    url = person.get_absolute_url()
    get(client, url)
    assert "X-Page-Cache" not in get(client, f"{url}?utm_source=x")[0].headers
    user = django_user_model.objects.create_user("reader", password="a-long-password-1")
    client.force_login(user)
    assert "X-Page-Cache" not in get(client, url)[0].headers


def test_a_rolled_back_write_leaves_the_generation(client, catalog):
    from django.db import transaction

    from zhiku.catalog.pagecache import current_generation

    _, _, work = catalog
    before = current_generation()
    with pytest.raises(RuntimeError), transaction.atomic():
        work.title = "不会保存的标题"
        work.save()
        raise RuntimeError
    assert current_generation() == before
    work.save()
    assert current_generation() == before + 1  # one bump per committed transaction
