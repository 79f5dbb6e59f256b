"""Export: published works in the JSON Lines import format (DESIGN §2), one work per line.

The output is what ``readers/jsonl.py`` reads, so exporting, importing into an empty catalog
and exporting again gives the same bytes. Every line has the format's keys (``id``, ``title``,
``title_en``, ``authors``, ``date``, ``type``, ``language``, ``abstract``, ``body``,
``source``, ``keywords``, ``units``), null or empty when unknown; venue keys (journal, volume,
issue, pages, publisher, place, isbn, issn, doi, url, abstract_en) only when they have a value.

- ``authors``: the names as written; an object ``{"name", "name_en"}`` when the person has an
  English name that was given (not generated) and differs from the written one, with
  ``units`` when a co-author belongs to other units than the first author (``[]``: none).
- ``units``: the first author's units, each most specific unit followed by its parents
  (美洲研究中心, 全球治理研究所), the order the importer places in a hierarchy.

E-mails and other personal data are never written.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import IO, Any

from django.db.models import Prefetch

from zhiku.catalog.models import Authorship, Position, Work

#: Venue keys written only when they have a value.
OPTIONAL_KEYS = ("abstract_en", "journal", "volume", "issue", "pages", "publisher", "place",
                 "isbn", "issn", "doi", "url")  # fmt: skip
#: Works read from the database per query.
CHUNK = 500


def export_jsonl(out: IO[str]) -> int:
    """Write every published work to ``out`` as JSON Lines; return how many were written."""
    count = 0
    for record in iter_records():
        out.write(json.dumps(record, ensure_ascii=False) + "\n")
        count += 1
    return count


def iter_records() -> Iterator[dict[str, Any]]:
    """The import-format record of each published work, in catalog order (by id)."""
    authorships = Authorship.objects.select_related("person").order_by("order", "pk")
    last = 0
    chains: dict[int, list[str]] = {}
    while True:
        works = list(
            Work.objects.published()
            .filter(pk__gt=last)
            .order_by("pk")
            .prefetch_related(Prefetch("authorships", queryset=authorships))[:CHUNK]
        )
        if not works:
            return
        for work in works:
            yield work_record(work, chains)
        last = works[-1].pk


def work_record(work: Work, chains: dict[int, list[str]]) -> dict[str, Any]:
    """One work in the import format; ``chains`` caches each person's unit names."""
    authorships = list(work.authorships.all())
    first_units = _units_of(authorships[0], chains) if authorships else []
    record: dict[str, Any] = {
        "id": work.external_id or None,
        "title": work.title,
        "title_en": work.title_en or None,
        "authors": [_author(a, first_units, chains) for a in authorships],
        "date": work.date_display or None,
        "type": work.type,
        "language": work.language,
        "abstract": work.abstract or None,
        "body": work.paragraphs,
        "source": work.source,
        "keywords": list(work.keywords or []),
        "units": first_units,
    }
    for key in OPTIONAL_KEYS:
        value = getattr(work, key)
        if value:
            record[key] = value
    return record


def _author(authorship: Authorship, first_units: list[str], chains: dict[int, list[str]]) -> Any:
    person = authorship.person
    entry: dict[str, Any] = {"name": authorship.name_as_written}
    given = person is not None and person.name_en and not person.name_en_generated
    if given and person.name_en != authorship.name_as_written:  # type: ignore[union-attr]
        entry["name_en"] = person.name_en  # type: ignore[union-attr]
    units = _units_of(authorship, chains)
    if units != first_units:  # [] too: "no units", not the first author's
        entry["units"] = units
    return entry if len(entry) > 1 else authorship.name_as_written


def _units_of(authorship: Authorship, chains: dict[int, list[str]]) -> list[str]:
    """The person's units, each followed by its parents, in position order."""
    person = authorship.person
    if person is None:
        return []
    if person.pk not in chains:
        names: list[str] = []
        positions = Position.objects.filter(person=person).select_related("unit__parent")
        for position in positions.order_by("order", "pk"):
            for unit in [position.unit, *position.unit.ancestors()]:
                if unit.name not in names:
                    names.append(unit.name)
        chains[person.pk] = names
    return chains[person.pk]
