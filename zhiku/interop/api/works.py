"""/api/v1/works: published works, filtered and paginated; one work with its citations."""

from __future__ import annotations

from enum import Enum

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from ninja import Path, Query, Router, Status
from ninja.errors import HttpError

from zhiku.catalog.models import Work
from zhiku.interop.api.schemas import AuthorRef, WorkDetail, WorkPage
from zhiku.interop.api.support import (
    DEFAULT_PAGE_SIZE,
    MAX_ID,
    MAX_PAGE_SIZE,
    Error,
    Gone,
    OptionalWholeNumber,
    WholeNumber,
    conditional,
    error,
    page_of,
)
from zhiku.interop.filters import FilterError, WorkFilters

router = Router(tags=["works"])

WorkType = Enum("WorkType", {value: value for value in Work.Type.values}, type=str)  # type: ignore[misc]

#: BCP 47 language tags: zh, en, zh-Hans …
LANGUAGE_TAG = r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$"
SLUG = r"^[-a-zA-Z0-9_]+$"


def api_url(request: HttpRequest, name: str, **kwargs) -> str:
    """The absolute URL of an API route (``api:<name>``)."""
    return request.build_absolute_uri(reverse(f"api:{name}", kwargs=kwargs))


def author_refs(request: HttpRequest, work: Work) -> list[dict]:
    return [
        AuthorRef(
            name=a.name_as_written,
            role=a.role,
            person=a.person.slug if a.person else None,
            api_url=api_url(request, "person-detail", slug=a.person.slug) if a.person else None,
        ).dict()
        for a in work.ordered_authorships()
    ]


def work_summary(request: HttpRequest, work: Work) -> dict:
    """A work as it appears in lists (no body)."""
    return {
        "id": work.pk,
        "title": work.title,
        "title_en": work.title_en,
        "type": work.type,
        "language": work.language,
        "date": work.date_display or None,
        "authors": author_refs(request, work),
        "source": work.source,
        "url": request.build_absolute_uri(work.get_absolute_url()),
        "api_url": api_url(request, "work-detail", work_id=work.pk),
    }


def work_detail_data(request: HttpRequest, work: Work) -> dict:
    """Everything public about a work, with links to its citations."""
    cite = {
        key.replace("-", "_"): request.build_absolute_uri(
            reverse("interop:work-citation", kwargs={"pk": work.pk, "key": key})
        )
        for key in ("gbt7714-2015", "apa", "bibtex", "ris", "csl-json")
    }
    return work_summary(request, work) | {
        "status": work.status,
        "abstract": work.abstract,
        "body": work.paragraphs,
        "keywords": [str(k) for k in work.keywords or ()],
        "journal": work.journal,
        "volume": work.volume,
        "issue": work.issue,
        "pages": work.pages,
        "publisher": work.publisher,
        "place": work.place,
        "isbn": work.isbn,
        "issn": work.issn,
        "doi": work.doi,
        "external_url": work.url,
        "translation_of": work.translation_of_id
        if work.translation_of_id
        and Work.objects.published().filter(pk=work.translation_of_id).exists()
        else None,
        "translations": list(work.translations.published().values_list("pk", flat=True)),
        "updated": work.updated,
        "citations": cite,
    }


@router.get(
    "",
    response={200: WorkPage, 400: Error, 404: Error},
    url_name="work-list",
    summary="List published works",
)
def list_works(
    request: HttpRequest,
    type: WorkType | None = Query(None),
    language: str | None = Query(None, pattern=LANGUAGE_TAG, max_length=20),
    year_from: OptionalWholeNumber = Query(None, ge=1, le=9999),
    year_to: OptionalWholeNumber = Query(None, ge=1, le=9999),
    unit: str | None = Query(None, pattern=SLUG, max_length=200),
    author: str | None = Query(None, pattern=SLUG, max_length=200),
    page: WholeNumber = Query(1, ge=1, le=1_000_000),
    page_size: WholeNumber = Query(DEFAULT_PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE),
):
    """Newest first (then by id, so pages never overlap). ``unit`` includes its sub-units;
    an unknown ``unit`` or ``author`` is a 404 naming the parameter."""
    filters = WorkFilters(
        type=type.value if type else None,
        language=language,
        year_from=year_from,
        year_to=year_to,
        unit=unit,
        author=author,
    )
    try:
        works = filters.apply(Work.objects.published())
    except FilterError as exc:
        return error(404, str(exc), parameter=exc.parameter)
    works = works.with_authors().newest_first()
    return page_of(request, works, page, page_size, lambda w: work_summary(request, w))


@router.get(
    "/{work_id}",
    response={200: WorkDetail, 304: None, 400: Error, 404: Error, 410: Gone},
    url_name="work-detail",
    summary="One work",
)
def get_work(
    request: HttpRequest,
    response: HttpResponse,
    work_id: WholeNumber = Path(..., ge=1, le=MAX_ID),
):
    """A published work with its text and citation links; a withdrawn one answers 410."""
    work = Work.objects.public().with_authors().filter(pk=work_id).first()
    if work is None:
        raise HttpError(404, f"work_id: no published work {work_id}")
    if work.status == Work.Status.WITHDRAWN:
        gone = {
            "detail": "This work has been withdrawn.",
            "withdrawn_reason": work.withdrawn_reason,
        }
        return Status(410, gone)
    data = work_detail_data(request, work)
    not_modified = conditional(request, response, data, work.updated.timestamp())
    return not_modified or data
