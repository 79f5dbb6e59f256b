"""Content in the reader's language, or in the other one with a visible marker.

People, units and works carry Chinese and English fields (``bio``/``bio_en``,
``name``/``name_en``, ``title``/``title_en``, ``abstract``/``abstract_en``; a person's title
through the TITLE_EN vocabulary). ``localize`` picks the field for the page's language; when
that one is empty it returns the other language's text with ``fallback`` set, and the templates
show a small "in Chinese" / "英文" marker next to it.

A work's ``title`` and ``abstract`` are in the work's own language (``Work.language``); the
``_en`` fields hold the English version of a work written in another language.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import get_language

from zhiku.catalog.models import Person, Unit, Work
from zhiku.text.titles import TITLE_EN

ZH, EN = "zh-Hans", "en"


@dataclass(frozen=True)
class Localized:
    """Text to show, its language (for the ``lang`` attribute), and whether it is a fallback."""

    text: str
    lang: str
    fallback: bool = False


def page_language() -> str:
    """EN on English pages, ZH otherwise."""
    return EN if (get_language() or "").startswith("en") else ZH


def work_language(work: Work) -> str:
    """ZH, EN or the work's own code: the language its title, abstract and text are in."""
    code = (work.language or "zh").lower()
    if code.startswith("zh"):
        return ZH
    return EN if code.startswith("en") else work.language


def _pair(own: str, own_lang: str, other: str, other_lang: str) -> Localized:
    if own:
        return Localized(own, own_lang)
    if other:
        return Localized(other, other_lang, fallback=True)
    return Localized("", own_lang)


def localize(obj, field: str) -> Localized:
    """``obj.field`` for the current page language, falling back to the other language."""
    page = page_language()
    if isinstance(obj, Work):
        original, english = getattr(obj, field) or "", getattr(obj, f"{field}_en", "") or ""
        work_lang = work_language(obj)
        if page == work_lang:
            return _pair(original, work_lang, english, EN)
        if page == EN:
            return _pair(english, EN, original, work_lang)
        # A Chinese page and a work in another language: no Chinese version to show.
        return Localized(original, work_lang, fallback=bool(original))
    if isinstance(obj, Person) and field == "title":
        if page == ZH or not obj.title:
            return Localized(obj.title, ZH)
        english = TITLE_EN.get(obj.title, "")
        return Localized(english, EN) if english else Localized(obj.title, ZH, fallback=True)
    if isinstance(obj, Person | Unit):
        chinese, english = getattr(obj, field) or "", getattr(obj, f"{field}_en", "") or ""
        if page == EN:
            return _pair(english, EN, chinese, ZH)
        return _pair(chinese, ZH, english, EN)
    raise TypeError(f"no bilingual rule for {type(obj).__name__}.{field}")


def counterpart(work: Work) -> Work | None:
    """The published translation to show beside ``work``: its original, or a translation."""
    if work.translation_of_id:
        original = Work.objects.published().filter(pk=work.translation_of_id).first()
        if original is not None:
            return original
    return (
        Work.objects.published()
        .filter(translation_of=work)
        .exclude(language=work.language)
        .order_by("pk")
        .first()
    )
