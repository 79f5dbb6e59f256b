"""Normalisers: dates, names, bylines, languages, types, and keys for matching text.

Text is stored as written; the keys made here are for matching and deduplication only.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass

from zhiku.ingest import rules

HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ffff]")
KANA = re.compile(r"[\u3040-\u30ff]")
HANGUL = re.compile(r"[\uac00-\ud7af]")
LATIN_LETTER = re.compile(r"[A-Za-z\u00c0-\u024f]")
_PUNCT_OR_SPACE = re.compile(r"[\s\W_]+", re.UNICODE)


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
    cleaned = unicodedata.normalize("NFKC", text).strip().strip("[]()（）【】")
    if not cleaned or len(cleaned) > 60:
        return None
    for pattern in rules.DATE_PATTERNS:
        match = pattern.fullmatch(cleaned)
        if match:
            return _date_from_match(match.groupdict(), cleaned)
    return None


def find_date(text: str) -> ParsedDate | None:
    """The first valid date anywhere in ``text`` ("发布时间：2013-07-15 10:00")."""
    cleaned = unicodedata.normalize("NFKC", text)
    for pattern in rules.DATE_PATTERNS[:2] + rules.DATE_PATTERNS[5:7]:
        match = pattern.search(cleaned)
        if match:
            try:
                return _date_from_match(match.groupdict(), match.group(0))
            except DateError:
                continue
    return None


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


# --- text keys --------------------------------------------------------------------------------


def text_key(text: str) -> str:
    """A matching key: NFKC (full/half width folded), lowercase, no spaces or punctuation."""
    return _PUNCT_OR_SPACE.sub("", unicodedata.normalize("NFKC", text).casefold())


def clean_inline(text: str) -> str:
    """One line of display text: NBSP and odd spaces made plain, runs of spaces collapsed."""
    text = text.replace("\u00a0", " ").replace("\u3000", " ").replace("\ufeff", "")
    text = re.sub(r"[\u200b-\u200d\u2060]", "", text)
    return re.sub(r"[ \t]+", " ", text).strip()


# --- languages --------------------------------------------------------------------------------


def detect_language(text: str) -> str:
    """BCP 47 primary tag of ``text`` by script: zh, ja, ko, en (Latin), or und."""
    kana = len(KANA.findall(text))
    if kana:
        return "ja"
    if HANGUL.search(text):
        return "ko"
    han = len(HAN.findall(text))
    latin = len(LATIN_LETTER.findall(text))
    # A Han character carries about as much as a short Latin word: weigh them 1 : 3.
    if han and han * 3 >= latin:
        return "zh"
    if latin:
        return "en"
    return "zh" if han else "und"


# --- people -----------------------------------------------------------------------------------


def is_chinese_name(text: str) -> bool:
    """True for a plausible Chinese personal name: a known surname and 2–4 Han characters."""
    name = text.replace("·", "").replace("•", "")
    low, high = rules.CJK_NAME_LENGTH
    if "·" in text or "•" in text:  # minority and transliterated names: 阿不都·热合曼
        return 3 <= len(name) <= 12 and all(HAN.fullmatch(c) for c in name)
    if not low <= len(name) <= high or not all(HAN.fullmatch(c) for c in name):
        return False
    if name[:2] in rules.COMPOUND_SURNAMES:
        return len(name) >= 3
    return name[0] in rules.SINGLE_SURNAMES


_LATIN_NAME = re.compile(
    r"^(?:[A-Z][a-zA-Z'’\-]*\.?|[A-Z]\.|van|von|de|der|da|di|le|la|bin|al-[A-Z][a-z]+)"
    r"(?:\s+(?:[A-Z][a-zA-Z'’\-]*\.?|[A-Z]\.|van|von|de|der|da|di|le|la|bin|al-[A-Z][a-z]+)){1,4}$"
)


def is_latin_name(text: str) -> bool:
    """True for a plausible Latin-script personal name: 2–5 capitalised words."""
    return bool(_LATIN_NAME.match(text)) and not text.isupper()


def is_person_name(text: str) -> bool:
    return is_chinese_name(text) or is_latin_name(text)


def match_title(text: str) -> str | None:
    """The academic title ``text`` is, or None."""
    stripped = text.strip()
    for title in rules.TITLES_LONGEST_FIRST:
        if stripped.casefold() == title.casefold():
            return title
    return None


def split_title_suffix(text: str) -> tuple[str, str | None]:
    """ "张三研究员" → ("张三", "研究员"); a name without a title comes back unchanged."""
    for title in rules.TITLES_LONGEST_FIRST:
        if text.endswith(title) and len(text) > len(title):
            head = text[: -len(title)].strip(" ,，")
            if is_person_name(head):
                return head, title
    return text, None


def unit_level(text: str) -> int | None:
    """1 (centre/department), 2 (institute) or 3 (institution) for a unit name, else None."""
    stripped = text.strip()
    if len(stripped) < 2 or len(stripped) > 80 or rules.EMAIL.search(stripped):
        return None
    lowered = stripped.casefold()
    for suffix, level in rules.UNIT_SUFFIXES:
        if lowered.endswith(suffix) and len(lowered) > len(suffix):
            if HAN.search(stripped) and len(stripped) < len(suffix) + 2:
                return None  # "研究所" alone or one character before it is not a name
            return level
    return None


@dataclass
class Byline:
    """Authors read from a byline, with any titles and units it gave them."""

    names: list[str]
    titles: dict[str, str]
    units: dict[str, list[str]]


def split_byline(text: str) -> Byline | None:
    """The authors of a byline (张三、李四 / By A and B / 文/张三 / 张三 研究员), or None."""
    line = clean_inline(text)
    for pattern in (rules.TEXT_BY, rules.BY_LINE):
        match = pattern.match(line)
        if match:
            line = match.group("names")
            break
    line = re.sub(r"^(?:作者|撰文|author|authors)\s*[:：]\s*", "", line, flags=re.I).strip()
    if not line:
        return None
    # A parenthesised note after a name holds title and unit: 张三（上海国际问题研究院研究员）.
    notes: dict[str, str] = {}

    def _park_note(match: re.Match[str]) -> str:
        key = f"\x00{len(notes)}\x00"
        notes[key] = match.group(1)
        return key

    line = re.sub(r"[（(]([^()（）]{1,80})[)）]", _park_note, line)
    byline = Byline(names=[], titles={}, units={})
    if is_latin_name(line):
        byline.names.append(line)
        return byline
    parts = [p for p in re.split(r"\s*(?:[、，,;；/／|｜&]|\band\b|\s与\s)\s*", line) if p.strip()]
    pending_unit: list[str] = []
    for part in parts:
        tokens = [t for t in re.split(r"(\x00\d+\x00)|\s+", part.strip()) if t]
        if is_latin_name(" ".join(t for t in tokens if "\x00" not in t)):
            tokens = [" ".join(t for t in tokens if "\x00" not in t)] + [
                t for t in tokens if "\x00" in t
            ]
        current: str | None = None
        for token in tokens:
            if token in notes:
                _attach_note(byline, current, notes[token])
                continue
            name, title = split_title_suffix(token)
            if is_person_name(name):
                current = name
                byline.names.append(name)
                if title:
                    byline.titles[name] = title
                if pending_unit:
                    byline.units.setdefault(name, []).extend(pending_unit)
                    pending_unit = []
            elif match_title(token) and current:
                byline.titles[current] = match_title(token) or token
            elif _unit_and_title(token):
                unit, title = _unit_and_title(token) or ("", None)
                if current and current not in byline.units:
                    byline.units.setdefault(current, []).append(unit)
                    if title:
                        byline.titles.setdefault(current, title)
                else:
                    pending_unit.append(unit)
            else:
                return None
    return byline if byline.names else None


def _unit_and_title(token: str) -> tuple[str, str | None] | None:
    """ "上海国际问题研究院研究员" → ("上海国际问题研究院", "研究员")."""
    for title in rules.TITLES_LONGEST_FIRST:
        if token.endswith(title) and unit_level(token[: -len(title)]):
            return token[: -len(title)], title
    return (token, None) if unit_level(token) else None


def _attach_note(byline: Byline, name: str | None, note: str) -> None:
    if not name:
        return
    note = re.sub(r"^(?:作者)?(?:系|为|是)", "", note.strip())
    split = _unit_and_title(note)
    if split:
        unit, title = split
        byline.units.setdefault(name, []).append(unit)
        if title:
            byline.titles[name] = title
    elif match_title(note):
        byline.titles[name] = match_title(note) or note


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
        labelled = rules.TYPE_LABELS.get(label.strip().casefold())
        if labelled:
            return labelled
    if in_book_marks:
        return "book"
    if rules.CONFERENCE_MARKERS.search(title):
        return "conference_summary"
    if rules.REPORT_MARKERS.search(title):
        return "report"
    if source and rules.JOURNAL_SOURCE.search(source):
        return "journal_paper"
    return "article"


def romanize_name(name: str) -> str:
    """Pinyin of a Chinese name, surname first: 鲁传颖 → "Lu Chuanying", 欧阳修 → "Ouyang Xiu"."""
    from pypinyin import Style, lazy_pinyin

    plain = name.replace("·", " ").replace("•", " ").strip()
    if not HAN.search(plain):
        return plain
    if " " in plain:  # transliterated names keep their own parts: 阿不都·热合曼
        return " ".join(romanize_name(part).replace(" ", "") for part in plain.split())
    surname = plain[:2] if plain[:2] in rules.COMPOUND_SURNAMES else plain[:1]
    given = plain[len(surname) :]
    family = rules.SURNAME_PINYIN.get(surname) or "".join(lazy_pinyin(surname)).capitalize()
    given_py = "".join(lazy_pinyin(given, style=Style.NORMAL, errors="ignore"))
    return f"{family} {given_py.capitalize()}".strip()
