"""BibTeX entries (UTF-8; Chinese kept as written).

Entry types: article (journal papers and newspaper pieces), book, incollection (chapters),
techreport (reports, with institution), misc for the rest (with howpublished and url).
Chinese names are braced so BibTeX keeps them whole instead of splitting 鲁传颖 into parts.
"""

from __future__ import annotations

import re

from zhiku.catalog.contributor_roles import ROLES
from zhiku.catalog.genres import NEWSPAPER_BIBTEX
from zhiku.interop.cite.escape import clean_record
from zhiku.interop.cite.record import CitationRecord, Name

#: What a citation key may hold: anything else could end the entry's head.
KEY_CHARS = re.compile(r"[^A-Za-z0-9_:.\-]")

#: Characters that are commands or grouping in (La)TeX and must be escaped in field values.
SPECIAL = re.compile(r"([\\{}&%$#_~^])")
ESCAPES = {"\\": r"\textbackslash{}", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}"}


def escape(text: str) -> str:
    """A field value safe inside braces: & → \\&, { → \\{, \\ → \\textbackslash{} …"""
    return SPECIAL.sub(lambda m: ESCAPES.get(m.group(1), "\\" + m.group(1)), text)


def format_name(name: Name) -> str:
    """{鲁传颖} for a Chinese name; "Smith, John R." otherwise."""
    if name.cjk:
        return "{" + escape(name.full) + "}"
    return escape(f"{name.family}, {name.given}" if name.given else name.family)


def entry_type(record: CitationRecord) -> str:
    """The BibTeX entry type for the work (the genre table's; newspaper items: article)."""
    return NEWSPAPER_BIBTEX if record.newspaper else record.genre.bibtex


def fields(record: CitationRecord) -> list[tuple[str, str]]:
    """(name, value) pairs of the entry, values escaped, in a conventional order.

    Every value goes through ``clean_record`` first (no markup, controls or bidi overrides;
    DOI and URL validated, so the two raw fields can hold no brace), then ``escape``.
    """
    record = clean_record(record, newlines=True)
    kind = entry_type(record)
    out: list[tuple[str, str]] = []

    def add(name: str, value: str | int | None, raw: bool = False) -> None:
        if value not in (None, ""):
            out.append((name, str(value) if raw else escape(str(value))))

    for role, people in (("author", record.authors), ("editor", record.editors)):
        if people:
            out.append((ROLES[role].bibtex, " and ".join(format_name(n) for n in people)))
    add("title", record.title)
    container_field = {
        "article": "journal",
        "incollection": "booktitle",
        "techreport": "institution",
        "misc": "howpublished",
    }.get(kind)
    if kind == "techreport":
        add("institution", record.institution or record.publisher)
    elif container_field:
        add(container_field, record.container)
    add("year", record.year)
    add("month", record.month)
    if record.day and record.month and record.year:
        add("date", record.iso_date)
    add("volume", record.volume)
    add("number", record.issue)
    add("pages", record.pages.replace("-", "--") if "--" not in record.pages else record.pages)
    if kind != "techreport":
        add("publisher", record.publisher)
    add("address", record.place)
    add("isbn", record.isbn)
    add("issn", record.issn)
    add("doi", record.doi, raw=True)
    add("url", record.url, raw=True)
    if record.accessed:
        add("urldate", record.accessed.isoformat())
    add("language", record.language)
    if record.keywords:
        add("keywords", ", ".join(record.keywords))
    add("abstract", record.abstract)
    return out


def render(record: CitationRecord) -> str:
    """One entry, ending with a newline."""
    key = KEY_CHARS.sub("", record.key) or "zhiku"
    body = "".join(f"  {name} = {{{value}}},\n" for name, value in fields(record))
    return f"@{entry_type(record)}{{{key},\n{body}}}\n"


def render_list(records: list[CitationRecord]) -> str:
    """Entries separated by a blank line."""
    return "\n".join(render(r) for r in records)
