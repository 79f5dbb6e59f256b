"""A work record's byline → the people it names: (name as written, person) per author.

An author the input's page introduced (a profile card) is that person; any other is matched or
created by ``PeopleResolver.resolve_author`` among the people of their own units (a co-author
placed elsewhere) or else of the record's units.
"""

from __future__ import annotations

from zhiku.catalog.models import Person, Unit
from zhiku.ingest.load.people import PeopleResolver
from zhiku.ingest.load.units import UnitResolver
from zhiku.ingest.records import WorkRecord


class AuthorResolver:
    """The people of work records' bylines, for one input."""

    def __init__(self, units: UnitResolver, people: PeopleResolver) -> None:
        self.units, self.people = units, people
        self._first_people: dict[tuple[str, tuple[str, ...]], int | None] = {}

    def first_person(self, record: WorkRecord, page_people: dict[str, Person]) -> int | None:
        """The id of the person the record's first author is, if one is known already."""
        if not record.authors:
            return None
        name = record.authors[0]
        if name in page_people:
            return page_people[name].pk
        own = record.author_units[0] if record.author_units else None
        units = tuple(record.units if own is None else own)
        key = (name, units)
        if key not in self._first_people:
            resolved = self.units.resolve(list(units)) if units else []
            person, _ = self.people.match(name, resolved)
            self._first_people[key] = person.pk if person else None
        return self._first_people[key]

    def authors(
        self, record: WorkRecord, page_people: dict[str, Person]
    ) -> list[tuple[str, Person | None]]:
        """(name as written, person) for each author of ``record``."""
        people = self.people
        common: list[Unit] | None = None
        out = []
        names_en = record.authors_en or [""] * len(record.authors)
        own_units = record.author_units or [None for _ in record.authors]
        for name, name_en, units in zip(record.authors, names_en, own_units, strict=False):
            person = page_people.get(name)
            if person is None:
                if units is not None:
                    resolved = self.units.resolve(units) if units else []
                else:
                    if common is None:
                        common = self.units.resolve(record.units) if record.units else []
                    resolved = common
                person = people.resolve_author(name, resolved, name_en)
            out.append((name, person))
        return out
