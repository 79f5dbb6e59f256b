"""EndNote XML exports (``<xml><records><record>…``), parsed by lxml.

EndNote (and Bookends, Zotero, CNKI) write one ``<record>`` per reference; every value may be
split into ``<style>`` runs, which are joined. A record gives its type (``<ref-type name=…>``),
authors and the other contributors (``secondary-authors`` are the editors of a book or of the
book a section is in, ``subsidiary-authors`` and ``translated-authors`` translators), titles
(``title``; the container is ``periodical/full-title``, else ``secondary-title``; the series
``tertiary-title``), dates (``year`` and ``pub-dates``), volume, number, pages, edition,
publisher and place, ISBN/ISSN, DOI (``electronic-resource-num``), URLs, language, abstract,
keywords, thesis degree (``work-type``) and access date.

The parser resolves no entity and fetches nothing (no DTD, no network); a file that is not
well-formed XML is read as far as lxml's recovery can, with a warning. A record without a title
is reported with its number and skipped; the others still load.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from lxml import etree

from zhiku.ingest.readers import ReaderError
from zhiku.ingest.readers.batches import Batches
from zhiku.ingest.readers.biblio import (
    contributor,
    export_type,
    finish_work,
    first_issn,
    flip_name,
    language_of,
    loose_date,
    normalize_doi,
    normalize_pages,
    split_keywords,
)
from zhiku.ingest.readers.registry import ReaderFormat
from zhiku.ingest.records import Extraction, WorkRecord

#: EndNote types whose ``secondary-title`` is a series, not a container.
BOOKS = frozenset({"book", "edited book", "electronic book", "manuscript"})
#: Types whose ``secondary-authors`` edit the work or its host book.
EDITED = frozenset(
    {"book", "edited book", "book section", "electronic book", "electronic book section",
     "conference proceedings", "conference paper", "encyclopedia"}
)  # fmt: skip
HEAD = re.compile(rb"^(?:<\?xml[^>]*\?>\s*)?(?:<!--.*?-->\s*)*<xml>\s*<records>", re.S)


class EndnoteXmlError(ReaderError):
    """Not an EndNote XML export, or one with no readable record."""


def _parser() -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False, recover=True
    )


def read_endnote_xml(text: str) -> Iterator[Extraction]:
    """Extractions of the export's records."""
    data = re.sub(r"^\s*<\?xml[^>]*\?>", "", text.lstrip("\ufeff"), count=1).encode("utf-8")
    try:
        root = etree.fromstring(data, parser=_parser())
    except etree.XMLSyntaxError as exc:
        raise EndnoteXmlError(f"not well-formed XML: {exc}") from exc
    if root is None or root.tag != "xml" or root.find("records") is None:
        tag = getattr(root, "tag", "nothing")
        raise EndnoteXmlError(f"not an EndNote XML export (root element <{tag}>, not <xml>)")
    records = root.findall("records/record")
    if not records:
        raise EndnoteXmlError("no EndNote records found (expected <records><record>…)")
    batches = Batches()
    for number, record in enumerate(records, 1):
        work = _work(record, number, batches.current)
        if work is not None:
            work.line = record.sourceline  # for the record boundary's messages (validate.py)
            batches.current.works.append(work)
        yield from batches.full()
    yield from batches.rest()


def _text(node: etree._Element | None) -> str | None:
    if node is None:
        return None
    value = " ".join(_joined(node).split())
    return value or None


def _joined(node: etree._Element) -> str:
    """The text of ``node`` and its elements (``<style>`` runs); an entity the parser left
    unresolved, a comment or a processing instruction adds nothing but the text after it."""
    parts = [node.text or ""]
    for child in node:
        if isinstance(child.tag, str):
            parts.append(_joined(child))
        parts.append(child.tail or "")
    return "".join(parts)


def _all(record: etree._Element, path: str) -> list[str]:
    return [t for t in (_text(n) for n in record.findall(path)) if t]


def _first(record: etree._Element, *paths: str) -> str | None:
    for path in paths:
        value = _text(record.find(path))
        if value:
            return value
    return None


def _work(record: etree._Element, number: int, extraction: Extraction) -> WorkRecord | None:
    line = record.sourceline
    kind_node = record.find("ref-type")
    kind = (kind_node.get("name") if kind_node is not None else "") or ""
    where = f"record {number}" + (f" (line {line})" if line else "")
    title = _first(record, "titles/title", "title")
    if not title:
        extraction.warn("bad_record", f"{where}: record has no title", line=line)
        return None
    kind_key = kind.strip().lower()
    authors = [flip_name(n) for n in _all(record, "contributors/authors/author")]
    contributors = []
    if kind_key in EDITED:
        contributors += [
            contributor(flip_name(n), "editor")
            for n in _all(record, "contributors/secondary-authors/author")
        ]
    for path in ("subsidiary-authors", "translated-authors"):
        contributors += [
            contributor(flip_name(n), "translator")
            for n in _all(record, f"contributors/{path}/author")
        ]
    periodical = _first(record, "periodical/full-title", "titles/periodical/full-title")
    secondary = _first(record, "titles/secondary-title")
    tertiary = _first(record, "titles/tertiary-title")
    container, series = periodical, tertiary
    if not container:
        if kind_key in BOOKS:
            series = series or secondary
        else:
            container = secondary
    container = container or _first(record, "periodical/abbr-1", "titles/alt-title")
    year = _first(record, "dates/year")
    date = loose_date(year, _first(record, "dates/pub-dates/date"))
    urls = _all(record, "urls/related-urls/url") + _all(record, "urls/web-urls/url")
    thesis = kind_key == "thesis"
    work = WorkRecord(
        title=title,
        authors=authors,
        date=date,
        type=export_type(kind),
        language=language_of(_first(record, "language"), title),
        abstract=_first(record, "abstract"),
        keywords=split_keywords(_all(record, "keywords/keyword")),
        contributors=contributors,
        title_en=_first(record, "titles/translated-title"),
    )
    if year and not date:
        extraction.warn("date_unparsed", f"{where}: {year!r}", field="date")
    isbn = _first(record, "isbn")
    book = kind_key in BOOKS or kind_key in ("book section", "electronic book section")
    if isbn and book and re.fullmatch(r"\d{4}-\d{3}[\dXx]", isbn):
        book = False  # an ISSN where EndNote keeps ISBNs (a book in a journal)
    edition = _first(record, "edition")
    if edition and re.fullmatch(r"\d{8}", edition):
        edition = None  # PubMed's Epub date, which EndNote files under edition
    return finish_work(
        work,
        {
            "journal": container,
            "volume": _first(record, "volume"),
            "issue": _first(record, "number", "issue") if kind_key != "report" else None,
            "report_number": _first(record, "number") if kind_key == "report" else None,
            "pages": normalize_pages(_first(record, "pages")),
            "publisher": _first(record, "publisher"),
            "place": _first(record, "pub-location"),
            "doi": normalize_doi(_first(record, "electronic-resource-num")),
            "url": urls[0] if urls else None,
            "isbn": isbn if book else None,
            "issn": first_issn(isbn) if isbn and not book else None,
            "edition": edition,
            "series": series,
            "thesis_degree": _first(record, "work-type") if thesis else None,
            "thesis_institution": _first(record, "publisher") if thesis else None,
            "access_date": loose_date(None, _first(record, "access-date")),
        },
    )


FORMAT = ReaderFormat(
    name="endnote_xml",
    suffixes=(".xml",),
    read=read_endnote_xml,
    sniff=lambda head: bool(HEAD.match(head)),
    sniff_wins=True,
    upload_check=lambda head: (
        None
        if HEAD.match(head.lstrip(b"\xef\xbb\xbf \t\r\n"))
        else "does not look like an EndNote XML export (no <xml><records> at the start)"
    ),
)
