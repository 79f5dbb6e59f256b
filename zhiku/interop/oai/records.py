"""What OAI-PMH says about works: identifiers, sets, headers and ``oai_dc`` metadata.

Sets: ``type`` and ``unit`` are the two top sets; ``type:<work type>`` and
``unit:<root>:<institute>:<centre>`` (unit slugs from the root down) below them. A work belongs
to its type's set and to the unit sets of its linked authors' positions; a unit set includes
the works of its sub-units, as the protocol's set hierarchy says.
"""

from __future__ import annotations

import datetime as dt
import re
from urllib.parse import urlsplit

from django.conf import settings
from lxml import etree

from zhiku.catalog.genres import genre_of
from zhiku.catalog.models import Unit, Work

OAI = "http://www.openarchives.org/OAI/2.0/"
OAI_DC = "http://www.openarchives.org/OAI/2.0/oai_dc/"
DC = "http://purl.org/dc/elements/1.1/"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

#: The one metadata format: (prefix, schema, namespace).
METADATA_FORMATS = (("oai_dc", "http://www.openarchives.org/OAI/2.0/oai_dc.xsd", OAI_DC),)

#: Characters XML 1.0 forbids; a stray one in a title must not break a harvest.
XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
#: xs:language, the type of xml:lang.
LANGUAGE = re.compile(r"^[a-zA-Z]{1,8}(-[a-zA-Z0-9]{1,8})*$")
#: A repository identifier of an oai-identifier: a domain name starting with a letter.
DOMAIN = re.compile(r"^[a-zA-Z][a-zA-Z0-9-]*(\.[a-zA-Z][a-zA-Z0-9-]*)+$")


def clean(text: str) -> str:
    return XML_FORBIDDEN.sub("", text)


def repository_id() -> str:
    """The repository identifier in oai:<id>:work/<n> (``ZHIKU_OAI_REPOSITORY_ID``)."""
    configured = getattr(settings, "ZHIKU_OAI_REPOSITORY_ID", "")
    if configured:
        return configured
    host = urlsplit(settings.ZHIKU_SITE_URL).hostname or ""
    return host if DOMAIN.match(host) else "zhiku.invalid"


def oai_identifier(work_id: int) -> str:
    return f"oai:{repository_id()}:work/{work_id}"


def work_id_of(identifier: str) -> int | None:
    """The work id an OAI identifier names, or None when it is not one of ours."""
    match = re.fullmatch(rf"oai:{re.escape(repository_id())}:work/([1-9][0-9]{{0,17}})", identifier)
    return int(match.group(1)) if match else None


def datestamp(moment: dt.datetime) -> str:
    """YYYY-MM-DDThh:mm:ssZ in UTC (the repository's granularity)."""
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def unit_paths() -> dict[int, str]:
    """Each unit's set spec, unit:<root slug>:…:<its slug>, from one query."""
    units = {u.pk: u for u in Unit.objects.all()}
    paths: dict[int, str] = {}
    for pk, unit in units.items():
        chain, seen, node = [], set(), unit
        while node is not None and node.pk not in seen:
            chain.append(node.slug)
            seen.add(node.pk)
            node = units.get(node.parent_id) if node.parent_id else None
        paths[pk] = "unit:" + ":".join(reversed(chain))
    return paths


def work_sets(work: Work, paths: dict[int, str]) -> list[str]:
    """The set specs a work's header lists: its type, and its linked authors' units."""
    specs = [f"type:{work.type}"]
    for authorship in work.ordered_authorships():
        if authorship.person is None:
            continue
        for position in authorship.person.positions.all():
            spec = paths.get(position.unit_id)
            if spec and spec not in specs:
                specs.append(spec)
    return specs


def add_header(parent: etree._Element, work: Work, paths: dict[int, str]) -> None:
    """<header> with identifier, datestamp and sets; status="deleted" for a withdrawn work."""
    header = etree.SubElement(parent, f"{{{OAI}}}header")
    if work.status == Work.Status.WITHDRAWN:
        header.set("status", "deleted")
    etree.SubElement(header, f"{{{OAI}}}identifier").text = oai_identifier(work.pk)
    etree.SubElement(header, f"{{{OAI}}}datestamp").text = datestamp(work.updated)
    for spec in work_sets(work, paths):
        etree.SubElement(header, f"{{{OAI}}}setSpec").text = spec


def add_record(parent: etree._Element, work: Work, paths: dict[int, str], base_url: str) -> None:
    """<record>: the header, and oai_dc metadata unless the work was withdrawn."""
    record = etree.SubElement(parent, f"{{{OAI}}}record")
    add_header(record, work, paths)
    if work.status != Work.Status.WITHDRAWN:
        metadata = etree.SubElement(record, f"{{{OAI}}}metadata")
        metadata.append(oai_dc(work, base_url))


def _language(tag: str) -> str:
    tag = tag.replace("_", "-").strip()
    return tag if LANGUAGE.match(tag) else ""


def oai_dc(work: Work, base_url: str) -> etree._Element:
    """The work in unqualified Dublin Core, as the oai_dc schema wants it."""
    root = etree.Element(f"{{{OAI_DC}}}dc", nsmap={"oai_dc": OAI_DC, "dc": DC, "xsi": XSI})
    root.set(f"{{{XSI}}}schemaLocation", f"{OAI_DC} http://www.openarchives.org/OAI/2.0/oai_dc.xsd")

    def dc(name: str, text: str, lang: str = "") -> None:
        text = clean(text or "").strip()
        if text:
            element = etree.SubElement(root, f"{{{DC}}}{name}")
            element.text = text
            if lang:
                element.set(XML_LANG, lang)

    language = _language(work.language)
    dc("title", work.title, language)
    dc("title", work.title_en, "en")
    for authorship in work.ordered_authorships():
        dc("creator" if authorship.role == "author" else "contributor", authorship.name_as_written)
    for keyword in work.keywords or ():
        dc("subject", str(keyword))
    dc("description", work.abstract, language)
    dc("publisher", work.publisher)
    dc("date", work.date_display)
    dc("type", genre_of(work.type).dcmi_type)
    dc("type", work.type)
    dc("identifier", base_url + work.get_absolute_url())
    if work.doi:
        dc("identifier", f"https://doi.org/{work.doi}")
    if work.isbn:
        dc("identifier", f"urn:isbn:{work.isbn}")
    if work.source is not None:  # NULL means unknown: say nothing rather than something empty
        dc("source", work.source)
    dc("language", language)
    related = [work.translation_of] if work.translation_of_id else []
    related += list(work.translations.all())
    for other in related:
        if other is not None and other.status == Work.Status.PUBLISHED:
            dc("relation", base_url + other.get_absolute_url())
    return root
