"""NoteExpress exports (``.net``): CNKI's and Wanfang's "NoteExpress" text.

Each line is ``{Tag}: value`` (the colon half or full width, the space optional); a record starts
at ``{Reference Type}:``. ``{Author}`` may repeat or hold several names separated by ``;``,
``;;`` or ``,``; ``{Keywords}`` are separated by ``;;`` or ``；``; a line without a tag continues
the field above it. See ``tagged.py`` for what all tagged formats share.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from zhiku.ingest.readers import ReaderError
from zhiku.ingest.readers.registry import ReaderFormat
from zhiku.ingest.readers.tagged import read_tagged
from zhiku.ingest.records import Extraction

TAG_LINE = re.compile(r"^\{(?P<tag>[^{}]{1,40})\}\s*[:：]\s*(?P<value>.*)$")
MAPPING = {
    "Reference Type": "type",
    "Title": "title",
    "Translated Title": "title_en",
    "Author": "authors",
    "Secondary Author": "editors",
    "Editor": "editors",
    "Translator": "translators",
    "Subsidiary Author": "translators",
    "Journal": "container",
    "Translated Journal": "container_en",
    "Secondary Title": "secondary_title",
    "Tertiary Title": "series",
    "Year": "year",
    "Date": "date",
    "Volume": "volume",
    "Issue": "issue",
    "Number": "issue",
    "Pages": "pages",
    "Keywords": "keywords",
    "Abstract": "abstract",
    "ISBN/ISSN": "isbn_issn",
    "ISBN": "isbn",
    "ISSN": "issn",
    "Publisher": "publisher",
    "Place Published": "place",
    "Edition": "edition",
    "URL": "url",
    "DOI": "doi",
    "Language": "language",
    "Type of Work": "degree",
    "Degree": "degree",
    "Institution": "institution",
    "Conference": "conference",
    "Access Date": "access_date",
    "Report Number": "report_number",
}
HEAD = re.compile(rb"^\{Reference Type\}\s*(?::|\xef\xbc\x9a)")


class NoteExpressError(ReaderError):
    """A NoteExpress file with no readable record."""


def read_noteexpress(text: str) -> Iterator[Extraction]:
    return read_tagged(
        text,
        name="NoteExpress",
        tag_line=TAG_LINE,
        mapping=MAPPING,
        starts=lambda tag: tag == "Reference Type",
        flip=False,
        error=NoteExpressError,
    )


FORMAT = ReaderFormat(
    name="noteexpress",
    suffixes=(".net",),
    read=read_noteexpress,
    sniff=lambda head: bool(HEAD.match(head)),
    sniff_wins=True,
    upload_check=lambda head: (
        None
        if HEAD.match(head.lstrip(b"\xef\xbb\xbf \t\r\n"))
        else "does not look like a NoteExpress export (no '{Reference Type}:' line first)"
    ),
)
