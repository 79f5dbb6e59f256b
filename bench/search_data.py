"""Data for the search benchmark: a catalog database of ``bench/corpus.py`` works, cached
under ``var/bench/search-<N>/``, and the SQLite FTS5 baseline over the same tokens.

Works are written with ``bulk_create`` straight from ``corpus.generate`` (the benchmark
measures search, not ingest; ingest has its own). Runs inside a process whose Django settings
already point at the cached database (see ``bench_search.child``).
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
import sqlite3
from pathlib import Path

from bench.corpus import generate

#: Works per bulk insert.
INSERT_BATCH = 2000


def load_catalog(works: int, stamp: Path) -> None:
    """Fill the (migrated, empty) database with ``works`` corpus works, once."""
    if stamp.exists() and stamp.read_text() == str(works):
        return
    from django.db import transaction

    from zhiku.catalog.models import Authorship, Person, Position, Unit, Work, title_key
    from zhiku.catalog.slugs import unique_slug
    from zhiku.text.names import romanize_name

    units: dict[tuple[str, ...], Unit] = {}
    people: dict[str, Person] = {}
    placed: set[int] = set()

    def unit_for(names: list[str]) -> Unit:
        key = tuple(names)
        if key not in units:
            parent = unit_for(names[1:]) if len(names) > 1 else None
            units[key] = Unit.objects.create(
                name=names[0], parent=parent, slug=f"unit-{len(units) + 1}"
            )
        return units[key]

    pending_works: list[Work] = []
    pending_bylines: list[list[str]] = []

    def flush() -> None:
        with transaction.atomic():
            created = Work.objects.bulk_create(pending_works)
            Authorship.objects.bulk_create(
                Authorship(work=work, person=people[name], name_as_written=name, order=order)
                for work, byline in zip(created, pending_bylines, strict=True)
                for order, name in enumerate(byline)
            )
        pending_works.clear()
        pending_bylines.clear()

    for record in generate(works):
        for order, name in enumerate(record["authors"]):
            if name not in people:
                people[name] = Person.objects.create(
                    name=name,
                    name_en=romanize_name(name),
                    name_en_generated=True,
                    slug=unique_slug(Person, name),
                )
            person = people[name]
            if order == 0 and person.pk not in placed:
                Position.objects.create(person=person, unit=unit_for(record["units"]))
                placed.add(person.pk)
        pending_works.append(
            Work(
                title=record["title"],
                type=record["type"],
                language=record["language"],
                date=dt.date.fromisoformat(record["date"]),
                abstract=record["abstract"],
                body="\n\n".join(record["body"]),
                source=record["source"],
                keywords=record["keywords"],
                external_id=record["id"],
                title_key=title_key(record["title"]),
                status=Work.Status.PUBLISHED,  # as ingest creates them (the default is draft)
            )
        )
        pending_bylines.append(record["authors"])
        if len(pending_works) >= INSERT_BATCH:
            flush()
    if pending_works:
        flush()
    stamp.write_text(str(works))


FTS_COLUMNS = ("title", "authors", "keywords", "abstract", "body")


def build_fts(path: Path, stamp: Path, processes: int) -> None:
    """The FTS5 baseline: the same analysed tokens, space-joined, in an FTS5 table with a
    metadata table for filters and facets. Built once."""
    if stamp.exists() and path.exists():
        return
    from django.db import connections

    from zhiku.search.analysis import add_words
    from zhiku.search.documents import catalog_names, prepare_ids, published_ids

    add_words(catalog_names())
    path.unlink(missing_ok=True)
    db = sqlite3.connect(path)
    db.execute("PRAGMA journal_mode=OFF")
    db.execute("PRAGMA synchronous=OFF")
    columns = ", ".join(FTS_COLUMNS)
    db.execute(f"CREATE VIRTUAL TABLE fts USING fts5({columns}, tokenize='unicode61')")
    db.execute("CREATE TABLE meta (id INTEGER PRIMARY KEY, type TEXT, year INTEGER, day INTEGER)")
    chunks = list(published_ids(500))
    connections.close_all()
    with multiprocessing.get_context("fork").Pool(processes) as pool:
        for prepared in pool.imap(prepare_ids, chunks):
            rows, meta = [], []
            for item in prepared:
                fields = item["fields"]
                rows.append((item["id"], *(fields.get(c, "") for c in FTS_COLUMNS)))
                meta.append((item["id"], item["type"], item["year"], item["day"]))
            insert = f"INSERT INTO fts(rowid, {columns}) VALUES (?, ?, ?, ?, ?, ?)"  # noqa: S608
            db.executemany(insert, rows)
            db.executemany("INSERT INTO meta VALUES (?, ?, ?, ?)", meta)
            db.commit()
    db.execute("CREATE INDEX meta_year ON meta(year)")
    db.commit()
    db.close()
    stamp.write_text("done")
