"""sitemap.xml (works, experts, units, each page in both languages) and robots.txt."""

from __future__ import annotations

from django.contrib.sitemaps import Sitemap
from django.db.models import Max, Q
from django.http import HttpResponse
from django.urls import reverse
from django.views.decorators.http import require_GET

from zhiku.catalog.models import Person, Unit, Work

#: Paths crawlers are kept out of: search result pages (endless, thin), the back office, and
#: citation downloads (the work pages carry the same data as meta tags).
ROBOTS_DISALLOW = ("/search/", "/en/search/", "/admin/", "/cite/")


class _Localised(Sitemap):
    i18n = True  # every page once per language …
    alternates = True  # … with hreflang links between the versions
    x_default = True


class WorkSitemap(_Localised):
    def items(self):
        return Work.objects.published().only("pk", "updated").order_by("pk")

    def lastmod(self, work: Work):
        return work.updated


class PersonSitemap(_Localised):
    def items(self):
        newest = Max("authorships__work__updated", filter=Q(authorships__work__status="published"))
        return Person.objects.annotate(newest_work=newest).order_by("pk")

    def lastmod(self, person: Person):
        return max(d for d in (person.updated, person.newest_work) if d is not None)


class UnitSitemap(_Localised):
    def items(self):
        return Unit.objects.order_by("pk")

    def lastmod(self, unit: Unit):
        """When a person of the unit (or of a unit below it) or one of their works changed."""
        people = Person.objects.filter(positions__unit_id__in=unit.descendant_ids())
        newest = people.aggregate(
            person=Max("updated"),
            work=Max("authorships__work__updated", filter=Q(authorships__work__status="published")),
        )
        stamps = [d for d in newest.values() if d is not None]
        return max(stamps) if stamps else None


SITEMAPS = {"works": WorkSitemap, "experts": PersonSitemap, "units": UnitSitemap}


@require_GET
def robots_txt(request) -> HttpResponse:
    """robots.txt: everything but search results and the back office; where the sitemap is."""
    lines = ["User-agent: *", *(f"Disallow: {path}" for path in ROBOTS_DISALLOW), "Allow: /", ""]
    lines.append(f"Sitemap: {request.build_absolute_uri(reverse('interop:sitemap'))}")
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
