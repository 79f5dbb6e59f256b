"""The citation record: what every citation style needs to know about one work, without Django.

``zhiku.interop.citing`` builds records from catalog works; the style modules beside this one
turn records into text. Keeping the record plain data lets the styles be tested as tables and
type-checked without a database.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass

from zhiku.catalog.genres import Genre, genre_of
from zhiku.text.names import COMPOUND_SURNAMES

#: An outlet whose name ends like this is a newspaper (文汇报, 人民日报, The New York Times).
NEWSPAPER_NAME = re.compile(
    r"(?:报|日报|晚报|时报|周报|商报|新闻|Daily|Times|Post|Herald|Gazette|Tribune|Guardian|"
    r"Telegraph|Chronicle)$",
    re.IGNORECASE,
)

#: Book-title marks around an outlet name (《文汇报》) are punctuation, not part of the name.
TITLE_MARKS = re.compile(r"^[《〈<]+|[》〉>]+$")


def is_cjk(text: str) -> bool:
    """True when the text contains a CJK ideograph."""
    return any(unicodedata.category(ch) == "Lo" and "\u2e80" <= ch <= "\u9fff" for ch in text)


@dataclass(frozen=True)
class Name:
    """A person's name split into family and given parts (CJK names keep their order)."""

    family: str
    given: str = ""

    @property
    def cjk(self) -> bool:
        return is_cjk(self.family + self.given)

    @property
    def full(self) -> str:
        """鲁传颖, or John Smith."""
        if self.cjk:
            return self.family + self.given
        return f"{self.given} {self.family}".strip()

    @property
    def initials(self) -> list[str]:
        """Initials of the given names: "John Ronald" → ["J", "R"]; "Jean-Paul" → ["J", "P"]."""
        return [part[0].upper() for part in re.split(r"[\s\-.]+", self.given) if part]


def split_name(text: str) -> Name:
    """A name as written, split: 欧阳修 → 欧阳 + 修; "Smith, John" or "John Smith" → Smith, John."""
    text = " ".join(text.split())
    if not text:
        return Name("")
    if is_cjk(text):
        compact = re.sub(r"[\s]", "", text)
        compact = re.sub(r"[・•‧]", "·", compact)
        if "·" in compact:  # transliterated foreign names (约瑟夫·奈): the last part is the family
            given, _, family = compact.rpartition("·")
            return Name(family, given)
        if len(compact) > 2 and compact[:2] in COMPOUND_SURNAMES:
            return Name(compact[:2], compact[2:])
        return Name(compact[:1], compact[1:])
    if "," in text:
        family, _, given = text.partition(",")
        return Name(family.strip(), given.strip())
    given, _, family = text.rpartition(" ")
    return Name(family, given)


def outlet_name(text: str | None) -> str:
    """An outlet as cited: 《文汇报》 → 文汇报; None (unknown) → ""."""
    return TITLE_MARKS.sub("", (text or "").strip()).strip()


@dataclass(frozen=True)
class CitationRecord:
    """One work as citation styles see it. Empty strings mean "not known"."""

    key: str
    type: str
    title: str
    language: str = "zh"
    authors: tuple[Name, ...] = ()
    editors: tuple[Name, ...] = ()
    translators: tuple[Name, ...] = ()
    year: int | None = None
    month: int | None = None
    day: int | None = None
    container: str = ""  # the journal, newspaper, book or site the work appeared in
    volume: str = ""
    issue: str = ""
    pages: str = ""
    publisher: str = ""
    place: str = ""
    institution: str = ""  # who issued a report
    isbn: str = ""
    issn: str = ""
    doi: str = ""
    url: str = ""  # where a reader finds it (the work's landing page)
    abstract: str = ""
    keywords: tuple[str, ...] = ()
    site_name: str = ""  # the portal that publishes it online
    accessed: dt.date | None = None
    title_en: str = ""

    @property
    def genre(self) -> Genre:
        """The row of the genre table for ``type`` (``other`` for an unknown code)."""
        return genre_of(self.type)

    @property
    def chinese(self) -> bool:
        """A Chinese-language work (cited with 等, 出版地不详 …)."""
        return self.language.lower().startswith("zh") or (not self.language and is_cjk(self.title))

    @property
    def newspaper(self) -> bool:
        """Appeared in a newspaper (by the outlet's name), as articles and commentaries often do."""
        return self.genre.newspaper and bool(NEWSPAPER_NAME.search(self.container))

    @property
    def date_parts(self) -> list[int]:
        """[2013, 7, 15], [2013, 7] or [2013] at the date's precision; [] when undated."""
        parts = [self.year, self.month, self.day]
        out: list[int] = []
        for part in parts:
            if part is None:
                break
            out.append(part)
        return out

    @property
    def iso_date(self) -> str:
        """2013-07-15, 2013-07 or 2013 at the date's precision; "" when undated."""
        return "-".join(f"{p:02d}" if i else str(p) for i, p in enumerate(self.date_parts))

    @property
    def page_range(self) -> tuple[str, str]:
        """("45", "67") from "45-67" or "45–67"; ("45", "") from "45"."""
        first, _, last = re.sub(r"\s*[–—~-]+\s*", "-", self.pages.strip()).partition("-")
        return first, last
