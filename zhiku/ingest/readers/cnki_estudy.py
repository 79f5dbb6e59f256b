"""CNKI E-Study text exports: one field a line, ``English-中文: value``.

CNKI's export page offers this layout ("CNKI E-Study", also its own plain text):
``SrcDatabase-来源库: 期刊`` starts a record, then ``Title-题名:``, ``Author-作者:`` (names
separated by ``;``), ``Organ-单位:``, ``Source-文献来源:`` or ``Source-刊名:`` (the journal,
newspaper or degree-granting institution), ``Keyword-关键词:``, ``Summary-摘要:``,
``PubTime-发表时间:``, ``Year-年:``, ``Volume-卷:``, ``Period-期:``, ``Page-页码:``,
``ISSN-国际标准刊号:``, ``URL-网址:``, ``DOI-DOI:``. The record type is the source database
(期刊, 硕士, 博士, 报纸, 中国会议, …). No redistributable export file was found, so this reader
and its test sample follow the published description of the layout (see the unit tests). Such
files are saved as ``.txt``; their first line is unmistakable, so content decides.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from zhiku.ingest.readers import ReaderError
from zhiku.ingest.readers.registry import ReaderFormat
from zhiku.ingest.readers.tagged import read_tagged
from zhiku.ingest.records import Extraction

TAG_LINE = re.compile(r"^(?P<tag>[A-Za-z]+-[^\s:：]{1,12})\s*[:：]\s*(?P<value>.*)$")
#: By the English half of each tag (CNKI varies the Chinese half by database).
FIELDS = {
    "SrcDatabase": "type",
    "Title": "title",
    "Author": "authors",
    "Source": "container",
    "Keyword": "keywords",
    "Summary": "abstract",
    "PubTime": "date",
    "Year": "year",
    "Volume": "volume",
    "Period": "issue",
    "Page": "pages",
    "ISSN": "issn",
    "ISBN": "isbn",
    "URL": "url",
    "DOI": "doi",
    "Publisher": "publisher",
    "Degree": "degree",
    "Conference": "conference",
    "Place": "conference_place",
}
HEAD = re.compile("^SrcDatabase-来源库\\s*[:：]".encode())


class CnkiError(ReaderError):
    """A CNKI E-Study file with no readable record."""


class _ByEnglishName(dict[str, str]):
    """``FIELDS`` looked up by a whole tag ("Source-刊名")."""

    def get(self, key: str, default: str | None = None) -> str | None:  # type: ignore[override]
        return FIELDS.get(key.split("-", 1)[0], default)


def read_cnki_estudy(text: str) -> Iterator[Extraction]:
    return read_tagged(
        text,
        name="CNKI E-Study",
        tag_line=TAG_LINE,
        mapping=_ByEnglishName(),
        starts=lambda tag: tag.startswith("SrcDatabase-"),
        flip=False,
        error=CnkiError,
    )


FORMAT = ReaderFormat(
    name="cnki_estudy",
    suffixes=(),
    read=read_cnki_estudy,
    sniff=lambda head: bool(HEAD.match(head)),
    sniff_wins=True,
)
