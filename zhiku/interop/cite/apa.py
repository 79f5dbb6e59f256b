"""APA 7th edition reference entries, as plain text.

Authors are "Family, G. G." (Chinese names as written, since they have no initials); up to
20 authors, the last joined with "&"; the date is (year, Month day) for newspaper and web items
and (year) for journals, books and reports; a DOI is given as https://doi.org/…, else the URL.
"""

from __future__ import annotations

from zhiku.interop.cite.escape import clean_record
from zhiku.interop.cite.record import CitationRecord, Name

MONTHS = (
    "January February March April May June July August September October November December"
).split()

#: APA lists up to 20 authors; beyond that, the first 19, an ellipsis, then the last.
MAX_AUTHORS = 20


def format_name(name: Name) -> str:
    """Smith, J. R. — or 鲁传颖 for a Chinese name."""
    if name.cjk:
        return name.full
    initials = " ".join(f"{i}." for i in name.initials)
    return f"{name.family}, {initials}" if initials else name.family


def format_authors(names: tuple[Name, ...]) -> str:
    """A, B, & C — with the 20-author rule."""
    parts = [format_name(n) for n in names]
    if len(parts) > MAX_AUTHORS:
        return ", ".join(parts[: MAX_AUTHORS - 1]) + ", . . . " + parts[-1]
    if len(parts) == 1:
        return parts[0]
    if len(parts) == 2:
        return f"{parts[0]}, & {parts[1]}"
    return ", ".join(parts[:-1]) + f", & {parts[-1]}" if parts else ""


def format_date(record: CitationRecord) -> str:
    """(2013, July 15), (2013, July), (2013) or (n.d.)."""
    if record.year is None:
        return "(n.d.)"
    if record.genre.form == "web" and record.month:  # periodical and web items: full date
        day = f" {record.day}" if record.day else ""
        return f"({record.year}, {MONTHS[record.month - 1]}{day})"
    return f"({record.year})"


def _end(text: str) -> str:
    return text if text.endswith((".", "?", "!")) else text + "."


def render(record: CitationRecord) -> str:
    """One APA reference entry, on one line (``clean_record``)."""
    record = clean_record(record)
    authors = format_authors(record.authors)
    date = format_date(record)
    head = f"{_end(authors)} {date}." if authors else ""
    title = _end(record.title)
    if not authors:  # APA moves the title to the author position
        head, title = f"{title} {date}.", ""
    link = f"https://doi.org/{record.doi}" if record.doi else record.url
    form = record.genre.form
    if form == "journal":
        source = record.container
        if record.volume:
            source += f", {record.volume}"
        if record.issue:
            source += f"({record.issue})"
        if record.pages:
            source += f", {record.pages.replace('-', '–')}"
        source = _end(source) if source else ""
    elif form in {"book", "chapter", "report"}:
        source = (
            _end(record.publisher or record.institution)
            if (record.publisher or record.institution)
            else ""
        )
        if form == "chapter" and record.container:
            source = f"In {record.container}. {source}".strip()
    else:
        outlet = record.container or record.site_name
        source = _end(outlet) if outlet else ""
    return " ".join(part for part in (head, title, source, link) if part)


def render_list(records: list[CitationRecord]) -> str:
    """A reference list, one entry per line, alphabetical by first author as APA orders it."""
    cleaned = [clean_record(r) for r in records]
    entries = sorted(cleaned, key=lambda r: (format_authors(r.authors) or r.title).casefold())
    return "".join(render(r) + "\n" for r in entries)
