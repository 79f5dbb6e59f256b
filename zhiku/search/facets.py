"""Facet counts over the whole result set (tantivy aggregations), with labels for people and
units. The unit facet counts a work under its first linked author's unit and the unit above
it; the author facet counts its first two linked authors."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _

from zhiku.catalog.genres import GENRES
from zhiku.catalog.models import Person, Unit
from zhiku.search.index import EXPERT_FIELDS, UNIT_FIELDS

#: Facet → (fast fields, most values shown, URL parameter of its links). A facet over several
#: single-valued fields (the first two authors; the first author's unit and the unit above it)
#: sums them: a value occurs at most once per work, and single-valued fields aggregate about
#: ten times faster than the multi-valued ones used for filtering. Each field is a pass over
#: the matches (~5 ms per million), so the rarely filled third author and third unit level
#: are left out.
FACETS = {
    "type": (("type",), 20, "type"),
    "year": (("year",), 300, "year"),
    "language": (("language",), 20, "lang"),
    "unit": (UNIT_FIELDS[:2], 12, "unit"),
    "author": (EXPERT_FIELDS[:2], 12, "person"),
}
#: Values fetched per field of a summed facet, so that the merged top values are right.
MERGE_DEPTH = 50
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
    """The aggregation request: one terms aggregation per facet field."""
    request = {}
    for name, (columns, size, _param) in FACETS.items():
        for column in columns:
            depth = size if len(columns) == 1 else MERGE_DEPTH
            request[f"{name}.{column}"] = {"terms": {"field": column, "size": depth}}
    return request


def _counts(result: dict[str, Any], name: str) -> dict[Any, int]:
    """A facet's counts by value, summed over its fields, most frequent first."""
    counts: dict[Any, int] = defaultdict(int)
    for column in FACETS[name][0]:
        for bucket in result.get(f"{name}.{column}", {}).get("buckets", []):
            counts[bucket["key"]] += bucket["doc_count"]
    ranked = sorted(counts.items(), key=lambda item: -item[1])[: FACETS[name][1]]
    return dict(ranked)


def read_facets(result: dict[str, Any]) -> Facets:
    """Facet values with labels from an aggregation result (years newest first)."""
    facets: Facets = {
        "type": [Facet(k, str(GENRES.label(k)), n) for k, n in _counts(result, "type").items()],
        "year": sorted(
            (Facet(str(int(k)), str(int(k)), n) for k, n in _counts(result, "year").items()),
            key=lambda f: -int(f.value),
        ),
        "language": [
            Facet(k, str(LANGUAGE_NAMES.get(k, k)), n)
            for k, n in _counts(result, "language").items()
        ],
    }
    unit_counts = {int(k): n for k, n in _counts(result, "unit").items()}
    units = Unit.objects.in_bulk(list(unit_counts))
    facets["unit"] = [
        Facet(units[pk].slug, _unit_label(units[pk]), count)
        for pk, count in unit_counts.items()
        if pk in units
    ]
    person_counts = {int(k): n for k, n in _counts(result, "author").items()}
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
