"""sitemap.xml (works, experts, units, each page in both languages) and robots.txt.

``/sitemap.xml`` is a sitemap index; each section (``/sitemaps/works-1.xml`` …) lists at most
``SECTION_SIZE`` pages, each in every interface language with ``hreflang`` alternates, so a file
stays under the protocol's 50,000 URLs however large the catalog grows. Built with lxml rather
than Django's sitemap templates: rendering 6,000 URLs through templates took seconds.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from django.conf import settings
from django.db.models import Max, Q
from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils import translation
from django.views.decorators.http import require_GET
from lxml import etree

from zhiku.catalog.models import Person, Unit, Work

#: Paths crawlers are kept out of: search result pages (endless, thin), the back office, and
#: citation downloads (the work pages carry the same data as meta tags).
ROBOTS_DISALLOW = ("/search/", "/en/search/", "/admin/", "/cite/")
SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
XHTML_NS = "http://www.w3.org/1999/xhtml"
#: Pages per sitemap file: with two languages, 40,000 URLs (the protocol allows 50,000).
SECTION_SIZE = 20_000


def _works() -> Iterator[tuple[object, dt.datetime | None]]:
    works = Work.objects.published().order_by("pk").only("pk", "updated")
    return ((w, w.updated) for w in works.iterator())


def _people() -> Iterator[tuple[object, dt.datetime | None]]:
    newest = Max("authorships__work__updated", filter=Q(authorships__work__status="published"))
    for person in Person.objects.annotate(newest_work=newest).order_by("pk"):
        yield person, max(d for d in (person.updated, person.newest_work) if d is not None)


def _units() -> Iterator[tuple[object, dt.datetime | None]]:
    for unit in Unit.objects.order_by("pk"):
        # a unit changes when a person in it (or in a unit below it) or their works change
        people = Person.objects.filter(positions__unit_id__in=unit.descendant_ids())
        newest = people.aggregate(
            person=Max("updated"),
            work=Max("authorships__work__updated", filter=Q(authorships__work__status="published")),
        )
        stamps = [d for d in newest.values() if d is not None]
        yield unit, max(stamps) if stamps else None


SECTIONS = {"works": (_works, Work), "experts": (_people, Person), "units": (_units, Unit)}


def _count(section: str) -> int:
    model = SECTIONS[section][1]
    return model.objects.published().count() if model is Work else model.objects.count()


def _xml(root: etree._Element) -> HttpResponse:
    body = etree.tostring(root, xml_declaration=True, encoding="UTF-8")
    return HttpResponse(body, content_type="application/xml; charset=utf-8")


@require_GET
def sitemap_index(request) -> HttpResponse:
    """The sitemap index: one entry per section file."""
    root = etree.Element(f"{{{SITEMAP_NS}}}sitemapindex", nsmap={None: SITEMAP_NS})
    for section in SECTIONS:
        pages = max(1, -(-_count(section) // SECTION_SIZE))
        for page in range(1, pages + 1):
            entry = etree.SubElement(root, f"{{{SITEMAP_NS}}}sitemap")
            url = reverse("interop:sitemap-section", kwargs={"section": section, "page": page})
            etree.SubElement(entry, f"{{{SITEMAP_NS}}}loc").text = request.build_absolute_uri(url)
    return _xml(root)


@require_GET
def sitemap_section(request, section: str, page: int) -> HttpResponse:
    """One section file: every page of the section in each language, with lastmod."""
    if section not in SECTIONS or page < 1:
        raise Http404("no such sitemap")
    start = (page - 1) * SECTION_SIZE
    if page > 1 and start >= _count(section):
        raise Http404("no such sitemap page")
    languages = [code for code, _ in settings.LANGUAGES]
    root = etree.Element(f"{{{SITEMAP_NS}}}urlset", nsmap={None: SITEMAP_NS, "xhtml": XHTML_NS})
    entries = SECTIONS[section][0]()
    for index, (obj, lastmod) in enumerate(entries):
        if index < start:
            continue
        if index >= start + SECTION_SIZE:
            break
        urls = {}
        for code in languages:
            with translation.override(code):
                urls[code] = request.build_absolute_uri(obj.get_absolute_url())
        for code in languages:
            url = etree.SubElement(root, f"{{{SITEMAP_NS}}}url")
            etree.SubElement(url, f"{{{SITEMAP_NS}}}loc").text = urls[code]
            if lastmod is not None:
                etree.SubElement(url, f"{{{SITEMAP_NS}}}lastmod").text = lastmod.date().isoformat()
            for other, href in [*urls.items(), ("x-default", urls[settings.LANGUAGE_CODE])]:
                link = etree.SubElement(url, f"{{{XHTML_NS}}}link")
                link.set("rel", "alternate")
                link.set("hreflang", other)
                link.set("href", href)
    return _xml(root)


@require_GET
def robots_txt(request) -> HttpResponse:
    """robots.txt: everything but search results and the back office; where the sitemap is."""
    lines = ["User-agent: *", *(f"Disallow: {path}" for path in ROBOTS_DISALLOW), "Allow: /", ""]
    lines.append(f"Sitemap: {request.build_absolute_uri(reverse('interop:sitemap'))}")
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
