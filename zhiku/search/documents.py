"""From catalog works to index documents, in three steps that can run in different processes.

1. ``snapshots``: published works read from the database as plain dicts, with their
   authors, the authors' units (and the units above them) and pinyin forms of names;
2. ``prepare``: a snapshot analysed into terms and positions per field, plus facet values
   and the stored payload (plain data: a pool of processes does this during a rebuild);
3. the search backend stores prepared documents (``zhiku.search.backends.base`` describes
   them; tantivy's conversion is ``backends/tantivy/schema.py``), in the process holding the
   writer.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import Any

from django.db.models import F

from zhiku.catalog.models import Authorship, Person, Position, Unit, Work
from zhiku.search.analysis import has_han, index_terms
from zhiku.text.names import romanize_name

#: Works read from the database per query when the whole catalog is indexed.
READ_BATCH = 500
#: At most this much more score for the newest works than for the oldest (a tie-break).
RECENCY_WEIGHT = 0.05
RECENCY_YEARS = (1980, 2040)
#: Sort key of works without a date: after every dated work.
UNDATED = -1_000_000

Snapshot = dict[str, Any]
Prepared = dict[str, Any]


def snapshots(work_ids: Iterable[int]) -> dict[int, Snapshot]:
    """Snapshots of the published works among ``work_ids`` (others are absent: delete them)."""
    ids = sorted(set(work_ids))
    found: dict[int, Snapshot] = {}
    parents = dict(Unit.objects.values_list("pk", "parent_id"))
    for start in range(0, len(ids), READ_BATCH):
        found.update(_read(ids[start : start + READ_BATCH], parents))
    return found


def published_ids(chunk: int = READ_BATCH) -> Iterator[list[int]]:
    """The ids of every published work, ``chunk`` at a time, in order."""
    batch: list[int] = []
    ids = Work.objects.published().order_by("pk").values_list("pk", flat=True)
    for pk in ids.iterator(chunk_size=10_000):
        batch.append(pk)
        if len(batch) >= chunk:
            yield batch
            batch = []
    if batch:
        yield batch


_WORK_COLUMNS = (
    "id",
    "external_id",
    "title",
    "title_en",
    "date",
    "date_precision",
    "type",
    "language",
    "abstract",
    "abstract_en",
    "body",
    "source",
    "keywords",
)


def _read(ids: list[int], parents: dict[int, int | None]) -> dict[int, Snapshot]:
    # Plain values, not model instances: reading is a third of indexing time otherwise.
    works = Work.objects.published().filter(pk__in=ids).values(*_WORK_COLUMNS)
    bylines: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for row in (
        Authorship.objects.filter(work_id__in=ids)
        .order_by("work_id", "order", "pk")
        .values("work_id", "name_as_written", "person_id", "person__name", "person__name_en")
        .annotate(slug=F("person__slug"))
    ):
        bylines[row["work_id"]].append(row)
    person_ids = {row["person_id"] for rows in bylines.values() for row in rows if row["person_id"]}
    units: dict[int, set[int]] = defaultdict(set)
    chains: dict[int, list[int]] = {}
    positions = Position.objects.filter(person_id__in=person_ids).order_by("order", "pk")
    for person_id, unit_id in positions.values_list("person_id", "unit_id"):
        units[person_id] |= _with_ancestors(unit_id, parents)
        chains.setdefault(person_id, _chain(unit_id, parents))
    return {row["id"]: _snapshot(row, bylines[row["id"]], units, chains) for row in works}


def _chain(unit_id: int, parents: dict[int, int | None]) -> list[int]:
    """The unit and the units above it, nearest first."""
    chain: list[int] = []
    node: int | None = unit_id
    while node is not None and node not in chain:
        chain.append(node)
        node = parents.get(node)
    return chain


def _with_ancestors(unit_id: int, parents: dict[int, int | None]) -> set[int]:
    return set(_chain(unit_id, parents))


def date_display(date: dt.date | None, precision: str) -> str:
    """The date at its precision (as ``Work.date_display``)."""
    if not date:
        return ""
    iso = date.isoformat()
    return {"year": iso[:4], "month": iso[:7]}.get(precision, iso)


def _snapshot(row: dict[str, Any], byline: list[dict[str, Any]], units, chains) -> Snapshot:
    authors, names, person_ids, unit_ids = [], [], [], set()
    for author in byline:
        person_id = author["person_id"]
        written = author["name_as_written"]
        authors.append([written, person_id or 0, author["slug"] or ""])
        names.append(author_names(written, author["person__name"], author["person__name_en"]))
        if person_id and person_id not in person_ids:
            person_ids.append(person_id)
            unit_ids |= units.get(person_id, set())
    date = row["date"]
    return {
        "id": row["id"],
        "external_id": row["external_id"],
        "title": row["title"],
        "title_en": row["title_en"],
        "authors": authors,
        "author_names": " / ".join(names),
        "date": date_display(date, row["date_precision"]),
        "day": (date - dt.date(1970, 1, 1)).days if date else UNDATED,
        "year": date.year if date else None,
        "type": row["type"],
        "language": row["language"],
        "abstract": "\n".join(x for x in (row["abstract"], row["abstract_en"]) if x),
        "body": row["body"],
        "source": row["source"] or "",
        "keywords": [str(k) for k in row["keywords"] or [] if k],
        "persons": person_ids,
        "units": sorted(unit_ids),
        "unit_chain": chains.get(person_ids[0], []) if person_ids else [],
    }


def author_names(written: str, name: str | None = None, name_en: str | None = None) -> str:
    """Every form a reader may search an author by: 鲁传颖 Lu Chuanying LuChuanying."""
    forms = [written, name or "", name_en or ""]
    for form in list(forms):
        if form and has_han(form):
            forms.append(_pinyin(form))
    latin = [f for f in forms if f and not has_han(f)]
    forms += [f.replace(" ", "").replace("-", "") for f in latin if " " in f or "-" in f]
    return " ".join(dict.fromkeys(f for f in forms if f))


@lru_cache(maxsize=50_000)
def _pinyin(name: str) -> str:
    return romanize_name(name)


def texts(snapshot: Snapshot) -> dict[str, str]:
    """The text of each indexed field of a snapshot."""
    return {
        "title": "\n".join(x for x in (snapshot["title"], snapshot["title_en"]) if x),
        "authors": snapshot["author_names"],
        "keywords": " ; ".join(snapshot["keywords"]),
        "abstract": snapshot["abstract"],
        "body": snapshot["body"],
        "source": snapshot["source"],
    }


def prepare(snapshot: Snapshot) -> Prepared:
    """The backend's document of a snapshot, analysed (plain data: it crosses processes)."""
    fields = {}
    for name, text in texts(snapshot).items():
        terms = index_terms(text) if text else []
        if terms:
            fields[name] = " ".join(terms)
    return {
        "id": snapshot["id"],
        "fields": fields,
        "type": snapshot["type"],
        "language": snapshot["language"],
        "year": snapshot["year"],
        "day": snapshot["day"],
        "units": snapshot["units"],
        "persons": snapshot["persons"],
        "unit_chain": snapshot["unit_chain"],
        "recency": recency(snapshot),
        "payload": payload(snapshot),
    }


def prepare_ids(ids: list[int]) -> list[Prepared]:
    """``prepare`` for the published works among ``ids``, read here (a pool worker's job)."""
    return [prepare(s) for s in snapshots(ids).values()]


def recency(snapshot: Snapshot) -> float:
    """The recency field: a score is multiplied by log2(2 + value), 1 to 1 + RECENCY_WEIGHT
    (the form of tantivy's weight_by_field, which the engine now applies itself)."""
    if snapshot["day"] == UNDATED:
        return 0.0
    first, last = RECENCY_YEARS
    years = snapshot["day"] / 365.25 + 1970
    share = min(max((years - first) / (last - first), 0.0), 1.0)
    return float(2 ** (1 + RECENCY_WEIGHT * share) - 2)


def payload(snapshot: Snapshot) -> bytes:
    """What a result shows, stored with the document (JSON)."""
    keep = ("id", "external_id", "title", "title_en", "authors", "date", "year", "type")
    data = {key: snapshot[key] for key in keep}
    data.update(
        language=snapshot["language"],
        abstract=snapshot["abstract"],
        body=snapshot["body"],
        source=snapshot["source"],
        keywords=snapshot["keywords"],
    )
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()


def catalog_names() -> list[str]:
    """Every Chinese person name in the catalog, for the segmenter's dictionary."""
    names = set(Person.objects.values_list("name", flat=True))
    names |= set(Authorship.objects.values_list("name_as_written", flat=True).distinct())
    return sorted(n for n in names if n and has_han(n) and 2 <= len(n) <= 6 and " " not in n)
