"""A small index built from records by the default backend (tantivy), without a database."""

import pytest

from tests.golden.search.conftest import snapshot


@pytest.fixture
def build_index(tmp_path):
    """build_index(records) → a backend searcher; records are works.jsonl-style dicts
    (id = number)."""
    from zhiku.search.analysis import add_words, has_han
    from zhiku.search.backends.base import State
    from zhiku.search.backends.tantivy import TantivyBackend
    from zhiku.search.documents import prepare

    def build(records):
        names = sorted({n for r in records for n in r.get("authors", [])})
        han = [n for n in names if has_han(n)]
        add_words(han)
        person_ids = {name: number for number, name in enumerate(names, 1)}
        documents = [
            prepare(
                snapshot(number, {"id": f"r{number}", "authors": [], "body": [], **r}, person_ids)
            )
            for number, r in enumerate(records, 1)
        ]
        backend = TantivyBackend(tmp_path)
        backend.rebuild([documents], state=State(database="test"), names=han)
        return backend.searcher()

    return build
