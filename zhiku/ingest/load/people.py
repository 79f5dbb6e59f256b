"""Stage 4, load (people): person records and byline names → Person rows, matched and merged.

A person matches by e-mail; else by name among people in the same units (or above them); else
by name when exactly one person has it (and, for a Latin-script name, by English name). A byline
name that matches nobody becomes a new person with a pinyin ``name_en`` marked as generated; a
name several people share stays an unlinked authorship (``ambiguous_author``). Lookups by name
are cached per input and prefetched per batch, so a batch of 500 works costs a few queries.
"""

from __future__ import annotations

from zhiku.catalog.models import Person, Position, Unit
from zhiku.catalog.slugs import unique_slug
from zhiku.ingest.load.context import InputContext
from zhiku.ingest.records import PersonRecord
from zhiku.text.names import is_chinese_name, romanize_name


class PeopleResolver:
    """Finds, creates and updates people for one input."""

    def __init__(self, context: InputContext) -> None:
        self.context = context
        self._by_name: dict[str, list[Person]] = {}
        self._units_of: dict[int, set[int]] = {}
        self._authors: dict[tuple[str, tuple[int, ...], str], Person | None] = {}

    # --- lookups ----------------------------------------------------------------------------

    def prefetch(self, names: set[str]) -> None:
        """Load every person called one of ``names`` (and their units) in two queries."""
        missing = [n for n in names if n and n not in self._by_name]
        for start in range(0, len(missing), 500):
            chunk = missing[start : start + 500]
            for name in chunk:
                self._by_name[name] = []
            people = list(Person.objects.filter(name__in=chunk))
            for person in people:
                self._by_name[person.name].append(person)
                self._units_of[person.pk] = set()
            rows = Position.objects.filter(person__in=people).values_list("person_id", "unit_id")
            for person_id, unit_id in rows:
                self._units_of[person_id].add(unit_id)

    def named(self, name: str) -> list[Person]:
        """People called ``name`` (cached)."""
        self.prefetch({name})
        return self._by_name[name]

    def match(
        self, name: str, units: list[Unit], email: str | None = None
    ) -> tuple[Person | None, str]:
        """The person ``name`` (with ``units``, ``email``) refers to, and how it was matched."""
        if email:
            by_email = Person.objects.filter(email__iexact=email).first()
            if by_email:
                return by_email, "email"
        same_name = list(self.named(name))
        if not same_name and not is_chinese_name(name):
            same_name = list(Person.objects.filter(name_en__iexact=name))
            for person in same_name:
                self._units_of.setdefault(
                    person.pk, set(person.positions.values_list("unit_id", flat=True))
                )
        if units and same_name:
            wanted: set[int] = set()
            for unit in units:
                wanted |= self.context.units.lineage(unit)
            in_units = [p for p in same_name if self._units_of.get(p.pk, set()) & wanted]
            if len(in_units) == 1:
                return in_units[0], "name_in_unit"
            unplaced = [p for p in same_name if not self._units_of.get(p.pk)]
            if not in_units and len(unplaced) == 1:
                return unplaced[0], "name"
            return None, ""
        return (same_name[0], "name") if len(same_name) == 1 else (None, "")

    # --- writes -----------------------------------------------------------------------------

    def create(self, name: str, units: list[Unit], name_en: str | None = None) -> Person:
        """A new person with positions in ``units`` (pinyin English name when none is given)."""
        generated = not name_en and is_chinese_name(name)
        person = Person.objects.create(
            name=name,
            name_en=name_en or (romanize_name(name) if generated else ""),
            name_en_generated=generated,
            slug=unique_slug(Person, name),
        )
        self._by_name.setdefault(name, []).append(person)
        self._units_of[person.pk] = set()
        self.ensure_positions(person, units)
        return person

    def ensure_positions(self, person: Person, units: list[Unit]) -> bool:
        """Add positions in the ``units`` the person is not yet in; True when any was added."""
        existing = self._units_of.get(person.pk)
        if existing is None:
            existing = set(person.positions.values_list("unit_id", flat=True))
            self._units_of[person.pk] = existing
        new = [u for u in units if u.pk not in existing]
        for offset, unit in enumerate(new):
            Position.objects.create(person=person, unit=unit, order=len(existing) + offset)
            existing.add(unit.pk)
        return bool(new)

    def upsert(self, record: PersonRecord) -> Person:
        """Load one person record: match or create, copy its fields, keep its provenance."""
        context = self.context
        units = context.units.resolve(record.units)
        person, how = self.match(record.name, units, email=record.email)
        rhash = context.hash_of(record)
        if person is None:
            person = self.create(record.name, units, name_en=record.name_en)
            apply_person_fields(person, record)
            context.report.count("people", "created")
        elif context.has_source(rhash, person=person):
            context.report.count("people", "unchanged")
            return person
        else:
            same_input = person.sources.filter(uri=context.uri).exists()
            if not same_input:
                context.report.merge({"person": person.pk, "name": person.name, "matched_by": how})
            changed = apply_person_fields(person, record, overwrite=same_input)
            changed |= self.ensure_positions(person, units)
            context.report.count("people", "updated" if changed else "unchanged")
        context.add_source(rhash, person=person)
        return person

    def resolve_author(self, name: str, units: list[Unit], name_en: str = "") -> Person | None:
        """The person a byline name stands for: matched, created, or None when ambiguous."""
        key = (name, tuple(u.pk for u in units), name_en)
        if key not in self._authors:
            self._authors[key] = self._resolve_author(name, units, name_en)
        return self._authors[key]

    def _resolve_author(self, name: str, units: list[Unit], name_en: str) -> Person | None:
        person, _ = self.match(name, units)
        if person is not None:
            return person
        if len(self.named(name)) > 1:
            self.context.report.warn(
                {"code": "ambiguous_author", "detail": f"{name}: several people have this name"}
            )
            return None
        self.context.report.count("people", "created")
        return self.create(name, units, name_en=name_en or None)


def apply_person_fields(person: Person, record: PersonRecord, *, overwrite: bool = True) -> bool:
    """Copy what the record knows onto ``person``: all of it from the input the person came
    from, only blanks from another input (as for works); an empty value never erases."""
    changed = []
    for attr in ("title", "email", "bio", "bio_en"):
        value = getattr(record, attr)
        current = getattr(person, attr)
        if value and current != value and (overwrite or not current):
            setattr(person, attr, value)
            changed.append(attr)
    generated_or_blank = person.name_en_generated or not person.name_en
    if record.name_en and person.name_en != record.name_en and (overwrite or generated_or_blank):
        person.name_en, person.name_en_generated = record.name_en, False
        changed += ["name_en", "name_en_generated"]
    if changed:
        person.save(update_fields=[*changed, "updated"])
    return bool(changed)
