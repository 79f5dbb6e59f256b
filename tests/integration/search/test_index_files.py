"""A missing, corrupt, foreign or outdated index is rebuilt by the writer, never a crash, and
never by a search (a search only reads); ``zhiku reindex`` builds a new generation and
switches to it atomically."""

import pytest
from django.core.management import call_command

from tests.conftest import make_work
from tests.integration.search.conftest import titles
from zhiku.search.backends import get_backend
from zhiku.search.backends.base import State
from zhiku.search.backends.tantivy.files import current_path, search_root
from zhiku.search.indexer import apply_pending
from zhiku.search.service import search


@pytest.fixture
def indexed(live_search, settings):
    make_work(title="全球治理的中国方案")
    make_work(title="数字经济与全球治理")
    return current_path(settings.DATA_DIR)


def files(data_dir) -> dict:
    """Every file under the search folder with its identity (inode, size, modification)."""
    found = {}
    for path in sorted(search_root(data_dir).rglob("*")):
        if path.is_file():
            info = path.stat()
            found[str(path)] = (info.st_ino, info.st_size, info.st_mtime_ns)
    return found


def test_a_missing_index_is_reported_by_a_search_and_built_by_the_writer(live_search, settings):
    settings.ZHIKU_SEARCH_APPLY_ON_COMMIT = False
    make_work(title="全球治理的中国方案")
    assert current_path(settings.DATA_DIR) is None
    results = search("全球治理")
    assert results.unavailable and [code for code, _ in results.notices] == ["index_unavailable"]
    assert current_path(settings.DATA_DIR) is None  # a search never builds
    apply_pending()
    assert titles(search("全球治理")) == ["全球治理的中国方案"]


def test_a_search_never_writes_to_the_index(live_search, settings, client):
    from io import StringIO

    make_work(title="全球治理的中国方案")
    settings.ZHIKU_SEARCH_APPLY_ON_COMMIT = False
    later = make_work(title="数字经济与全球治理")  # logged, not applied
    before = files(settings.DATA_DIR)
    assert search("全球治理").total == 1  # the index is behind: it is read as it is
    assert client.get("/search/?q=全球治理").status_code == 200
    assert client.get("/api/v1/search?q=全球治理").json()["total"] == 1
    call_command("search", "全球治理", stdout=StringIO())
    assert client.get(later.get_absolute_url()).status_code == 200  # related works read it
    assert client.get("/healthz").status_code == 200
    assert files(settings.DATA_DIR) == before
    assert apply_pending() == 1  # writing belongs to the indexer
    assert search("全球治理").total == 2


@pytest.mark.parametrize(
    "damage",
    [
        lambda path: (path / "meta.json").write_text("{ not json"),
        lambda path: (path / "meta.json").unlink(),
        lambda path: (path / "zhiku.json").write_text("garbage"),
        lambda path: [p.write_bytes(b"\0" * 64) for p in path.glob("*.store")],
        lambda path: [p.unlink() for p in path.glob("*.idx")],
    ],
    ids=["meta-garbage", "meta-missing", "state-garbage", "store-zeroed", "postings-missing"],
)
def test_a_corrupt_index_is_rebuilt(indexed, damage):
    damage(indexed)
    first = search("全球治理")  # may say "being prepared", never raises
    assert first.total == 2 or first.unavailable
    assert current_path(indexed.parent.parent) == indexed  # the search rebuilt nothing
    apply_pending()  # the writer (indexer, ingest, a commit) rebuilds it
    assert search("全球治理").total == 2
    assert current_path(indexed.parent.parent) != indexed


def test_an_index_of_another_database_is_rebuilt(indexed):
    state = State.read(indexed)
    state.database = "sqlite:::/elsewhere.sqlite3"
    state.write(indexed)
    assert search("全球治理").total == 2  # read as it is
    assert current_path(indexed.parent.parent) == indexed
    apply_pending()
    assert search("全球治理").total == 2
    assert current_path(indexed.parent.parent) != indexed


def test_reindex_switches_atomically(indexed, settings):
    old = get_backend().searcher()
    call_command("reindex", processes=1, verbosity=0)
    new_path = current_path(settings.DATA_DIR)
    assert new_path != indexed and not indexed.exists()
    assert old.documents == 2  # a searcher opened before the switch keeps answering
    assert search("全球治理").total == 2
    assert get_backend().reader.path == new_path
    assert [p.name for p in search_root(settings.DATA_DIR).glob("gen-*")] == [new_path.name]


def test_read_only_processes_never_build(live_search, settings):
    settings.ZHIKU_SEARCH_APPLY_ON_COMMIT = False
    make_work(title="全球治理的中国方案")
    settings.ZHIKU_SEARCH_READ_ONLY = True
    results = search("全球治理")
    assert results.unavailable and results.total == 0
    assert [code for code, _ in results.notices] == ["index_unavailable"]
    assert current_path(settings.DATA_DIR) is None


def test_indexer_command_applies_the_log(live_search, settings):
    from io import StringIO

    settings.ZHIKU_SEARCH_APPLY_ON_COMMIT = False
    make_work(title="全球治理的中国方案")
    out = StringIO()
    call_command("indexer", once=True, stdout=out)
    assert out.getvalue() == "applied 0 change(s)\n"  # a new index is built from the database
    make_work(title="数字经济与全球治理")
    call_command("indexer", once=True, stdout=out)
    assert out.getvalue().endswith("applied 1 change(s)\n")
    settings.ZHIKU_SEARCH_READ_ONLY = True  # nothing left for the reader to catch up
    assert search("全球治理").total == 2


def test_ingest_leaves_the_log_to_a_running_indexer(live_search, settings, tmp_path):
    from io import StringIO

    from zhiku.search.indexer import Indexer

    settings.ZHIKU_SEARCH_APPLY_ON_COMMIT = False
    make_work(title="起点")
    path = tmp_path / "one.jsonl"
    path.write_text('{"id": "x1", "title": "北极治理与中国的参与", "authors": ["陶静雯"]}\n')
    with Indexer() as running:
        call_command("ingest", str(path), stdout=StringIO())  # the hook finds the writer busy
        assert running.apply() >= 1
    assert titles(search("北极治理")) == ["北极治理与中国的参与"]
