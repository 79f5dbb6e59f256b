"""Facet counts over the whole result set (counted by the search backend), with labels for
people and units. The unit facet counts a work under its first linked author's unit and the
unit above it; the author facet counts its first two linked authors."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, NamedTuple

from django.utils.translation import gettext_lazy as _

from zhiku.catalog.genres import GENRES
from zhiku.catalog.models import Person, Unit


class FacetSpec(NamedTuple):
    """How many values a facet shows, and the URL parameter its links filter by."""

    size: int
    param: str


#: The facets of a results page (see ``backends.base.FACET_NAMES`` for what each counts).
FACETS = {
    "type": FacetSpec(20, "type"),
    "year": FacetSpec(300, "year"),
    "language": FacetSpec(20, "lang"),
    "unit": FacetSpec(12, "unit"),
    "author": FacetSpec(12, "person"),
}
LANGUAGE_NAMES = {
    "zh": _("Chinese"),
    "en": _("English"),
    "ja": _("Japanese"),
    "ko": _("Korean"),
    "ru": _("Russian"),
    "fr": _("French"),
    "de": _("German"),
}


@dataclass
class Facet:
    """One facet value: what a link filters by (``value``), its label and its count."""

    value: str
    label: str
    count: int


Facets = dict[str, list[Facet]]


def facet_sizes() -> dict[str, int]:
    """What the backend is asked to count: facet → most values shown."""
    return {name: spec.size for name, spec in FACETS.items()}


def read_facets(counts: dict[str, dict[Any, int]]) -> Facets:
    """Facet values with labels from the backend's counts (years newest first)."""
    facets: Facets = {
        "type": [Facet(k, str(GENRES.label(k)), n) for k, n in counts.get("type", {}).items()],
        "year": sorted(
            (Facet(str(int(k)), str(int(k)), n) for k, n in counts.get("year", {}).items()),
            key=lambda f: -int(f.value),
        ),
        "language": [
            Facet(k, str(LANGUAGE_NAMES.get(k, k)), n)
            for k, n in counts.get("language", {}).items()
        ],
    }
    unit_counts = {int(k): n for k, n in counts.get("unit", {}).items()}
    units = Unit.objects.in_bulk(list(unit_counts))
    facets["unit"] = [
        Facet(units[pk].slug, _unit_label(units[pk]), count)
        for pk, count in unit_counts.items()
        if pk in units
    ]
    person_counts = {int(k): n for k, n in counts.get("author", {}).items()}
    people = Person.objects.in_bulk(list(person_counts))
    facets["author"] = [
        Facet(str(pk), _person_label(people[pk]), count)
        for pk, count in person_counts.items()
        if pk in people
    ]
    return facets


def _unit_label(unit: Unit) -> str:
    from zhiku.catalog.templatetags.zhiku import unit_name

    return unit_name(unit)


def _person_label(person: Person) -> str:
    from zhiku.catalog.templatetags.zhiku import display_name

    return display_name(person)
