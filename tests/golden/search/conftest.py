"""The judged collection indexed by the default backend (tantivy), built without a database
(golden tests are DB-free): works.jsonl is read like `zhiku ingest` reads it and analysed by
the indexer's code."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent


def golden_records() -> list[dict]:
    return [json.loads(line) for line in (HERE / "works.jsonl").read_text().splitlines() if line]


def golden_queries() -> list[dict]:
    return json.loads((HERE / "queries.json").read_text())["queries"]


def snapshot(number: int, record: dict, person_ids: dict[str, int]) -> dict:
    """What documents.snapshots would read for this record after ingest."""
    from zhiku.search.documents import UNDATED, author_names

    date = dt.date.fromisoformat(record["date"]) if record.get("date") else None
    authors = [[name, person_ids[name], f"p{person_ids[name]}"] for name in record["authors"]]
    return {
        "id": number,
        "external_id": record["id"],
        "title": record["title"],
        "title_en": "",
        "authors": authors,
        "author_names": " / ".join(author_names(name) for name in record["authors"]),
        "date": record.get("date") or "",
        "day": (date - dt.date(1970, 1, 1)).days if date else UNDATED,
        "year": date.year if date else None,
        "type": record.get("type", "article"),
        "language": record.get("language", "zh"),
        "abstract": record.get("abstract", ""),
        "body": "\n\n".join(record.get("body", [])),
        "source": record.get("source") or "",
        "keywords": record.get("keywords", []),
        "persons": [person_ids[name] for name in record["authors"]],
        "units": [],
        "unit_chain": [],
    }


@pytest.fixture(scope="session")
def golden_searcher(tmp_path_factory):
    """(backend searcher, {document id: external id}) over the judged works."""
    return build_searcher(tmp_path_factory.mktemp("golden-index"))


def build_searcher(directory) -> tuple:
    """(backend searcher, {document id: external id}) over the judged works in ``directory``."""
    from zhiku.search.analysis import add_words, has_han
    from zhiku.search.backends.base import State
    from zhiku.search.backends.tantivy import TantivyBackend
    from zhiku.search.documents import prepare

    records = golden_records()
    names = sorted({n for r in records for n in r["authors"]})
    han = [n for n in names if has_han(n)]
    add_words(han)
    person_ids = {name: number for number, name in enumerate(names, 1)}
    documents, ids = [], {}
    for number, record in enumerate(records, 1):
        documents.append(prepare(snapshot(number, record, person_ids)))
        ids[number] = record["id"].removeprefix("gold-")
    backend = TantivyBackend(Path(directory))
    backend.rebuild([documents], state=State(database="golden"), names=han)
    return backend.searcher(), ids
