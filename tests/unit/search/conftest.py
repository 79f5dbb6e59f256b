"""A small tantivy index built from records, without a database."""

import pytest

from tests.golden.search.conftest import snapshot


@pytest.fixture
def build_index(tmp_path):
    """build_index(records) → a searcher; records are works.jsonl-style dicts (id = number)."""
    from zhiku.search.analysis import add_words, has_han
    from zhiku.search.documents import prepare, to_document
    from zhiku.search.index import create_index, open_writer

    def build(records):
        names = sorted({n for r in records for n in r.get("authors", [])})
        add_words([n for n in names if has_han(n)])
        person_ids = {name: number for number, name in enumerate(names, 1)}
        index = create_index(tmp_path)
        writer = open_writer(index)
        for number, record in enumerate(records, 1):
            record = {"id": f"r{number}", "authors": [], "body": [], **record}
            writer.add_document(to_document(prepare(snapshot(number, record, person_ids))))
        writer.commit()
        writer.wait_merging_threads()
        index.reload()
        return index.searcher()

    return build
