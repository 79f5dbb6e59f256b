"""CSL-JSON items: the input format of citeproc processors (Zotero, Pandoc, citeproc-js)."""

from __future__ import annotations

import json
from typing import Any

from zhiku.catalog.contributor_roles import ROLES
from zhiku.catalog.genres import NEWSPAPER_CSL
from zhiku.interop.cite.escape import clean_record
from zhiku.interop.cite.record import CitationRecord, Name


def item_type(record: CitationRecord) -> str:
    """The CSL type of the work."""
    if record.newspaper:
        return NEWSPAPER_CSL
    return record.genre.csl_online if record.url else record.genre.csl


def name_variable(name: Name) -> dict[str, str]:
    """{"family": "鲁", "given": "传颖"}; a one-part name becomes {"literal": …}."""
    if name.family and name.given:
        return {"family": name.family, "given": name.given}
    return {"literal": name.full or name.family}


def item(record: CitationRecord) -> dict[str, Any]:
    """One CSL-JSON item (a dict ready for json.dumps), its values through ``clean_record``."""
    record = clean_record(record, newlines=True)
    report = record.genre.form == "report"
    out: dict[str, Any] = {"id": record.key, "type": item_type(record), "title": record.title}
    names = {
        ROLES["author"].csl: record.authors,
        ROLES["editor"].csl: record.editors,
        ROLES["translator"].csl: record.translators,
    }
    for variable, people in names.items():
        if people:
            out[variable] = [name_variable(n) for n in people]
    if record.date_parts:
        out["issued"] = {"date-parts": [record.date_parts]}
    if record.accessed:
        accessed = record.accessed
        out["accessed"] = {"date-parts": [[accessed.year, accessed.month, accessed.day]]}
    optional = {
        "container-title": record.container or record.site_name,
        "volume": record.volume,
        "issue": record.issue,
        "page": record.pages,
        "publisher": record.publisher or (record.institution if report else ""),
        "publisher-place": record.place,
        "ISBN": record.isbn,
        "ISSN": record.issn,
        "DOI": record.doi,
        "URL": record.url,
        "abstract": record.abstract,
        "language": record.language,
        "keyword": ", ".join(record.keywords),
        "translated-title": record.title_en,
    }
    out.update({k: v for k, v in optional.items() if v})
    return out


def render(record: CitationRecord) -> str:
    """A CSL-JSON array holding the one item."""
    return render_list([record])


def render_list(records: list[CitationRecord]) -> str:
    """A CSL-JSON array, UTF-8 text (Chinese kept as written, not \\u-escaped)."""
    return json.dumps([item(r) for r in records], ensure_ascii=False, indent=2) + "\n"
