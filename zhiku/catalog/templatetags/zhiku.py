"""Template helpers: language links, names and content in the page's language, safe emails."""

from urllib.parse import urlencode

from django import template
from django.urls import reverse, translate_url
from django.utils.html import escape, format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from zhiku.catalog import slots
from zhiku.catalog.bilingual import EN, localize, page_language, work_language
from zhiku.security.email import protect_email
from zhiku.security.sanitize import safe_url
from zhiku.text.bidi import has_bidi_controls, isolate

register = template.Library()


@register.simple_tag(takes_context=True)
def slot(context, name: str) -> str:
    """What the higher apps contribute to the slot ``name`` of this page (see ``slots.py``)."""
    parts = []
    for template_name in slots.templates(name):
        contributed = context.template.engine.get_template(template_name)
        with context.render_context.push_state(contributed, isolated_context=False):
            parts.append(contributed.render(context))
    return mark_safe("".join(parts))  # noqa: S308  (rendered templates, escaped by them)


@register.simple_tag(takes_context=True)
def switch_language_url(context, language: str) -> str:
    """The current page in ``language`` (``/experts/x/`` ↔ ``/en/experts/x/``)."""
    request = context.get("request")
    path = request.get_full_path() if request else "/"
    return translate_url(path, language)


@register.simple_tag(takes_context=True)
def language_switch_url(context, language: str) -> str:
    """The switch link: stores ``language`` as the reader's choice, then shows this page in it."""
    request = context.get("request")
    here = request.get_full_path() if request else "/"
    return f"{reverse('switch-language', args=[language])}?{urlencode({'next': here})}"


@register.filter
def bdi(value) -> str:
    """User text for HTML: escaped, and in ``<bdi>`` when it holds bidi controls, so an
    override cannot run into what follows. Ordinary text comes out as ``{{ value }}`` would."""
    text = "" if value is None else str(value)
    return format_html("<bdi>{}</bdi>", text) if has_bidi_controls(text) else escape(text)


@register.filter
def bidi_controls(value) -> bool:
    """True when the text holds bidi controls (for markup built elsewhere, e.g. highlights)."""
    return has_bidi_controls("" if value is None else str(value))


@register.filter
def isolated(value) -> str:
    """User text for plain-text contexts (``<title>``, attributes): in FSI … PDI when it holds
    bidi controls, so the site name after a page title keeps its direction."""
    return isolate("" if value is None else str(value))


@register.filter
def display_name(person) -> str:
    """鲁传颖 in Chinese pages; 鲁传颖 (Lu Chuanying) in English ones."""
    if person is None:
        return ""
    if get_language() == "en" and person.name_en and person.name_en != person.name:
        return f"{person.name} ({person.name_en})"
    return person.name


@register.filter
def display_title(person) -> str:
    """The person's title (职称) in the page's language."""
    if get_language() == "en":
        return person.title_en
    return person.title


@register.filter
def unit_name(unit) -> str:
    if get_language() == "en" and unit.name_en:
        return unit.name_en
    return unit.name


@register.simple_tag
def localized(obj, field: str) -> str:
    """``obj.field`` in the page's language; the other language's text with a marker if not."""
    value = localize(obj, field)
    if not value.fallback:
        return value.text
    return format_html('<span lang="{}">{}</span>{}', value.lang, value.text, _marker(value.lang))


@register.filter
def localized_text(obj, field: str) -> str:
    """``obj.field`` in the page's language as plain text (for <title> and attributes)."""
    return localize(obj, field).text


@register.filter
def author_name(authorship) -> str:
    """The byline name; on English pages a known person's 鲁传颖 (Lu Chuanying) form."""
    if authorship.person is not None and get_language() == "en":
        return display_name(authorship.person)
    return authorship.name_as_written


@register.filter
def protected_email(person) -> str:
    """The person's public email, readable by people but not by plain scrapers ("" if none)."""
    address = person.public_email if person is not None else ""
    return protect_email(address) if address else ""


@register.simple_tag
def fallback_marker(obj, field: str) -> str:
    """The "in Chinese" / "英文" marker when ``obj.field`` is shown in the other language."""
    value = localize(obj, field)
    return _marker(value.lang) if value.fallback else ""


def _marker(lang: str) -> str:
    return format_html(
        ' <small class="fallback" title="{}">{}</small>',
        _("Not available in this language yet"),
        _("in English") if lang == EN else _("in Chinese"),
    )


@register.filter
def in_page_language(obj, field: str):
    """The ``Localized`` value (``text``, ``lang``, ``fallback``) of ``obj.field``."""
    return localize(obj, field)


@register.filter
def safe_link(url: str) -> str:
    """``url`` when it is an http(s) link, else "": never a javascript: or data: href."""
    return safe_url(url or "")


@register.simple_tag
def text_language_marker(work) -> str:
    """The marker for a work's text when it is not in the page's language ("" when it is)."""
    lang = work_language(work)
    return _marker(lang) if lang != page_language() else ""


@register.simple_tag
def work_items(works) -> str:
    """``<li class="work-item">`` for each work: title (in the page's language, with the
    fallback marker), linked authors, date and type.

    The lists of an expert with hundreds of works made this the costliest part of a page as an
    included template (about half a millisecond an item); in Python it is a few microseconds.
    URLs come from one ``reverse`` each for works and people, with the key put in.
    """
    from zhiku.catalog.models import Work

    english = get_language() == EN
    separator = ", " if english else "、"
    types = {value: str(label) for value, label in Work.Type.choices}
    work_url = reverse("catalog:work-detail", kwargs={"pk": 2**31 - 1}).replace(
        str(2**31 - 1), "{}"
    )
    person_url = reverse("catalog:person-detail", kwargs={"slug": "slug-placeholder"}).replace(
        "slug-placeholder", "{}"
    )
    items = []
    for work in works:
        title = localize(work, "title")
        authors = []
        for authorship in work.ordered_authorships():
            if authorship.person is not None:
                authors.append(
                    format_html(
                        '<a href="{}">{}</a>',
                        person_url.format(authorship.person.slug),
                        bdi(author_name(authorship)),
                    )
                )
            else:
                authors.append(bdi(authorship.name_as_written))
        date = work.date_display
        items.append(
            format_html(
                '<li class="work-item">\n  <a class="work-title" href="{}">{}</a>{}\n'
                '  <span class="work-meta">\n    {}\n    {}\n'
                '    <span class="work-type">{}</span>\n  </span>\n</li>',
                work_url.format(work.pk),
                bdi(title.text),
                _marker(title.lang) if title.fallback else "",
                format_html_join(separator, "{}", ((a,) for a in authors)),
                format_html('<time datetime="{}">{}</time>', date, date) if date else "",
                types.get(work.type, work.type),
            )
        )
    return format_html_join("", "{}", ((item,) for item in items))
