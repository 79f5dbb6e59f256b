"""RSS 2.0 and Atom feeds of published works: the whole site, one expert, one unit.

Items carry the byline as written (names only: no e-mail address is ever put in a feed),
the abstract or first paragraph as summary, keywords as categories.

Every text goes through ``feed_text``: the characters XML 1.0 cannot carry are dropped (one
control character in a title used to fail the whole feed), and text holding bidi controls is
isolated (FSI … PDI) so an override cannot run into the text after it.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.translation import gettext as _

from zhiku.catalog.models import Person, Unit, Work
from zhiku.interop.cite.escape import isolate, xml_text

#: How many of the newest works a feed carries.
FEED_ITEMS = 30


def feed_text(value: str) -> str:
    """``value`` as a feed can carry it: XML 1.0 characters only, bidi controls isolated."""
    return isolate(xml_text(value))


class _WorkFeed(Feed):
    feed_type = Rss201rev2Feed
    language = "zh-Hans"

    def works(self, obj):  # pragma: no cover - overridden
        raise NotImplementedError

    def items(self, obj):
        return self.works(obj).with_authors().newest_first()[:FEED_ITEMS]

    def item_title(self, item: Work) -> str:
        return feed_text(item.title)

    def item_description(self, item: Work) -> str:
        return feed_text(item.abstract or next(iter(item.paragraphs), ""))

    def item_link(self, item: Work) -> str:
        return item.get_absolute_url()

    def item_author_name(self, item: Work) -> str:
        return "、".join(feed_text(a.name_as_written) for a in item.ordered_authorships())

    def item_pubdate(self, item: Work) -> dt.datetime:
        if item.date:
            return dt.datetime.combine(item.date, dt.time(), tzinfo=timezone.get_default_timezone())
        return item.created

    def item_updateddate(self, item: Work) -> dt.datetime:
        return item.updated

    def item_categories(self, item: Work) -> list[str]:
        return [feed_text(str(k)) for k in item.keywords or ()]


class SiteFeed(_WorkFeed):
    """The newest published works of the whole site."""

    def get_object(self, request):
        return None

    def title(self) -> str:
        return _("%(site)s: latest works") % {"site": settings.ZHIKU_SITE_NAME}

    def link(self) -> str:
        return reverse("catalog:home")

    def description(self) -> str:
        return _("The newest works published on %(site)s.") % {"site": settings.ZHIKU_SITE_NAME}

    def works(self, obj):
        return Work.objects.published()


class PersonFeed(_WorkFeed):
    """The newest published works of one expert."""

    def get_object(self, request, slug: str):
        return get_object_or_404(Person, slug=slug)

    def title(self, obj: Person) -> str:
        return _("%(name)s: latest works") % {"name": feed_text(obj.name)}

    def link(self, obj: Person) -> str:
        return obj.get_absolute_url()

    def description(self, obj: Person) -> str:
        return _("Works by %(name)s on %(site)s.") % {
            "name": feed_text(obj.name),
            "site": settings.ZHIKU_SITE_NAME,
        }

    def works(self, obj: Person):
        return Work.objects.published().filter(authorships__person=obj).distinct()


class UnitFeed(_WorkFeed):
    """The newest published works of the people of one unit and its sub-units."""

    def get_object(self, request, slug: str):
        return get_object_or_404(Unit, slug=slug)

    def title(self, obj: Unit) -> str:
        return _("%(name)s: latest works") % {"name": feed_text(obj.name)}

    def link(self, obj: Unit) -> str:
        return obj.get_absolute_url()

    def description(self, obj: Unit) -> str:
        return _("Works by the people of %(name)s.") % {"name": feed_text(obj.name)}

    def works(self, obj: Unit):
        ids = obj.descendant_ids()
        return (
            Work.objects.published()
            .filter(authorships__person__positions__unit_id__in=ids)
            .distinct()
        )


class SiteAtomFeed(SiteFeed):
    feed_type = Atom1Feed
    subtitle = SiteFeed.description


class PersonAtomFeed(PersonFeed):
    feed_type = Atom1Feed
    subtitle = PersonFeed.description


class UnitAtomFeed(UnitFeed):
    feed_type = Atom1Feed
    subtitle = UnitFeed.description
