"""The work filters shared by the JSON API, the list exports and the feeds.

One function so that ``/api/v1/works?unit=x`` and ``/cite/works/bibtex/?unit=x`` can never
disagree about which works a filter selects.
"""

from __future__ import annotations

from dataclasses import dataclass

from zhiku.catalog.models import Person, Unit, Work, WorkQuerySet


class FilterError(ValueError):
    """A filter value that names nothing; ``parameter`` says which one."""

    def __init__(self, parameter: str, message: str) -> None:
        super().__init__(f"{parameter}: {message}")
        self.parameter = parameter
        self.message = message


@dataclass(frozen=True)
class WorkFilters:
    """Filters over published works; None means "any"."""

    type: str | None = None
    language: str | None = None
    year_from: int | None = None
    year_to: int | None = None
    unit: str | None = None  # unit slug; includes the units below it
    author: str | None = None  # person slug

    def apply(self, works: WorkQuerySet) -> WorkQuerySet:
        """The works that pass every filter (FilterError for an unknown type, unit or author).

        A year range whose start is after its end is empty, not an error.
        """
        if self.type:
            if self.type not in Work.Type.values:
                raise FilterError("type", f"unknown type {self.type!r}")
            works = works.filter(type=self.type)
        if self.language:
            works = works.filter(language__iexact=self.language)
        if self.year_from is not None:
            works = works.filter(date__year__gte=self.year_from)
        if self.year_to is not None:
            works = works.filter(date__year__lte=self.year_to)
        if self.unit:
            unit = Unit.objects.filter(slug=self.unit).first()
            if unit is None:
                raise FilterError("unit", f"no unit {self.unit!r}")
            ids = unit.descendant_ids()
            works = works.filter(authorships__person__positions__unit_id__in=ids)
        if self.author:
            person = Person.objects.filter(slug=self.author).first()
            if person is None:
                raise FilterError("author", f"no expert {self.author!r}")
            works = works.filter(authorships__person=person)
        if self.unit or self.author:
            # joins through authorships repeat a work once per matching author
            works = works.distinct()
        return works
