"""EndNote tagged exports (``.enw``, the Refer/EndNote "%0" format; CNKI writes it too).

Each line is ``%X value``: ``%0`` the reference type (a record starts there), ``%A`` an author,
``%E`` an editor, ``%Y`` a tertiary author, ``%T`` the title, ``%J`` the journal, ``%B`` the
secondary title (a book's series, else the container), ``%D`` the year, ``%8`` the date, ``%V``
``%N`` ``%P`` volume, issue, pages, ``%I`` publisher (a thesis's institution), ``%C`` place,
``%@`` ISBN/ISSN, ``%R`` DOI, ``%U`` URL, ``%7`` edition, ``%S`` series, ``%K`` keywords,
``%X`` abstract, ``%9`` the type of work (a thesis's degree), ``%G`` language. See ``tagged.py``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from zhiku.ingest.readers import ReaderError
from zhiku.ingest.readers.registry import ReaderFormat
from zhiku.ingest.readers.tagged import read_tagged
from zhiku.ingest.records import Extraction

TAG_LINE = re.compile(r"^(?P<tag>%[0-9A-Z@!#$&()*+\-\[\]=~^>|?])(?:\s(?P<value>.*))?$")
MAPPING = {
    "%0": "type",
    "%A": "authors",
    "%E": "editors",
    "%H": "translators",
    "%T": "title",
    "%Q": "title_en",
    "%J": "container",
    "%B": "secondary_title",
    "%S": "series",
    "%D": "year",
    "%8": "date",
    "%V": "volume",
    "%N": "issue",
    "%P": "pages",
    "%I": "publisher",
    "%C": "place",
    "%@": "isbn_issn",
    "%R": "doi",
    "%U": "url",
    "%7": "edition",
    "%K": "keywords",
    "%X": "abstract",
    "%9": "degree",
    "%G": "language",
    "%[": "access_date",
}
HEAD = re.compile(rb"^%0(?:\s|$)")


class EndnoteTaggedError(ReaderError):
    """An EndNote tagged file with no readable record."""


def read_endnote_tagged(text: str) -> Iterator[Extraction]:
    return read_tagged(
        text,
        name="EndNote tagged",
        tag_line=TAG_LINE,
        mapping=MAPPING,
        starts=lambda tag: tag == "%0",
        error=EndnoteTaggedError,
    )


FORMAT = ReaderFormat(
    name="endnote_tagged",
    suffixes=(".enw",),
    read=read_endnote_tagged,
    sniff=lambda head: bool(HEAD.match(head)),
    sniff_wins=True,
    upload_check=lambda head: (
        None
        if HEAD.match(head.lstrip(b"\xef\xbb\xbf \t\r\n"))
        else "does not look like an EndNote tagged export (no '%0 type' line first)"
    ),
)
