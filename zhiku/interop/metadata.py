"""Metadata for crawlers: Highwire Press ``citation_*`` tags (Google Scholar) and schema.org
JSON-LD for work and expert pages. Names only: no e-mail address is ever emitted.

Meta values are one line of plain text (``citation_text``: no markup, controls, bidi overrides
or line breaks), HTML-escaped by the template; a DOI or PDF link that is not valid is left
out. JSON-LD escapes ``<``, ``>``, ``&``, U+2028/U+2029, C1 controls, bidi controls and lone
surrogates as ``\\uXXXX``, so it cannot close its ``<script>`` element or fail to encode.
"""

from __future__ import annotations

import json
import re
from typing import Any

from django.conf import settings
from django.utils.safestring import SafeString, mark_safe

from zhiku.catalog.genres import GENRES, UNKNOWN_SCHEMA_ORG, genre_of
from zhiku.catalog.models import Person, Unit, Work
from zhiku.interop.cite.escape import citation_text, valid_doi, valid_url
from zhiku.interop.cite.record import outlet_name


def schema_type(work: Work) -> str:
    """The schema.org type of the work (the genre table's ``schema_org``)."""
    genre = GENRES.get(work.type)
    return genre.schema_org if genre else UNKNOWN_SCHEMA_ORG


def _journal_title(work: Work) -> str:
    return work.journal or outlet_name(work.source)


def _institution(work: Work) -> str:
    from zhiku.interop.citing import institution_of

    return institution_of(work)


#: The genre-specific Highwire tags (``Genre.highwire``): their value, and whether an empty
#: value is still written (Google Scholar expects the journal or institution tag of its type).
HIGHWIRE_VALUES = {
    "citation_journal_title": (_journal_title, True),
    "citation_technical_report_institution": (_institution, True),
    "citation_publisher": (lambda work: work.publisher, False),
}

#: Characters written as \\uXXXX in JSON inside <script>: what could close the element or open
#: a comment, line separators, C1 and bidi controls, lone surrogates (which cannot be encoded).
SCRIPT_ESCAPES = re.compile("[<>&\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def json_ld(data: dict[str, Any]) -> SafeString:
    """A <script type="application/ld+json"> element holding ``data``, safe to embed."""
    text = json.dumps(data, ensure_ascii=False, indent=1)
    text = SCRIPT_ESCAPES.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
    return mark_safe(f'<script type="application/ld+json">{text}</script>')  # noqa: S308


def highwire_date(work: Work) -> str:
    """citation_publication_date: 2013/07/15, 2013/07 or 2013."""
    return work.date_display.replace("-", "/")


#: Tags whose value is validated as a whole (a DOI, a link), not cleaned as text.
VALIDATED = frozenset({"citation_doi", "citation_abstract_html_url", "citation_pdf_url"})


def highwire_tags(work: Work, absolute) -> list[tuple[str, str]]:
    """(name, content) of the citation_* meta tags Google Scholar reads, in its order."""
    return [
        (name, value if name in VALIDATED else citation_text(value))
        for name, value in _highwire_tags(work, absolute)
    ]


def _highwire_tags(work: Work, absolute) -> list[tuple[str, str]]:
    tags = [("citation_title", work.title)]
    tags += [
        ("citation_author", a.name_as_written)
        for a in work.ordered_authorships()
        if a.role == "author"
    ]
    if work.date:
        tags.append(("citation_publication_date", highwire_date(work)))
    tags.append(("citation_language", work.language))
    genre = GENRES.get(work.type)
    for tag in genre.highwire if genre else ():
        value_of, always = HIGHWIRE_VALUES[tag]
        value = value_of(work)
        if value or always:
            tags.append((tag, value))
    first, _, last = work.pages.replace("–", "-").partition("-")
    for name, value in (
        ("citation_volume", work.volume),
        ("citation_issue", work.issue),
        ("citation_firstpage", first.strip()),
        ("citation_lastpage", last.strip()),
        ("citation_doi", valid_doi(work.doi)),
        ("citation_isbn", work.isbn),
        ("citation_issn", work.issn),
        ("citation_keywords", "; ".join(str(k) for k in work.keywords or ())),
    ):
        if value:
            tags.append((name, value))
    tags.append(("citation_abstract_html_url", absolute(work.get_absolute_url())))
    pdf = valid_url(work.url)
    if pdf.lower().split("?")[0].endswith(".pdf"):
        tags.append(("citation_pdf_url", pdf))
    return tags


def work_json_ld(work: Work, absolute) -> dict[str, Any]:
    """schema.org description of a work (ScholarlyArticle, Report, Book, OpinionNewsArticle …)."""
    url = absolute(work.get_absolute_url())
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": schema_type(work),
        "@id": url,
        "url": url,
        "name": work.title,
        "headline": work.title[:110],
        "inLanguage": work.language,
        "author": [
            {"@type": "Person", "name": a.name_as_written}
            | ({"url": absolute(a.person.get_absolute_url())} if a.person else {})
            for a in work.ordered_authorships()
            if a.role == "author"
        ],
        "publisher": {"@type": "Organization", "name": settings.ZHIKU_SITE_NAME},
        "dateModified": work.updated.isoformat(),
    }
    optional = {
        "alternativeHeadline": work.title_en,
        "datePublished": work.date_display,
        "abstract": work.abstract,
        "keywords": ", ".join(str(k) for k in work.keywords or ()),
        "isbn": work.isbn,
        "sameAs": f"https://doi.org/{valid_doi(work.doi)}" if valid_doi(work.doi) else "",
    }
    data.update({k: v for k, v in optional.items() if v})
    if genre_of(work.type).form == "journal" and (work.journal or work.source):
        data["isPartOf"] = {"@type": "Periodical", "name": work.journal or outlet_name(work.source)}
    if work.translation_of_id and work.translation_of.status == Work.Status.PUBLISHED:
        data["translationOfWork"] = {"@id": absolute(work.translation_of.get_absolute_url())}
    translations = [t for t in work.translations.all() if t.status == Work.Status.PUBLISHED]
    if translations:
        data["workTranslation"] = [{"@id": absolute(t.get_absolute_url())} for t in translations]
    return data


def organization(unit: Unit, absolute, seen: frozenset[int] = frozenset()) -> dict[str, Any]:
    """A unit as an Organization, with its parents as parentOrganization up to the root."""
    data: dict[str, Any] = {
        "@type": "Organization",
        "name": unit.name,
        "url": absolute(unit.get_absolute_url()),
    }
    if unit.name_en:
        data["alternateName"] = unit.name_en
    if unit.parent is not None and unit.parent_id not in seen | {unit.pk}:
        data["parentOrganization"] = organization(unit.parent, absolute, seen | {unit.pk})
    return data


def person_json_ld(person: Person, absolute) -> dict[str, Any]:
    """ProfilePage whose mainEntity is the Person: names, title, affiliations. Never e-mail."""
    url = absolute(person.get_absolute_url())
    entity: dict[str, Any] = {"@type": "Person", "@id": f"{url}#person", "name": person.name}
    if person.name_en and person.name_en != person.name:
        entity["alternateName"] = person.name_en
    if person.title:
        entity["jobTitle"] = (
            [person.title, person.title_en] if person.title_en != person.title else person.title
        )
    if person.bio:
        entity["description"] = person.bio
    affiliations = [organization(p.unit, absolute) for p in person.positions.all()]
    if affiliations:
        entity["affiliation"] = affiliations
    entity["url"] = url
    return {
        "@context": "https://schema.org",
        "@type": "ProfilePage",
        "url": url,
        "dateModified": person.updated.isoformat(),
        "mainEntity": entity,
    }
