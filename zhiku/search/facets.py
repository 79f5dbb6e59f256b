"""Facet counts over the whole result set (tantivy aggregations), with labels for people."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _

from zhiku.catalog.models import Person, Unit, Work

#: Facet → (fast field, most values shown, URL parameter of its links).
FACETS = {
    "type": ("type", 20, "type"),
    "year": ("year", 300, "year"),
    "language": ("language", 20, "lang"),
    "unit": ("units", 12, "unit"),
    "author": ("persons", 12, "person"),
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


def facet_aggregations() -> dict[str, Any]:
    """The aggregation request: one terms aggregation per facet."""
    return {
        name: {"terms": {"field": column, "size": size}}
        for name, (column, size, _) in FACETS.items()
    }


def read_facets(result: dict[str, Any]) -> Facets:
    """Facet values with labels from an aggregation result (years newest first)."""
    buckets = {name: result.get(name, {}).get("buckets", []) for name in FACETS}
    types = dict(Work.Type.choices)
    facets: Facets = {
        "type": [
            Facet(b["key"], str(types.get(b["key"], b["key"])), b["doc_count"])
            for b in buckets["type"]
        ],
        "year": sorted(
            (
                Facet(str(int(b["key"])), str(int(b["key"])), b["doc_count"])
                for b in buckets["year"]
            ),
            key=lambda f: -int(f.value),
        ),
        "language": [
            Facet(b["key"], str(LANGUAGE_NAMES.get(b["key"], b["key"])), b["doc_count"])
            for b in buckets["language"]
        ],
    }
    unit_counts = {int(b["key"]): b["doc_count"] for b in buckets["unit"]}
    units = Unit.objects.in_bulk(list(unit_counts))
    facets["unit"] = [
        Facet(units[pk].slug, _unit_label(units[pk]), count)
        for pk, count in unit_counts.items()
        if pk in units
    ]
    person_counts = {int(b["key"]): b["doc_count"] for b in buckets["author"]}
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
