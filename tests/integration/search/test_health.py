"""``/healthz`` checks the search index: present, readable, from this database, following."""

import datetime as dt

from django.utils import timezone

from tests.conftest import make_work
from zhiku.search.indexer import apply_pending
from zhiku.search.models import Change


def search_check(client):
    response = client.get("/healthz")
    return response.status_code, response.json()["checks"]["search"]


def test_a_following_index_is_healthy_and_says_how_big_it_is(live_search, client):
    make_work(title="全球治理的中国方案")
    make_work(title="数字经济与全球治理")
    status, check = search_check(client)
    assert status == 200 and check["ok"] is True
    assert check["detail"].startswith("works indexed: 2; 0.0 s behind")


def test_a_web_worker_without_an_index_is_not_ready(live_search, client, settings):
    settings.ZHIKU_SEARCH_READ_ONLY = True  # as in `zhiku serve`: only the indexer builds
    settings.ZHIKU_SEARCH_APPLY_ON_COMMIT = False
    make_work(title="全球治理的中国方案")
    status, check = search_check(client)
    assert status == 503 and check["ok"] is False
    assert "no search index" in check["detail"]


def test_a_stuck_indexer_fails_the_check_after_the_stated_delay(live_search, client, settings):
    make_work(title="全球治理的中国方案")
    assert search_check(client)[0] == 200
    settings.ZHIKU_SEARCH_READ_ONLY = True  # nobody applies the log any more
    settings.ZHIKU_SEARCH_APPLY_ON_COMMIT = False
    work = make_work(title="数字经济与全球治理")
    status, check = search_check(client)
    assert status == 200 and "behind" in check["detail"]  # a fresh change is normal

    Change.objects.filter(work_id=work.pk).update(
        created=timezone.now() - dt.timedelta(seconds=settings.ZHIKU_SEARCH_MAX_LAG_SECONDS + 5)
    )
    status, check = search_check(client)
    assert status == 503
    assert check["detail"].startswith("IndexBehind: changes wait 6")
    assert "indexer" in check["detail"]


def test_an_index_from_another_database_fails_until_the_writer_rebuilds_it(
    live_search, client, settings
):
    from zhiku.search.backends.base import State
    from zhiku.search.backends.tantivy.files import current_path

    make_work(title="全球治理的中国方案")
    search_check(client)
    path = current_path(settings.DATA_DIR)
    state = State.read(path)
    state.database = "another-database"
    state.write(path)
    status, check = search_check(client)
    assert status == 503 and "another database" in check["detail"]  # a check only reads
    apply_pending()  # the writer rebuilds it
    status, check = search_check(client)
    assert status == 200, check
    assert check["detail"].startswith("works indexed: 1;")


def test_an_expected_indexer_without_a_fresh_heartbeat_fails_the_check(
    live_search, client, settings
):
    """Issue 14, case 18: where `zhiku serve` runs an indexer, /healthz fails as soon as it is
    dead (no heartbeat: the supervisor removes it) or silent past the bound."""
    import json
    import time

    from zhiku.search import heartbeat

    make_work(title="全球治理的中国方案")
    settings.ZHIKU_SEARCH_EXPECT_INDEXER = True
    settings.ZHIKU_SEARCH_HEARTBEAT_SECONDS = 10
    status, check = search_check(client)
    assert status == 503 and check["detail"] == (
        "IndexerDown: the search indexer is not running (no heartbeat)"
    )
    heartbeat.beat(settings.DATA_DIR)
    assert search_check(client)[0] == 200
    heartbeat.path(settings.DATA_DIR).write_text(json.dumps({"pid": 1, "time": time.time() - 30}))
    status, check = search_check(client)
    assert status == 503
    assert (
        check["detail"] == "IndexerDown: the search indexer has not signalled for 30 s (limit 10 s)"
    )
    heartbeat.clear(settings.DATA_DIR)
    settings.ZHIKU_SEARCH_EXPECT_INDEXER = False  # no indexer expected (tests, `runserver`)
    assert search_check(client)[0] == 200
