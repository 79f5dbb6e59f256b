"""Normalisers for reading pages: dates and work types.

Scripts, languages, names and matching keys are shared by every app and live in ``zhiku.text``.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass

from zhiku.catalog.genres import GENRES
from zhiku.ingest import rules


@dataclass(frozen=True)
class ParsedDate:
    """A calendar date with the precision the source gave (day, month or year)."""

    date: dt.date
    precision: str

    @property
    def iso(self) -> str:
        """ISO 8601 at the known precision: 2013-07-15, 2013-07 or 2013."""
        text = self.date.isoformat()
        return {"year": text[:4], "month": text[:7]}.get(self.precision, text)

    @classmethod
    def from_iso(cls, text: str) -> ParsedDate:
        """Inverse of ``iso``."""
        parts = [int(p) for p in text.split("-")]
        precision = {1: "year", 2: "month", 3: "day"}[len(parts)]
        parts += [1] * (3 - len(parts))
        return cls(dt.date(*parts), precision)


class DateError(ValueError):
    """Text that looks like a date but is not a real one (2013-13-45)."""


def normalize_date(text: str) -> ParsedDate | None:
    """The date a whole string states, or None when it states none; DateError if impossible."""
    cleaned = _arabic_date(unicodedata.normalize("NFKC", text).strip().strip("[]()（）【】"))
    if not cleaned or len(cleaned) > 60:
        return None
    for pattern in rules.DATE_PATTERNS:
        match = pattern.fullmatch(cleaned)
        if match:
            return _date_from_match(match.groupdict(), cleaned)
    return None


def find_date(text: str) -> ParsedDate | None:
    """The first valid date anywhere in ``text`` ("发布时间：2013-07-15 10:00")."""
    cleaned = _arabic_date(unicodedata.normalize("NFKC", text))
    for pattern in rules.DATE_PATTERNS[:2] + rules.DATE_PATTERNS[5:7]:
        match = pattern.search(cleaned)
        if match:
            try:
                return _date_from_match(match.groupdict(), match.group(0))
            except DateError:
                continue
    return None


_CN_DIGITS = {c: i for i, c in enumerate("〇一二三四五六七八九")} | {"零": 0, "○": 0, "Ｏ": 0}
_CN_YEAR = re.compile(r"[〇○零一二三四五六七八九]{4}(?=\s*年)")
_CN_NUMBER = re.compile(r"[一二三四五六七八九十]{1,3}(?=\s*[月日号])")


def _arabic_date(text: str) -> str:
    """Chinese-numeral and Minguo (ROC) dates in Arabic Gregorian form: 二〇一三年七月十五日 →
    2013年7月15日, 民國102年7月15日 → 2013年7月15日."""
    if _CN_YEAR.search(text):
        text = _CN_YEAR.sub(lambda m: "".join(str(_CN_DIGITS[c]) for c in m.group(0)), text)
        text = _CN_NUMBER.sub(lambda m: str(_chinese_number(m.group(0))), text)
    roc = rules.ROC_YEAR.search(text)
    if roc:
        text = text[: roc.start()] + str(int(roc["y"]) + 1911) + text[roc.end("y") :]
    # Taiwan writes the Minguo year bare too: 108年11月19日, 108/11/19
    text = _BARE_ROC.sub(lambda m: f"{int(m['y']) + 1911}{m['sep']}", text)
    return _DAY_MONTH_ORDER.sub(_iso_order, text)


#: A three-digit year before 年 with a month, or before /mm/dd: a Minguo year (100 is 2011).
_BARE_ROC = re.compile(
    r"(?<![\d/.\-])(?P<y>1[0-3]\d)(?P<sep>\s*年(?=\s*\d{1,2}\s*月)|/(?=\d{1,2}/\d{1,2}))"
)
#: 19/11/2019 (day first) or 11/19/2019 (month first): the order is only known when one of the
#: two numbers is over 12; an ambiguous 3/4/2019 is left alone (and stays unparsed).
_DAY_MONTH_ORDER = re.compile(r"(?<!\d)(?P<a>\d{1,2})[/.](?P<b>\d{1,2})[/.](?P<y>\d{4})(?!\d)")


def _iso_order(match: re.Match[str]) -> str:
    a, b, year = int(match["a"]), int(match["b"]), match["y"]
    if a > 12 >= b:
        return f"{year}-{b:02d}-{a:02d}"
    if b > 12 >= a:
        return f"{year}-{a:02d}-{b:02d}"
    return match.group(0)


def _chinese_number(text: str) -> int:
    """十五 → 15, 二十 → 20, 三十一 → 31, 七 → 7."""
    if "十" not in text:
        return _CN_DIGITS.get(text, 0)
    tens, _, units = text.partition("十")
    return (_CN_DIGITS[tens] if tens else 1) * 10 + (_CN_DIGITS[units] if units else 0)


def _date_from_match(groups: dict[str, str | None], original: str) -> ParsedDate:
    year = int(groups["y"] or 0)
    month_name, month_number = groups.get("mn"), groups.get("m")
    if month_name:
        month: int | None = rules.MONTHS_EN[month_name.lower().rstrip(".")]
    else:
        month = int(month_number) if month_number else None
    day_text = groups.get("d") or groups.get("d2")
    day = int(day_text) if day_text else None
    if not rules.YEAR_RANGE[0] <= year <= rules.YEAR_RANGE[1]:
        raise DateError(f"year out of range in {original!r}")
    try:
        if day is not None and month is not None:
            return ParsedDate(dt.date(year, month, day), "day")
        if month is not None:
            return ParsedDate(dt.date(year, month, 1), "month")
        return ParsedDate(dt.date(year, 1, 1), "year")
    except ValueError as exc:
        raise DateError(f"not a calendar date: {original!r}") from exc


# --- types ------------------------------------------------------------------------------------

_BOOK_MARKS = ("《", "》")


def strip_book_marks(title: str) -> tuple[str, bool]:
    """("中国与拉美…", True) for a title wholly inside one pair of 《》; else (title, False)."""
    text = title.strip()
    if not (text.startswith(_BOOK_MARKS[0]) and text.endswith(_BOOK_MARKS[1])):
        return title, False
    depth = 0
    for index, char in enumerate(text):
        if char == "《":
            depth += 1
        elif char == "》":
            depth -= 1
            if depth == 0 and index != len(text) - 1:
                return title, False  # 《A》与《B》: two titles, not one book
    return text[1:-1].strip(), True


def classify_type(
    title: str, *, source: str | None = None, label: str | None = None, in_book_marks: bool = False
) -> str:
    """The work type from explicit evidence only; ``article`` when there is none."""
    if label:
        labelled = GENRES.by_alias(label)
        if labelled:
            return labelled
    if in_book_marks:
        return "book"
    prefix = rules.TITLE_TYPE_PREFIX.match(title)
    if prefix:
        label = re.sub(r"\s+", " ", prefix["label"].casefold())
        typed = GENRES.by_title_prefix(label)
        if typed:
            return typed
    if rules.CONFERENCE_MARKERS.search(title):
        return "conference_summary"
    if rules.REPORT_MARKERS.search(title):
        return "report"
    if source and rules.JOURNAL_SOURCE.search(source):
        return "journal_paper"
    return "article"
