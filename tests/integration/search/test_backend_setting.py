"""``SEARCH_BACKEND`` chooses the engine behind the page, the API, the CLI and the indexer."""

import pytest

from tests.conftest import make_work
from tests.integration.search.conftest import titles
from zhiku.search.backends import DEFAULT_BACKEND, forget, get_backend
from zhiku.search.backends.tantivy import TantivyBackend
from zhiku.search.service import search


class CountingBackend(TantivyBackend):
    """tantivy, counting the views it hands out and the writers it opens."""

    searchers = writers = 0

    def searcher(self):
        type(self).searchers += 1
        return super().searcher()

    def writer(self):
        type(self).writers += 1
        return super().writer()


@pytest.fixture
def counting(settings):
    settings.SEARCH_BACKEND = f"{__name__}.CountingBackend"
    forget()
    yield CountingBackend
    forget()


def test_the_setting_chooses_the_backend(live_search, counting):
    make_work(title="全球治理的中国方案")  # applied on commit, through the chosen backend
    assert isinstance(get_backend(), CountingBackend) and counting.writers >= 1
    before = counting.searchers
    assert titles(search("全球治理")) == ["全球治理的中国方案"]
    assert counting.searchers == before + 1


def test_tantivy_is_the_default(settings):
    del settings.SEARCH_BACKEND
    forget()
    assert DEFAULT_BACKEND == "zhiku.search.backends.tantivy.TantivyBackend"
    assert type(get_backend()) is TantivyBackend
    forget()
