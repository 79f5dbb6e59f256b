"""RIS records (the tagged format of EndNote, Zotero, NoteExpress): ``TY  - JOUR`` … ``ER  - ``."""

from __future__ import annotations

from zhiku.catalog.contributor_roles import ROLES
from zhiku.catalog.genres import NEWSPAPER_RIS
from zhiku.interop.cite.escape import clean_record
from zhiku.interop.cite.record import CitationRecord, Name


def record_type(record: CitationRecord) -> str:
    """The RIS reference type (the genre table's): JOUR, NEWS, BOOK, CHAP, RPRT, ELEC or GEN."""
    if record.newspaper:
        return NEWSPAPER_RIS
    return record.genre.ris_online if record.url else record.genre.ris


def format_name(name: Name) -> str:
    """鲁传颖, or "Smith, John"."""
    if name.cjk:
        return name.full
    return f"{name.family}, {name.given}" if name.given else name.family


def _line(value: str) -> str:
    return " ".join(value.split())


def tags(record: CitationRecord) -> list[tuple[str, str]]:
    """(tag, value) pairs, TY first and without the closing ER.

    RIS is one tag per line: no value may hold a line break (``clean_record`` turns every
    separator into a space), or a keyword could forge a ``UR`` line or a second record.
    """
    record = clean_record(record)
    out: list[tuple[str, str]] = [("TY", record_type(record))]

    def add(tag: str, value: str | int | None) -> None:
        if value not in (None, ""):
            out.append((tag, _line(str(value))))

    out += [(ROLES["author"].ris, _line(format_name(n))) for n in record.authors]
    out += [(ROLES["editor"].ris, _line(format_name(n))) for n in record.editors]
    out += [(ROLES["translator"].ris, _line(format_name(n))) for n in record.translators]
    add("TI", record.title)
    add("TT", record.title_en)
    if record.genre.form == "journal":
        add("JO", record.container)
    else:
        add("T2", record.container)
    add("PY", record.year)
    if record.year:
        month = f"{record.month:02d}" if record.month else ""
        day = f"{record.day:02d}" if record.day else ""
        add("DA", f"{record.year}/{month}/{day}/")
    add("VL", record.volume)
    add("IS", record.issue)
    first, last = record.page_range
    add("SP", first)
    add("EP", last)
    add("PB", record.publisher or (record.institution if record.genre.form == "report" else ""))
    add("CY", record.place)
    add("SN", record.isbn or record.issn)
    add("DO", record.doi)
    add("UR", record.url.replace(";", "%3B"))  # readers split UR on ";" (several links)
    if record.accessed:
        add("Y2", record.accessed.isoformat())
    add("LA", record.language)
    add("AB", record.abstract)
    out += [("KW", _line(k)) for k in record.keywords]
    add("ID", record.key)
    return out


def render(record: CitationRecord) -> str:
    """One record, ending with ``ER  - ``."""
    lines = [f"{tag}  - {value}" for tag, value in tags(record)]
    return "\n".join([*lines, "ER  - "]) + "\n"


def render_list(records: list[CitationRecord]) -> str:
    """Records separated by a blank line."""
    return "\n".join(render(r) for r in records)
