"""Template helpers: language switch links and names shown the way each language expects."""

from django import template
from django.urls import translate_url
from django.utils.translation import get_language

register = template.Library()


@register.simple_tag(takes_context=True)
def switch_language_url(context, language: str) -> str:
    """The current page in ``language`` (``/experts/x/`` ↔ ``/en/experts/x/``)."""
    request = context.get("request")
    path = request.get_full_path() if request else "/"
    return translate_url(path, language)


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
