"""Catalog works as citation records, and the export views built on ``zhiku.interop.cite``.

- ``/cite/works/<id>/<format>/`` — one work;
- ``/cite/experts/<slug>/<format>/`` — an expert's published works;
- ``/cite/works/<format>/?ids=3,5,8`` or with the API's filters (``type``, ``language``,
  ``year_from``, ``year_to``, ``unit``, ``author``) — a set of works, e.g. search results.
"""

from __future__ import annotations

import datetime as dt
import re

from django.conf import settings
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone, translation
from django.views.decorators.http import require_GET
from pypinyin import lazy_pinyin

from zhiku.catalog.genres import genre_of
from zhiku.catalog.models import Authorship, Person, Work
from zhiku.interop.cite import FORMATS, CitationRecord, split_name
from zhiku.interop.cite.record import is_cjk, outlet_name
from zhiku.interop.filters import FilterError, WorkFilters

#: The most works one export returns (a result set is cut here, newest first).
MAX_EXPORT = 1000
#: The largest id the databases store (a signed 64-bit integer); a larger one overflows.
MAX_ID = 2**63 - 1


def citation_key(work: Work) -> str:
    """An ASCII key unique to the work: lu2013-12 (first author's family name, year, id)."""
    authors = [a for a in work.ordered_authorships() if a.role == Authorship.Role.AUTHOR]
    family = split_name(authors[0].name_as_written).family if authors else "zhiku"
    if is_cjk(family):
        family = "".join(lazy_pinyin(family))
    family = re.sub(r"[^a-z]", "", family.lower()) or "zhiku"
    return f"{family}{work.year or 'nd'}-{work.pk}"


def institution_of(work: Work) -> str:
    """The top-level unit of the first linked author (who issued a report), else the site."""
    for authorship in work.ordered_authorships():
        if authorship.person is None:
            continue
        position = authorship.person.positions.select_related("unit").first()
        if position is not None:
            chain = [position.unit, *position.unit.ancestors()]
            return chain[-1].name
    return settings.ZHIKU_SITE_NAME


def canonical_path(work: Work) -> str:
    """The work page in the default language: the one address citations give."""
    with translation.override(settings.LANGUAGE_CODE):
        return work.get_absolute_url()


def citation_record(work: Work, base_url: str, accessed: dt.date | None = None) -> CitationRecord:
    """The work as the citation styles see it; ``base_url`` makes its landing URL absolute."""
    by_role: dict[str, list] = {role: [] for role in Authorship.Role.values}
    for authorship in work.ordered_authorships():
        by_role[authorship.role].append(split_name(authorship.name_as_written))
    precision = work.date_precision
    date = work.date
    form = genre_of(work.type).form
    container = work.journal if form == "journal" and work.journal else ""
    return CitationRecord(
        key=citation_key(work),
        type=work.type,
        title=work.title,
        title_en=work.title_en,
        language=work.language,
        authors=tuple(by_role[Authorship.Role.AUTHOR]),
        editors=tuple(by_role[Authorship.Role.EDITOR]),
        translators=tuple(by_role[Authorship.Role.TRANSLATOR]),
        year=date.year if date else None,
        month=date.month if date and precision in ("month", "day") else None,
        day=date.day if date and precision == "day" else None,
        container=container or outlet_name(work.source),
        volume=work.volume,
        issue=work.issue,
        pages=work.pages,
        publisher=work.publisher,
        place=work.place,
        institution=institution_of(work) if form == "report" else "",
        isbn=work.isbn,
        issn=work.issn,
        doi=work.doi,
        url=base_url.rstrip("/") + canonical_path(work),
        abstract=work.abstract,
        keywords=tuple(str(k) for k in work.keywords or ()),
        site_name=settings.ZHIKU_SITE_NAME,
        accessed=accessed or timezone.localdate(),
    )


def render_works(works, key: str, base_url: str) -> str:
    """Works rendered in the format ``key`` — the function behind every export."""
    accessed = timezone.localdate()
    return FORMATS[key].render([citation_record(w, base_url, accessed) for w in works])


def base_url_of(request) -> str:
    """The site's absolute root as the request reached it (http://host:port)."""
    return request.build_absolute_uri("/").rstrip("/")


def _export(request, works, key: str, name: str) -> HttpResponse:
    fmt = FORMATS.get(key)
    if fmt is None:
        raise Http404(f"no citation format {key!r}")
    text = render_works(works, key, base_url_of(request))
    response = HttpResponse(text, content_type=f"{fmt.media_type}; charset=utf-8")
    disposition = "inline" if request.GET.get("download") == "0" else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{name}.{fmt.extension}"'
    return response


@require_GET
def work_citation(request, pk: int, key: str):
    work = get_object_or_404(Work.objects.published().with_authors(), pk=pk)
    return _export(request, [work], key, f"zhiku-work-{work.pk}")


@require_GET
def person_citations(request, slug: str, key: str):
    person = get_object_or_404(Person, slug=slug)
    works = (
        Work.objects.published()
        .filter(authorships__person=person)
        .distinct()
        .with_authors()
        .newest_first()[:MAX_EXPORT]
    )
    return _export(request, works, key, f"zhiku-{person.slug}")


def _int_or_none(request, name: str) -> int | None:
    raw = request.GET.get(name, "").strip()
    if not raw:
        return None
    if not re.fullmatch(r"-?\d{1,4}", raw):
        raise FilterError(name, f"not a year: {raw!r}")
    return int(raw)


@require_GET
def works_citations(request, key: str):
    """A set of works by ``ids`` (in the order given) or by the API's filters."""
    works = Work.objects.published().with_authors()
    try:
        raw_ids = request.GET.get("ids", "").strip()
        if raw_ids:
            if not re.fullmatch(r"\d+(,\d+)*", raw_ids):
                raise FilterError("ids", "expected comma-separated work ids, e.g. ids=3,5,8")
            parts = raw_ids.split(",")
            # length first: int() of thousands of digits is slow, then refused with ValueError
            if any(len(p.lstrip("0")) > len(str(MAX_ID)) or int(p) > MAX_ID for p in parts):
                raise FilterError("ids", f"a work id is at most {MAX_ID}")
            ids = [int(i) for i in parts][:MAX_EXPORT]
            found = {w.pk: w for w in works.filter(pk__in=ids)}
            selected = [found[i] for i in dict.fromkeys(ids) if i in found]
        else:
            filters = WorkFilters(
                type=request.GET.get("type") or None,
                language=request.GET.get("language") or None,
                year_from=_int_or_none(request, "year_from"),
                year_to=_int_or_none(request, "year_to"),
                unit=request.GET.get("unit") or None,
                author=request.GET.get("author") or None,
            )
            selected = list(filters.apply(works).newest_first()[:MAX_EXPORT])
    except FilterError as error:
        return HttpResponseBadRequest(str(error), content_type="text/plain; charset=utf-8")
    return _export(request, selected, key, "zhiku-works")
