"""GB/T 7714 (信息与文献 参考文献著录规则), sequential-numbering form.

A style is data (``Style``): the 2015 edition is ``GBT7714_2015``; a later edition is another
``Style`` with the rules that changed, registered under its own key, so both stay available.
The rules followed here (GB/T 7714-2015):

- authors surname first; Latin surnames in capitals with initials and no full stops
  (``SMITH J R``); Chinese names as written; more than three authors → the first three, then
  ``等`` for Chinese works or ``et al.`` for others;
- type codes: journal [J], book [M], newspaper [N], report [R], electronic resource [EB/OL];
  online items add ``/OL``, ``(publication date)[access date]`` and the URL;
- unknown place/publisher of a book: ``[出版地不详]``/``[出版者不详]`` (Chinese works),
  ``[S.l.]``/``[s.n.]`` (others).
"""

from __future__ import annotations

from dataclasses import dataclass

from zhiku.catalog.genres import NEWSPAPER_GBT7714
from zhiku.interop.cite.escape import clean_record
from zhiku.interop.cite.record import CitationRecord, Name


@dataclass(frozen=True)
class Style:
    """The rules of one edition of GB/T 7714 that the renderer needs."""

    name: str
    max_authors: int = 3
    et_al_chinese: str = "等"
    et_al_other: str = "et al."
    capitalise_latin_surnames: bool = True
    place_unknown: tuple[str, str] = ("[出版地不详]", "[S.l.]")
    publisher_unknown: tuple[str, str] = ("[出版者不详]", "[s.n.]")


GBT7714_2015 = Style(name="GB/T 7714-2015")


def format_name(name: Name, style: Style = GBT7714_2015) -> str:
    """鲁传颖 stays as written; John Ronald Smith → SMITH J R."""
    if name.cjk or not name.given:
        return name.full if name.cjk else name.family
    family = name.family.upper() if style.capitalise_latin_surnames else name.family
    return " ".join([family, *name.initials])


def format_authors(record: CitationRecord, style: Style = GBT7714_2015) -> str:
    """At most ``max_authors`` names, then 等 / et al.; "" when the work has no author."""
    names = [format_name(n, style) for n in record.authors if n.family or n.given]
    if len(names) > style.max_authors:
        et_al = style.et_al_chinese if record.chinese else style.et_al_other
        names = [*names[: style.max_authors], et_al]
    return ", ".join(names)


def type_code(record: CitationRecord) -> str:
    """The document-type code in brackets, without the /OL suffix: J, M, N, R or EB."""
    if record.newspaper:
        return NEWSPAPER_GBT7714
    return record.genre.gbt7714


def render(record: CitationRecord, style: Style = GBT7714_2015) -> str:
    """One reference, without its sequence number, on one line (``clean_record``)."""
    record = clean_record(record)
    authors = format_authors(record, style)
    head = (authors if authors.endswith(".") else f"{authors}.") + " " if authors else ""
    code = type_code(record)
    body = {"J": _journal, "M": _book, "N": _newspaper, "R": _report}.get(code, _online)
    return head + body(record, style)


def render_list(records: list[CitationRecord], style: Style = GBT7714_2015) -> str:
    """A numbered reference list: ``[1] …`` one per line, in the order given."""
    return "".join(f"[{i}] {render(r, style)}\n" for i, r in enumerate(records, start=1))


def _unknown(record: CitationRecord, pair: tuple[str, str]) -> str:
    return pair[0] if record.chinese else pair[1]


def _online_locator(record: CitationRecord) -> str:
    """(publication date)[access date]. URL. — what makes a reference an online one."""
    stamp = _published(record) + (f"[{record.accessed.isoformat()}]" if record.accessed else "")
    return (f"{stamp}. " if stamp else "") + f"{record.url}."


def _journal(record: CitationRecord, style: Style) -> str:
    where = record.container or _unknown(record, ("[刊名不详]", "[s.n.]"))
    parts = [str(record.year)] if record.year else []
    volume = record.volume + (f"({record.issue})" if record.issue else "")
    if volume:
        parts.append(volume)
    located = ", ".join([where, *parts])
    if record.pages:
        located += f": {record.pages}"
    text = f"{record.title}[J]. {located}"
    if record.doi:
        return f"{text}. DOI:{record.doi}."
    return f"{text}."


def _imprint(record: CitationRecord, style: Style) -> str:
    place = record.place or _unknown(record, style.place_unknown)
    publisher = record.publisher or record.institution or _unknown(record, style.publisher_unknown)
    year = str(record.year) if record.year else ""
    return f"{place}: {publisher}" + (f", {year}" if year else "")


def _book(record: CitationRecord, style: Style) -> str:
    imprint = _imprint(record, style)
    if record.genre.form == "chapter" and record.container:
        editors = ", ".join(format_name(n, style) for n in record.editors)
        host = (f"{editors}. " if editors else "") + record.container
        pages = f": {record.pages}" if record.pages else ""
        return f"{record.title}[M]//{host}. {imprint}{pages}."
    return f"{record.title}[M]. {imprint}."


def _newspaper(record: CitationRecord, style: Style) -> str:
    dated = f", {record.iso_date}" if record.iso_date else ""
    edition = f"({record.pages})" if record.pages and dated else ""  # 版次: the page it ran on
    return f"{record.title}[N]. {record.container}{dated}{edition}."


def _report(record: CitationRecord, style: Style) -> str:
    if (record.publisher and record.place) or not record.url:
        return f"{record.title}[R]. {_imprint(record, style)}."
    return f"{record.title}[R/OL]. {_online_locator(record)}"


def _online(record: CitationRecord, style: Style) -> str:
    if not record.url:
        return f"{record.title}[Z]. {record.container or record.site_name}."
    return f"{record.title}[{type_code(record)}/OL]. {_online_locator(record)}"


def _published(record: CitationRecord) -> str:
    """(2013-07-15) — the publication date of an online item, when known."""
    return f"({record.iso_date})" if record.iso_date else ""
