"""/api/v1/people: the experts, with their positions and published works. No e-mail, ever."""

from __future__ import annotations

from django.db.models import Max, Prefetch
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from ninja import Path, Query, Router
from ninja.errors import HttpError

from zhiku.catalog.models import Person, Position, Unit, Work
from zhiku.interop.api.schemas import PersonDetail, PersonPage
from zhiku.interop.api.support import (
    DEFAULT_PAGE_SIZE,
    MAX_PAGE_SIZE,
    Error,
    WholeNumber,
    conditional,
    error,
    page_of,
)
from zhiku.interop.api.works import SLUG, api_url, work_summary

router = Router(tags=["people"])


def unit_ref(request: HttpRequest, unit: Unit) -> dict:
    return {
        "slug": unit.slug,
        "name": unit.name,
        "name_en": unit.name_en,
        "url": request.build_absolute_uri(unit.get_absolute_url()),
        "api_url": api_url(request, "unit-detail", slug=unit.slug),
    }


def person_summary(request: HttpRequest, person: Person) -> dict:
    """An expert as listed: names, title, units — never the e-mail address."""
    return {
        "slug": person.slug,
        "name": person.name,
        "name_en": person.name_en,
        "title": person.title,
        "title_en": person.title_en,
        "units": [unit_ref(request, p.unit) for p in person.positions.all()],
        "url": request.build_absolute_uri(person.get_absolute_url()),
        "api_url": api_url(request, "person-detail", slug=person.slug),
    }


def with_positions(people):
    return people.prefetch_related(
        Prefetch("positions", queryset=Position.objects.select_related("unit"))
    )


@router.get(
    "",
    response={200: PersonPage, 400: Error, 404: Error},
    url_name="person-list",
    summary="List experts",
)
def list_people(
    request: HttpRequest,
    unit: str | None = Query(None, pattern=SLUG, max_length=200),
    page: WholeNumber = Query(1, ge=1, le=1_000_000),
    page_size: WholeNumber = Query(DEFAULT_PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE),
):
    """Alphabetical by romanised name (then id, so pages are stable); ``unit`` includes
    sub-units."""
    people = with_positions(Person.objects.all()).order_by("name_en", "name", "pk")
    if unit:
        found = Unit.objects.filter(slug=unit).first()
        if found is None:
            return error(404, f"unit: no unit {unit!r}", parameter="unit")
        people = people.in_unit(found).order_by("name_en", "name", "pk")
    return page_of(request, people, page, page_size, lambda p: person_summary(request, p))


@router.get(
    "/{slug}",
    response={200: PersonDetail, 304: None, 400: Error, 404: Error},
    url_name="person-detail",
    summary="One expert with positions and works",
)
def get_person(
    request: HttpRequest,
    response: HttpResponse,
    slug: str = Path(..., pattern=SLUG, max_length=200),
):
    """The expert's profile, positions in source order, and published works newest first."""
    person = with_positions(Person.objects.all()).filter(slug=slug).first()
    if person is None:
        raise HttpError(404, f"slug: no expert {slug!r}")
    works = (
        Work.objects.published()
        .filter(authorships__person=person)
        .distinct()
        .with_authors()
        .newest_first()
    )
    work_list = [work_summary(request, w) for w in works]
    feeds = {
        kind: request.build_absolute_uri(
            reverse(f"interop:person-feed-{kind}", kwargs={"slug": person.slug})
        )
        for kind in ("rss", "atom")
    }
    data = person_summary(request, person) | {
        "bio": person.bio,
        "bio_en": person.bio_en,
        "positions": [
            {
                "unit": unit_ref(request, p.unit),
                "role": p.role,
                "start_date": p.start_date,
                "end_date": p.end_date,
            }
            for p in person.positions.all()
        ],
        "work_count": len(work_list),
        "works": work_list,
        "feeds": feeds,
        "updated": person.updated,
    }
    newest_work = works.aggregate(newest=Max("updated"))["newest"]
    stamps = [person.updated.timestamp()] + ([newest_work.timestamp()] if newest_work else [])
    not_modified = conditional(request, response, data, max(stamps))
    return not_modified or data
