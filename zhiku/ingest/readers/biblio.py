"""What BibTeX and RIS publication lists share: type lookups, names, venues, dates.

Both formats state a type explicitly (``@article``, ``TY  - JOUR``); that is the type evidence.
Names arrive as "Last, First" and are stored as written in their own script: "Heath, Timothy R."
→ "Timothy R. Heath", "鲁, 传颖" → "鲁传颖".
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from zhiku.catalog.genres import GENRES
from zhiku.ingest.normalize import DateError, normalize_date
from zhiku.ingest.records import Extraction, WorkRecord
from zhiku.text.scripts import HAN, detect_language

#: The work type of a BibTeX entry type or RIS ``TY`` that no genre reads (no evidence).
UNTYPED = "article"


def bibtex_type(entry_type: str) -> str:
    """The work type of a BibTeX entry type (``Genre.bibtex_read`` of the genre table)."""
    return GENRES.from_bibtex(entry_type) or UNTYPED


def ris_type(code: str) -> str:
    """The work type of a RIS reference type (``Genre.ris_read`` of the genre table)."""
    return GENRES.from_ris(code) or UNTYPED


#: Language field values → BCP 47 (BibTeX ``language``/``langid``, RIS ``LA``).
LANGUAGE_NAMES: dict[str, str] = {
    "chinese": "zh", "zh": "zh", "zh-cn": "zh", "zh-tw": "zh", "zh-hans": "zh", "zh-hant": "zh",
    "中文": "zh", "english": "en", "en": "en", "en-us": "en", "en-gb": "en", "japanese": "ja",
    "ja": "ja", "korean": "ko", "ko": "ko", "french": "fr", "fr": "fr", "german": "de",
    "de": "de", "russian": "ru", "ru": "ru", "chi": "zh", "zho": "zh", "chn": "zh", "eng": "en",
    "jpn": "ja", "kor": "ko", "fre": "fr", "fra": "fr", "ger": "de", "deu": "de", "rus": "ru",
}  # fmt: skip
_DOI = re.compile(r"(10\.\d{4,9}/\S+)")
_MONTHS = {m: i for i, m in enumerate("jan feb mar apr may jun jul aug sep oct nov dec".split(), 1)}


def display_name(last: str, first: str = "") -> str:
    """A name in reading order: Latin "First Last", Chinese surname and given name joined."""
    last, first = last.strip(), first.strip()
    if not first:
        return last
    if HAN.search(last) and HAN.search(first):
        return f"{last}{first}"
    return f"{first} {last}"


def flip_name(name: str) -> str:
    """ "Heath, Timothy R." → "Timothy R. Heath"; a name without a comma is unchanged."""
    last, comma, first = name.partition(",")
    return display_name(last, first) if comma else name.strip()


def normalize_doi(text: str | None) -> str | None:
    """The bare DOI in ``text`` (doi:…, https://doi.org/…), or None."""
    match = _DOI.search(text or "")
    return match.group(1).rstrip(".,;") if match else None


def normalize_pages(first: str | None, last: str | None = None) -> str | None:
    """ "12--34", "12–34" or (12, 34) → "12-34"."""
    if not first:
        return None
    text = re.sub(r"\s*(?:-{1,3}|–|—)\s*", "-", first.strip())
    return f"{text}-{last.strip()}" if last and "-" not in text else text


def date_from_parts(
    extraction: Extraction,
    where: str,
    *,
    date: str | None,
    year: str | None,
    month: str | None,
    day: str | None = None,
) -> str | None:
    """ISO date at its precision from a full date, else year, month and day; a warning if
    impossible."""
    candidates = [date.strip().rstrip("/")] if date and date.strip("/ ") else []
    if year and year.strip():
        month_number = _month(month)
        day_number = int(day) if day and day.strip().isascii() and day.strip().isdigit() else 0
        if month_number and 1 <= day_number <= 31:
            candidates.append(f"{year.strip()}-{month_number:02d}-{day_number:02d}")
        candidates.append(f"{year.strip()}-{month_number:02d}" if month_number else year.strip())
    for candidate in candidates:
        candidate = _RANGE.sub(r"\1", candidate)  # "1984/1986", "1885--1888": the first year
        try:
            parsed = normalize_date(candidate)
        except DateError as exc:
            old = historical_date(candidate)
            if old:
                return old
            extraction.warn("date_unparsed", f"{where}: {exc}", field="date")
            return None
        if parsed:
            return parsed.iso
    if candidates:
        extraction.warn("date_unparsed", f"{where}: {candidates[0]!r}", field="date")
    return None


def _month(text: str | None) -> int | None:
    if not text:
        return None
    text = text.strip().lower()
    if text.isascii() and text.isdigit() and 1 <= int(text) <= 12:  # "²" is a digit too
        return int(text)
    return _MONTHS.get(text[:3])


_RANGE = re.compile(r"^(\d{4}(?:-\d{2}(?:-\d{2})?)?)\s*(?:/|--?|–)\s*\d{4}(?:-\d{2}(?:-\d{2})?)?$")
_ISO = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
#: The earliest year a bibliography's record may give (an 1877 edition of Aristotle is real; the
#: pages' own range, ``rules.YEAR_RANGE``, starts in 1900).
EARLIEST_YEAR = 1000


def historical_date(text: str) -> str | None:
    """An ISO date before the pages' year range ("1877", "1899-05"), or None."""
    match = _ISO.match(text.strip())
    if not match or not EARLIEST_YEAR <= int(match.group(1)) < 1900:
        return None
    try:
        dt.date(int(match.group(1)), int(match.group(2) or 1), int(match.group(3) or 1))
    except ValueError:
        return None
    return match.group(0)


def normalize_date_text(text: str | None) -> str | None:
    """An ISO date (at its precision) from ``text``, or None when it is not one."""
    if not text or not text.strip():
        return None
    try:
        parsed = normalize_date(text.strip().rstrip("/"))
    except DateError:
        return historical_date(text.strip())
    return parsed.iso if parsed else None


def contributor(name: str, role: str, *, organisation: bool = False) -> dict[str, Any]:
    """A ``WorkRecord.contributors`` item: the name, its role code, and whether it is an
    organisation (a corporate name) rather than a person."""
    out: dict[str, Any] = {"name": name.strip(), "role": role}
    if organisation:
        out["organisation"] = True
    return out


def language_of(value: str | None, title: str) -> str:
    """The declared language, else the language of the title's script."""
    declared = LANGUAGE_NAMES.get((value or "").strip().lower())
    return declared or detect_language(title)


def split_keywords(value: str | list[str] | None) -> list[str]:
    """Keywords from a list, or from text separated by commas, semicolons or 、."""
    if not value:
        return []
    items = value if isinstance(value, list) else re.split(r"[,;，；、]", value)
    return [k.strip() for k in items if k and k.strip()]


def finish_work(work: WorkRecord, venue: dict[str, str | None]) -> WorkRecord:
    """Set the venue fields that have a value; the outlet becomes the work's source."""
    for key, value in venue.items():
        if value:
            setattr(work, key, value.strip())
    work.source = work.source or work.journal or None
    return work


#: Reference type names of EndNote, NoteExpress, RefWorks and CNKI (English and Chinese), as
#: the RIS type they are: the genre table reads RIS types.
EXPORT_TYPES: dict[str, str] = {
    "journal article": "JOUR", "journal": "JOUR", "article": "JOUR",
    "electronic article": "EJOUR", "magazine article": "MGZN", "magazine": "MGZN",
    "newspaper article": "NEWS", "newspaper": "NEWS", "book": "BOOK", "book, whole": "BOOK",
    "book whole": "BOOK", "edited book": "EDBOOK", "electronic book": "EBOOK",
    "book section": "CHAP", "book, section": "CHAP", "book chapter": "CHAP",
    "electronic book section": "ECHAP", "conference proceedings": "CONF",
    "conference proceeding": "CONF", "conference paper": "CPAPER", "conference": "CONF",
    "thesis": "THES", "dissertation": "THES", "dissertation/thesis": "THES", "report": "RPRT",
    "government document": "GOVDOC", "patent": "PAT", "standard": "STAND",
    "web page": "ELEC", "electronic source": "ELEC", "web site": "ELEC", "blog": "BLOG",
    "generic": "GEN", "unpublished work": "UNPB", "manuscript": "MANSCPT",
    "期刊": "JOUR", "期刊文章": "JOUR", "期刊论文": "JOUR", "学术期刊": "JOUR",
    "报纸": "NEWS", "报纸文章": "NEWS", "图书": "BOOK", "专著": "BOOK", "书籍": "BOOK",
    "图书章节": "CHAP", "析出文献": "CHAP", "会议论文": "CPAPER", "会议": "CONF",
    "会议录": "CONF", "学位论文": "THES", "硕士论文": "THES", "博士论文": "THES",
    "报告": "RPRT", "科技报告": "RPRT", "专利": "PAT", "标准": "STAND", "电子文献": "ELEC",
    "网页": "ELEC", "硕士": "THES", "博士": "THES", "中国会议": "CPAPER", "国际会议": "CPAPER",
    "年鉴": "BOOK",
}  # fmt: skip


def export_code(name: str | None) -> str:
    """The RIS type of an export's reference type name ("Journal Article", "学位论文")."""
    key = " ".join((name or "").strip().lower().split())
    return EXPORT_TYPES.get(key, key.upper() if key.isascii() and len(key) <= 6 else "")


def export_type(name: str | None) -> str:
    """The work type of an export's reference type name (no evidence: ``UNTYPED``)."""
    return ris_type(export_code(name))


_ISSN = re.compile(r"\b\d{4}-?\d{3}[\dXx]\b")


def first_issn(text: str | None) -> str | None:
    """The first ISSN in ``text`` ("1532-1827 (Electronic) 0007-0920 (Linking)"), else the
    text as written."""
    if not text:
        return None
    match = _ISSN.search(text)
    return match.group(0) if match else " ".join(text.split())


def loose_date(year: str | None, text: str | None) -> str | None:
    """An ISO date from a year and a free date text ("Mar 3", "2018/03/27", "March 2015",
    "2016-12"): as precise as both allow; None without a year."""
    text = " ".join((text or "").split())
    full = re.search(r"\b(\d{4})[-/.年](\d{1,2})(?:[-/.月](\d{1,2}))?", text)
    if full:
        parts = [p for p in full.groups() if p]
        if not year or parts[0] == year.strip()[:4]:
            iso = "-".join([parts[0], *(f"{int(p):02d}" for p in parts[1:])])
            return normalize_date_text(iso) or normalize_date_text(iso[:7]) or parts[0]
    year_match = re.search(r"\d{4}", year or "") or re.search(r"\b\d{4}\b", text)
    if not year_match:
        return None
    y = year_match.group(0)
    month = next((_MONTHS[w[:3]] for w in re.findall(r"[A-Za-z]+", text.lower())
                  if w[:3] in _MONTHS), None)  # fmt: skip
    if not month:
        return y
    rest = re.sub(r"\b\d{4}\b", "", text)
    day = re.search(r"\b(\d{1,2})\b", rest)
    if day and 1 <= int(day.group(1)) <= 31:
        return normalize_date_text(f"{y}-{month:02d}-{int(day.group(1)):02d}") or f"{y}-{month:02d}"
    return f"{y}-{month:02d}"
