"""RefWorks tagged exports (``RT Journal Article`` … ; CNKI and Wanfang offer them).

Each line is a two-character tag, a space and the value: ``RT`` the reference type (a record
starts there), ``A1`` authors (one a line, or several separated by ``;``), ``A2`` editors,
``A4`` translators, ``T1`` title, ``T2``/``JF`` the container, ``T3`` series, ``JO``/``JA`` the
abbreviated journal, ``YR`` year, ``FD`` date, ``VO`` ``IS`` ``SP`` ``OP`` volume, issue, start
and other (end) page, ``PB`` publisher, ``PP`` place, ``SN`` ISSN/ISBN, ``DO`` DOI, ``UL``/``LK``
URL, ``ED`` edition, ``K1`` keywords, ``AB`` abstract, ``LA`` language, ``RD`` access date.
Format described in RefWorks' "RefWorks Tagged Format" help page. See ``tagged.py``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from zhiku.ingest.readers import ReaderError
from zhiku.ingest.readers.registry import ReaderFormat
from zhiku.ingest.readers.tagged import read_tagged
from zhiku.ingest.records import Extraction

TAG_LINE = re.compile(r"^(?P<tag>[A-Z][A-Z0-9])(?:[ \t]+(?P<value>.*))?$")
MAPPING = {
    "RT": "type",
    "A1": "authors",
    "A2": "editors",
    "A4": "translators",
    "T1": "title",
    "TT": "title_en",
    "T2": "secondary_title",
    "JF": "container",
    "JO": "container_abbr",
    "T3": "series",
    "YR": "year",
    "FD": "date",
    "VO": "volume",
    "IS": "issue",
    "SP": "start_page",
    "OP": "end_page",
    "PB": "publisher",
    "PP": "place",
    "SN": "isbn_issn",
    "DO": "doi",
    "UL": "url",
    "LK": "url",
    "ED": "edition",
    "K1": "keywords",
    "AB": "abstract",
    "LA": "language",
    "RD": "access_date",
}
HEAD = re.compile(rb"^RT[ \t]+\S")


class RefWorksError(ReaderError):
    """A RefWorks file with no readable record."""


def read_refworks(text: str) -> Iterator[Extraction]:
    yield from read_tagged(
        _pages(text),
        name="RefWorks",
        tag_line=TAG_LINE,
        mapping={**MAPPING, "PG": "pages"},
        starts=lambda tag: tag == "RT",
        error=RefWorksError,
    )


def _pages(text: str) -> str:
    """``SP 12`` and ``OP 34`` as one ``PG 12-34`` line (the tagged reader takes one value)."""
    lines = text.splitlines()
    out: list[str] = []
    for line in lines:
        if line.startswith("OP ") and out and out[-1].startswith("PG "):
            end = line[3:].strip()
            if end and "-" not in out[-1]:
                out[-1] = f"{out[-1]}-{end}"
            continue
        out.append("PG " + line[3:] if line.startswith("SP ") else line)
    return "\n".join(out)


FORMAT = ReaderFormat(
    name="refworks",
    suffixes=(".rwt",),
    read=read_refworks,
    sniff=lambda head: bool(HEAD.match(head)),
    sniff_wins=False,
    upload_check=lambda head: (
        None
        if HEAD.match(head.lstrip(b"\xef\xbb\xbf \t\r\n"))
        else "does not look like a RefWorks export (no 'RT type' line first)"
    ),
)
