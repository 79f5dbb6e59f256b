"""Template tags that put the open interfaces on the pages: head metadata, the cite box,
export and feed links. Catalog templates only include these; the logic stays in interop."""

from __future__ import annotations

from django import template
from django.urls import reverse
from django.utils import timezone

from zhiku.catalog.models import Person, Unit, Work
from zhiku.interop.cite import FORMATS
from zhiku.interop.citing import citation_record
from zhiku.interop.metadata import highwire_tags, json_ld, person_json_ld, work_json_ld

register = template.Library()


def _absolute(context):
    request = context.get("request")
    if request is None:
        return lambda path: path
    return request.build_absolute_uri


def _feeds(kind: str, **kwargs) -> dict[str, str]:
    return {fmt: reverse(f"interop:{kind}-feed-{fmt}", kwargs=kwargs) for fmt in ("rss", "atom")}


@register.inclusion_tag("interop/_work_head.html", takes_context=True)
def work_head(context, work: Work):
    """Highwire citation_* tags and JSON-LD for a published work's <head>."""
    absolute = _absolute(context)
    published = work.status == Work.Status.PUBLISHED
    return {
        "published": published,
        "tags": highwire_tags(work, absolute) if published else [],
        "json_ld": json_ld(work_json_ld(work, absolute)) if published else "",
    }


@register.inclusion_tag("interop/_cite_box.html", takes_context=True)
def cite_box(context, work: Work, prefix: str = ""):
    """The cite box: GB/T 7714 and APA text with copy buttons, and downloads in every format."""
    request = context.get("request")
    base = request.build_absolute_uri("/").rstrip("/") if request else ""
    record = citation_record(work, base, timezone.localdate())
    styles = [
        {"key": f.key, "label": f.label, "text": f.render([record]).strip()}
        for f in FORMATS.values()
        if f.text_style
    ]
    for style in styles:  # a single reference needs no "[1] " sequence number
        style["text"] = style["text"].removeprefix("[1] ")
    downloads = [
        {"label": f.label, "url": reverse("interop:work-citation", args=[work.pk, f.key])}
        for f in FORMATS.values()
    ]
    return {
        "work": work,
        "styles": styles,
        "downloads": downloads,
        "language": work.language,
        "prefix": prefix,  # keeps element ids unique when a page shows two boxes (a translation)
    }


@register.inclusion_tag("interop/_person_head.html", takes_context=True)
def person_head(context, person: Person):
    """JSON-LD ProfilePage and the expert's feeds as <link rel=alternate>."""
    return {
        "person": person,
        "json_ld": json_ld(person_json_ld(person, _absolute(context))),
        "feeds": _feeds("person", slug=person.slug),
    }


@register.inclusion_tag("interop/_exports.html")
def person_exports(person: Person):
    """Links to export the expert's works in every citation format, and to follow them."""
    exports = [
        {"label": f.label, "url": reverse("interop:person-citations", args=[person.slug, f.key])}
        for f in FORMATS.values()
    ]
    return {
        "exports": exports,
        "feeds": _feeds("person", slug=person.slug),
        "name": person.name,
    }


@register.inclusion_tag("interop/_unit_head.html")
def unit_head(unit: Unit):
    return {"unit": unit, "feeds": _feeds("unit", slug=unit.slug)}


@register.inclusion_tag("interop/_feed_links.html")
def unit_feeds(unit: Unit):
    """Visible RSS/Atom links for a unit page."""
    return {"feeds": _feeds("unit", slug=unit.slug)}


@register.simple_tag
def export_url(key: str, ids) -> str:
    """The export of a list of works (``ids``) in format ``key``: for "export these results"."""
    joined = ",".join(str(getattr(i, "pk", i)) for i in ids)
    return reverse("interop:works-citations", args=[key]) + f"?ids={joined}"
