"""The index follows the database: every write is logged in its transaction and applied."""

import datetime as dt
import threading

import pytest
from django.db import connection, transaction

from tests.conftest import database_vendor, make_person, make_unit, make_work
from tests.integration.search.conftest import titles
from zhiku.catalog.models import Authorship
from zhiku.search import log
from zhiku.search.backends.base import State
from zhiku.search.backends.tantivy.files import current_path
from zhiku.search.indexer import Indexer, apply_pending
from zhiku.search.models import Change
from zhiku.search.service import search


@pytest.mark.django_db
def test_writes_are_logged_in_their_own_transaction():
    work = make_work()
    assert set(Change.objects.values_list("work_id", flat=True)) == {work.pk}
    with pytest.raises(RuntimeError), transaction.atomic():
        make_work(title="回滚的成果")
        raise RuntimeError
    assert set(Change.objects.values_list("work_id", flat=True)) == {work.pk}


@pytest.mark.django_db
def test_renaming_a_person_logs_their_works():
    person = make_person()
    first, second = make_work(authors=[person]), make_work(authors=[person], title="另一篇")
    Change.objects.all().delete()
    person.name_en = "Lu C."
    person.save()
    assert set(Change.objects.values_list("work_id", flat=True)) == {first.pk, second.pk}


def test_edits_reach_the_index(live_search):
    unit = make_unit(name="网络空间国际治理研究中心", slug="cyber")
    person = make_person(units=[unit])
    work = make_work(authors=[person], title="网络空间的大国博弈")
    assert titles(search("网络空间")) == ["网络空间的大国博弈"]
    assert titles(search("lu chuanying")) == ["网络空间的大国博弈"]
    assert titles(search("网络空间", params={"unit": ["cyber"]})) == ["网络空间的大国博弈"]

    work.title = "数字经济的大国博弈"
    work.save()
    assert titles(search("网络空间")) == []
    assert titles(search("数字经济")) == ["数字经济的大国博弈"]

    Authorship.objects.create(work=work, name_as_written="欧阳振宇", order=1)
    assert titles(search("ouyang zhenyu")) == ["数字经济的大国博弈"]

    person.name_en = "Chuanying Lu"
    person.save()
    assert titles(search("Chuanying")) == ["数字经济的大国博弈"]

    work.status = "withdrawn"
    work.save()
    assert search("数字经济").total == 0
    work.status = "published"
    work.save()
    assert search("数字经济").total == 1
    work.delete()
    assert search("数字经济").total == 0


def test_applying_twice_is_harmless(live_search, settings):
    for n in range(3):
        make_work(title=f"全球治理第{n}篇", date=dt.date(2020, 1, n + 1))
    path = current_path(settings.DATA_DIR)
    state = State.read(path)
    assert state.documents == 3
    state.watermark = {"id": 0} if not log.postgres() else {"txid": 0, "id": 0}
    state.write(path)
    assert apply_pending() == 3  # everything again
    assert search("全球治理").total == 3
    assert State.read(path).documents == 3


def test_pruning_keeps_recent_rows(live_search):
    make_work()
    Change.objects.update(created=dt.datetime(2000, 1, 1, tzinfo=dt.UTC))
    make_work(title="新的一篇")
    assert log.prune(days=30) == 1
    assert Change.objects.count() == 1


@pytest.mark.skipif(database_vendor() != "postgresql", reason="SQLite runs one writer at a time")
def test_a_late_commit_is_not_stepped_over(live_search, settings):
    """Transaction A logs first but commits last: its row has the smaller id. A follower that
    remembered "last id applied" would skip it; ours waits for A, then applies both."""
    settings.ZHIKU_SEARCH_APPLY_ON_COMMIT = False
    make_work(title="起点")
    apply_pending()
    logged, release = threading.Event(), threading.Event()

    def slow_writer():
        try:
            with transaction.atomic():
                make_work(title="长事务中的成果")
                logged.set()
                release.wait(30)
        finally:
            connection.close()

    thread = threading.Thread(target=slow_writer)
    thread.start()
    assert logged.wait(30)
    make_work(title="后来居上的成果")  # committed while A is still open
    apply_pending()
    assert search("后来居上").total == 0  # held back behind A, not lost
    release.set()
    thread.join(30)
    apply_pending()
    assert search("长事务中").total == 1
    assert search("后来居上").total == 1


def test_one_writer_at_a_time(live_search):
    make_work()
    with Indexer() as holder:
        assert holder.writer is not None
        assert apply_pending() is None  # another process (here: object) holds the writer
        make_work(title="等待中的成果")  # the commit hook leaves it to the holder
        assert holder.apply() == 1
    assert search("等待中").total == 1


def test_positions_and_unit_moves_reach_the_unit_filter(live_search):
    from zhiku.catalog.models import Position

    institute = make_unit(name="全球治理研究所", slug="global", kind="institute")
    other = make_unit(name="国际战略研究所", slug="strategy", kind="institute")
    centre = make_unit(name="美洲研究中心", slug="americas", parent=institute)
    person = make_person()
    make_work(authors=[person], title="美洲地区秩序")
    assert search("美洲", params={"unit": ["americas"]}).total == 0
    Position.objects.create(person=person, unit=centre)
    assert search("美洲", params={"unit": ["americas"]}).total == 1
    assert search("美洲", params={"unit": ["global"]}).total == 1  # the institute above
    assert {f.value for f in search("美洲").facets["unit"]} == {"americas", "global"}
    centre.parent = other
    centre.save()
    assert search("美洲", params={"unit": ["global"]}).total == 0
    assert search("美洲", params={"unit": ["strategy"]}).total == 1
    centre.name = "美洲研究中心（更名）"
    changes = Change.objects.count()
    centre.save()  # a rename changes nothing search indexes
    assert Change.objects.count() == changes
