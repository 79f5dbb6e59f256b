"""/api/v1/units: the organisation as a tree, and one unit with its people."""

from __future__ import annotations

from collections import defaultdict

from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from ninja import Path, Router
from ninja.errors import HttpError

from zhiku.catalog.models import Person, Position, Unit
from zhiku.interop.api.people import person_summary, unit_ref
from zhiku.interop.api.schemas import UnitDetail, UnitNode
from zhiku.interop.api.support import Error, conditional
from zhiku.interop.api.works import SLUG, api_url

router = Router(tags=["units"])


def unit_tree(request: HttpRequest) -> list[dict]:
    """Every unit as nested nodes, roots first, from one query (cycles are cut)."""
    units = list(Unit.objects.order_by("order", "name", "pk"))
    children: dict[int | None, list[Unit]] = defaultdict(list)
    for unit in units:
        children[unit.parent_id].append(unit)

    def build(parent_id: int | None, seen: frozenset[int]) -> list[dict]:
        return [
            {
                "slug": u.slug,
                "name": u.name,
                "name_en": u.name_en,
                "kind": u.kind,
                "url": request.build_absolute_uri(u.get_absolute_url()),
                "api_url": api_url(request, "unit-detail", slug=u.slug),
                "children": build(u.pk, seen | {u.pk}),
            }
            for u in children.get(parent_id, [])
            if u.pk not in seen
        ]

    return build(None, frozenset())


@router.get(
    "", response={200: list[UnitNode], 304: None}, url_name="unit-tree", summary="Unit tree"
)
def list_units(request: HttpRequest, response: HttpResponse):
    """The think tank's units as a tree: institution → institutes → centres."""
    data = unit_tree(request)
    return conditional(request, response, data, None) or data


@router.get(
    "/{slug}",
    response={200: UnitDetail, 304: None, 400: Error, 404: Error},
    url_name="unit-detail",
    summary="One unit with its people",
)
def get_unit(
    request: HttpRequest,
    response: HttpResponse,
    slug: str = Path(..., pattern=SLUG, max_length=200),
):
    """A unit, its parent and sub-units, and the people in it or below it."""
    unit = Unit.objects.select_related("parent").filter(slug=slug).first()
    if unit is None:
        raise HttpError(404, f"slug: no unit {slug!r}")
    people = (
        Person.objects.in_unit(unit)
        .prefetch_related(Prefetch("positions", queryset=Position.objects.select_related("unit")))
        .order_by("name_en", "name", "pk")
    )
    data = {
        "slug": unit.slug,
        "name": unit.name,
        "name_en": unit.name_en,
        "kind": unit.kind,
        "url": request.build_absolute_uri(unit.get_absolute_url()),
        "api_url": api_url(request, "unit-detail", slug=unit.slug),
        "parent": unit_ref(request, unit.parent) if unit.parent else None,
        "children": [unit_ref(request, c) for c in unit.children.order_by("order", "name")],
        "people": [person_summary(request, p) for p in people],
        "feeds": {
            kind: request.build_absolute_uri(
                reverse(f"interop:unit-feed-{kind}", kwargs={"slug": unit.slug})
            )
            for kind in ("rss", "atom")
        },
    }
    return conditional(request, response, data, None) or data
