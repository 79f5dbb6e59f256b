"""Public pages: home, expert directory and page, work page, unit list and page."""

from __future__ import annotations

from collections import defaultdict
from itertools import groupby

from django.db.models import Count, Prefetch, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, render

from zhiku.catalog.access import may_preview
from zhiku.catalog.bilingual import counterpart
from zhiku.catalog.models import FEATURED_LIMIT, Person, Position, Unit, Work
from zhiku.catalog.pagecache import cached_page

#: How many works the home page and a unit page show.
LATEST_WORKS = 12


@cached_page
def home(request):
    works = Work.objects.published().for_lists().with_authors().newest_first()[:LATEST_WORKS]
    return render(
        request,
        "catalog/home.html",
        {
            "works": works,
            "units": _unit_tree(),
            "counts": {
                "works": Work.objects.published().count(),
                "people": Person.objects.count(),
            },
        },
    )


@cached_page
def person_list(request):
    people = (
        Person.objects.prefetch_related(
            Prefetch("positions", queryset=Position.objects.select_related("unit"))
        )
        .annotate(work_count=Count("authorships", filter=Q(authorships__work__status="published")))
        .order_by("name_en", "name")
    )
    groups = [
        (letter, list(members))
        for letter, members in groupby(
            people, key=lambda p: (p.name_en or p.name or "?")[0].upper()
        )
    ]
    return render(request, "catalog/person_list.html", {"groups": groups, "total": len(people)})


@cached_page
def person_detail(request, slug):
    person = get_object_or_404(
        Person.objects.prefetch_related(
            Prefetch("positions", queryset=Position.objects.select_related("unit__parent"))
        ),
        slug=slug,
    )
    works = list(
        Work.objects.published().by_authors(person=person).for_lists().with_authors().newest_first()
    )
    featured = list(
        Work.objects.published()
        .by_authors(person=person, featured=True)
        .for_lists()
        .with_authors()
        .newest_first()[:FEATURED_LIMIT]
    )
    return render(
        request,
        "catalog/person_detail.html",
        {
            "person": person,
            "featured": featured,
            "groups": group_works(works),
            "work_count": len(works),
        },
    )


def group_works(works: list[Work]) -> list[dict]:
    """Works grouped by type (in the type vocabulary's order), then by year, newest first."""
    by_type: dict[str, list[Work]] = defaultdict(list)
    for work in works:
        by_type[work.type].append(work)
    groups = []
    for value, label in Work.Type.choices:
        if value not in by_type:
            continue
        years: dict[int | None, list[Work]] = defaultdict(list)
        for work in by_type[value]:
            years[work.year].append(work)
        ordered = sorted(years.items(), key=lambda item: (item[0] is None, -(item[0] or 0)))
        groups.append(
            {
                "type": value,
                "label": label,
                "count": len(by_type[value]),
                "years": [{"year": y, "works": ws} for y, ws in ordered],
            }
        )
    return groups


@cached_page
def work_detail(request, pk):
    """A public work (410 with a tombstone once withdrawn); staff may preview the others."""
    work = get_object_or_404(Work.objects.with_authors(), pk=pk)
    public = Work.objects.public().filter(pk=work.pk).exists()
    preview = not public and may_preview(request.user, work)
    if not public and not preview:
        raise Http404("no public work with this id")
    withdrawn = work.status == Work.Status.WITHDRAWN
    response = render(
        request,
        "catalog/work_detail.html",
        {"work": work, "preview": preview, "pair": None if withdrawn else counterpart(work)},
        status=410 if withdrawn else 200,
    )
    if preview:
        response.headers["Cache-Control"] = "private, no-store"
        response.headers["X-Robots-Tag"] = "noindex"
    return response


@cached_page
def unit_list(request):
    return render(request, "catalog/unit_list.html", {"units": _unit_tree()})


@cached_page
def unit_detail(request, slug):
    unit = get_object_or_404(Unit.objects.select_related("parent"), slug=slug)
    ids = unit.descendant_ids()
    people = (
        Person.objects.filter(positions__unit_id__in=ids)
        .distinct()
        .prefetch_related(Prefetch("positions", queryset=Position.objects.select_related("unit")))
        .order_by("name_en", "name")
    )
    works = (
        Work.objects.published()
        .by_authors(person__positions__unit_id__in=ids)
        .for_lists()
        .with_authors()
        .newest_first()[:LATEST_WORKS]
    )
    return render(
        request,
        "catalog/unit_detail.html",
        {
            "unit": unit,
            "ancestors": list(reversed(unit.ancestors())),
            "children": unit.children.all(),
            "people": people,
            "works": works,
        },
    )


def _unit_tree() -> list[dict]:
    """Units as nested dicts, roots first, from one query."""
    units = list(Unit.objects.annotate(people_count=Count("positions")).order_by("order", "name"))
    children: dict[int | None, list[Unit]] = defaultdict(list)
    for unit in units:
        children[unit.parent_id].append(unit)

    def build(parent_id: int | None, seen: frozenset[int]) -> list[dict]:
        return [
            {"unit": u, "children": build(u.pk, seen | {u.pk})}
            for u in children.get(parent_id, [])
            if u.pk not in seen
        ]

    return build(None, frozenset())
