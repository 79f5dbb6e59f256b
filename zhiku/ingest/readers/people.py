"""People on a page that the expert-card reader (``profile.py``) did not find: profiles laid
out as label/value grids, cards anchored on a name anywhere on the page, team pages with
several cards, and the works a profile or a column page lists.

1. **grids**: a line of cells (tabs, or the cells of a table row) that alternate labels and
   values (姓　名 | 张伟 | 职　称 | 研究员) becomes one "label：value" line per pair
   (``expand_grid``, applied when the page is split into lines);
2. **cards**: a line that is a person's name (Chinese, Latin, or both: 陈思远 CHEN Siyuan)
   followed within a few lines by card text (a title, a unit, an e-mail, a profile label)
   anchors a card; several anchors in a row make a team page;
3. **listed works**: after a works heading (主要成果, Publications …), the list items or short
   lines that read as titles, each without the date, journal or column cells beside it.
"""

from __future__ import annotations

import re

from zhiku.ingest import rules, rules_article
from zhiku.ingest.bylines import (
    _unit_and_title,
    match_title,
    split_byline,
    split_title_suffix,
    unit_level,
)
from zhiku.ingest.readers.article import is_title_like, units
from zhiku.ingest.readers.fields import is_field_line, is_type_kicker
from zhiku.ingest.readers.page import RELATED, WORKS, Line, grid_cells, heading_key, is_dateish
from zhiku.ingest.readers.profile import (
    listed_work,
    read_card_item,
    read_labelled_profile,
    read_profile,
    titles_and_units,
)
from zhiku.ingest.records import Extraction, PersonRecord
from zhiku.text.names import is_chinese_name, is_latin_name, is_person_name
from zhiku.text.scripts import HAN

#: A Chinese name followed by its romanisation: "陈思远 CHEN Siyuan", "王伟（Wang Wei）".
BILINGUAL_NAME = re.compile(
    r"^(?P<zh>[\u4e00-\u9fff·]{2,5})\s*[（(]?\s*(?P<en>[A-Z][A-Za-z'\-]+(?:\s+[A-Z][A-Za-z'\-]+){1,2})\s*[)）]?$"
)
#: How many lines after a name may open its card.
CARD_LOOKAHEAD = 3
#: A card's lines are short; a longer line (a biography) ends the card's fields.
MAX_CARD_LINE_CHARS = 80
#: A listed title is at most this long; longer lines are prose.
MAX_LISTED_CHARS = 120
#: Cells after a listed title that are details, not the title: a date, a journal, an issue.
_DETAIL_CELL = re.compile(
    r"^(?:《[^》]+》.*|\d{4}\s*年.*|第\s*\d+\s*期|vol\.?.*|no\.?.*|[\d\-/.]{6,}|\d{4}|"
    r"[\u4e00-\u9fff]{2,12}(?:出版社|报|報|杂志|雜誌|学报|學報|研究|评论|評論))$",
    re.IGNORECASE,
)


def name_of(text: str) -> tuple[str, str | None, str | None] | None:
    """(name, romanised name, title) when ``text`` is a name line of a card, else None."""
    if rules.BY_LINE.match(text) or rules.TEXT_BY.match(text):
        return None  # a byline names an author, it does not open a card
    bilingual = BILINGUAL_NAME.match(text)
    if bilingual:
        return bilingual["zh"], bilingual["en"], None
    name, title = split_title_suffix(text)
    if is_chinese_name(name) or (is_latin_name(name) and len(name.split()) <= 4):
        return name, None, title
    return None


def _is_card_line(text: str) -> bool:
    if len(text) > MAX_CARD_LINE_CHARS or (
        is_field_line(text) and not rules.PROFILE_LABEL.match(text)
    ):
        return False
    parts = [p for p in re.split(r"\s*[/／|｜、，,]\s*", text) if p]
    return bool(
        rules.PROFILE_LABEL.match(text)
        or rules.EMAIL.search(text)
        or rules.CLOUDFLARE_PLACEHOLDER.search(text)
        or unit_level(text)
        or (parts and all(match_title(p) for p in parts))
        or titles_and_units(text)
        or _unit_and_title(text)
    )


def _anchors(lines: list[Line]) -> list[int]:
    """Indexes of the lines that open a card: a name followed soon by card text."""
    out = []
    for index, line in enumerate(lines):
        if name_of(line.text) is None:
            continue
        following = lines[index + 1 : index + 1 + CARD_LOOKAHEAD]
        if (following and _is_card_line(following[0].text)) or (
            any(_is_card_line(f.text) for f in following[1:2])
            and not is_person_name(following[0].text)
        ):
            out.append(index)
    return out


def read_cards(lines: list[Line | None], extraction: Extraction) -> list[Line | None]:
    """Read the cards anchored on names into ``extraction.people``; return the unused lines."""
    present = [line for line in lines if line is not None]
    rows = [(line, person) for line in present if (person := _row_card(line, extraction))]
    if len(rows) >= MIN_TABLE_CARDS:  # a staff table: one person per row
        extraction.people += [person for _, person in rows]
        numbers = {line.number for line, _ in rows}
        return [line for line in lines if line is None or line.number not in numbers]
    anchors = _anchors(present)
    if not anchors:
        return lines
    used: set[int] = set()
    for position, anchor in enumerate(anchors):
        stop = anchors[position + 1] if position + 1 < len(anchors) else len(present)
        person = _card(present, anchor, stop, used, extraction)
        if person is None or not (person.title or person.units or person.email):
            continue  # a name with nothing about the person is a byline or a link, not a card
        if all(p.name != person.name for p in extraction.people):
            extraction.people.append(person)
    if len(extraction.people) == 1:
        extraction.subject = extraction.subject or extraction.people[0].name
    numbers = {present[i].number for i in used}
    return [line for line in lines if line is None or line.number not in numbers]


#: A table lists people when this many of its rows are a name and a title.
MIN_TABLE_CARDS = 2


def _row_card(line: Line, extraction: Extraction) -> PersonRecord | None:
    """A table row that is a person: a name cell and title or unit cells (周宏宇 | 研究員)."""
    if len(line.cells) < 2:
        return None
    named = [(i, found) for i, cell in enumerate(line.cells) if (found := name_of(cell))]
    if len(named) != 1:
        return None
    index, (name, name_en, title) = named[0]
    person = PersonRecord(name=name, title=title, name_en=name_en)
    for cell in line.cells[index + 1 :]:
        if not _title_pair(cell, person) and _is_card_line(cell):
            read_card_item(cell, person, extraction)
        elif not person.title and _title_words(cell):
            person.title = cell
    return person if person.title or person.units else None


def _title_words(text: str) -> bool:
    """ "研究員兼副所長": a cell made of titles joined by 兼/and."""
    parts = [p for p in re.split(r"\s*(?:兼|及|、|and|&)\s*", text) if p]
    return bool(parts) and all(match_title(p) for p in parts)


def _card(
    lines: list[Line], anchor: int, stop: int, used: set[int], extraction: Extraction
) -> PersonRecord | None:
    found = name_of(lines[anchor].text)
    if found is None:
        return None
    name, name_en, title = found
    person = PersonRecord(name=name, title=title, name_en=name_en)
    card = [anchor]
    for index in range(anchor + 1, stop):
        text = lines[index].text
        if not _is_card_line(text) and not _title_pair(text, person):
            break
        if not _title_pair(text, person):
            read_card_item(text, person, extraction)
        card.append(index)
    if person.title or person.units or person.email:
        used.update(card)
    return person


def _title_pair(text: str, person: PersonRecord) -> bool:
    """ "高级研究员 / Senior Fellow", "所长、研究员": a title as written (one or two languages)."""
    parts = [p for p in re.split(r"\s*[/／|｜、，,]\s*", text) if p]
    if len(parts) < 2 or not all(match_title(p) or match_title(p.title()) for p in parts):
        return False
    if not person.title:
        separator = re.search(r"\s*[/／|｜、，,]\s*", text)
        bilingual = separator and HAN.search(parts[0]) and not HAN.search(parts[-1])
        person.title = parts[0] if bilingual else text
    return True


def read_listed(lines: list[Line | None], extraction: Extraction) -> list[Line | None]:
    """Read the works listed under a works heading; return the lines that were not used."""
    present = [line for line in lines if line is not None]
    used: set[int] = set()
    for index, line in enumerate(present):
        if heading_key(line.text) in WORKS:
            used.add(line.number)
            entries, numbers = listed_entries(present[index + 1 :], need_dates=False)
            extraction.listed_works += [listed_work(title) for title in entries]
            used |= numbers
    return [line for line in lines if line is None or line.number not in used]


def read_listing(lines: list[Line | None], extraction: Extraction) -> bool:
    """A column or section page: the longest run of dated titles (three or more) becomes the
    page's listed works. False when there is none."""
    present = [line for line in lines if line is not None]
    best: list[str] = []
    index = 0
    while index < len(present):
        entries, numbers = listed_entries(present[index:], need_dates=True)
        if len(entries) > len(best):
            best = entries
        index += max(1, len(numbers))
    if len(best) < MIN_LISTING_ENTRIES:
        return False
    extraction.listed_works += [listed_work(title) for title in best]
    return True


#: A listing page lists at least this many dated titles.
MIN_LISTING_ENTRIES = 3
#: Lines that end a list of works: "View all work by …", "更多", "共86条记录".
LIST_END = re.compile(
    r"^(?:view all|see all|more\b|load more|查看更多|更多|共\s*\d+\s*条)", re.IGNORECASE
)
_DATE_PREFIX = re.compile(
    r"^[\[【(（]?\s*(?P<date>\d{4}[-/.年]\d{1,2}[-/.月]\d{1,2}日?)\s*[\]】)）]?\s*"
)
_DATE_SUFFIX = re.compile(
    r"\s*[\[【(（]?\s*(?P<date>\d{4}[-/.年]\d{1,2}[-/.月]\d{1,2}日?|\d{4}[-/.]\d{1,2}|"
    r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.? \d{1,2},? \d{4}|\d{1,2} "
    r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]* \d{4})\s*[\]】)）]?$",
    re.IGNORECASE,
)


def _undated(text: str) -> tuple[str, bool]:
    """``text`` without a date before or after it, and whether it had one."""
    for pattern in (_DATE_PREFIX, _DATE_SUFFIX):
        match = pattern.search(text)
        if match and match.group(0).strip() != text.strip():
            return (text[: match.start()] + text[match.end() :]).strip(" |｜-—·"), True
    return text, False


def listed_entries(lines: list[Line], need_dates: bool) -> tuple[list[str], set[int]]:
    """The titles of the list that starts at ``lines[0]``, and the numbers of the lines it used.

    An entry is a title with its date beside it (``[2019-12-02]标题``, ``标题　2019-12-02``, a
    table row), or a title line followed by a line with its date (``2019/11/19 14:23``,
    ``A, B | 3 June 2021``), with a type kicker ("Commentary") before it allowed; without
    ``need_dates``, also list items and short title lines."""
    titles: list[str] = []
    numbers: set[int] = set()
    index = 0
    while index < len(lines):
        line = lines[index]
        text = line.text
        if LIST_END.match(text) or heading_key(text) in RELATED or heading_key(text) in WORKS:
            break
        if not _WORDY.search(text) or is_type_kicker(text) or is_dateish(text):
            numbers.add(line.number)
            index += 1
            continue
        if titles and _is_entry_meta(text):
            numbers.add(line.number)
            index += 1
            continue
        bare, dated = _entry_title(line)
        following = lines[index + 1] if index + 1 < len(lines) else None
        if following and (is_dateish(following.text) or _is_entry_meta(following.text)):
            dated = True
        if not bare or not is_title_like(bare) or len(text) > MAX_LISTED_CHARS:
            break
        if not dated and (need_dates or not (line.is_item or len(line.cells) > 1 or _short(bare))):
            break
        titles.append(bare)
        numbers.add(line.number)
        index += 1
    return titles, numbers


_WORDY = re.compile(r"[^\W_]")


def _entry_title(line: Line) -> tuple[str, bool]:
    """An entry's title without its date and detail cells, and whether a date was among them."""
    text = "\t".join(line.cells) if line.cells else line.text
    bare, dated = _undated(text)
    title = listed_title(bare) or ""
    return title, dated or (title != bare.strip() and bool(rules_article.DATE_IN_CELL.search(bare)))


def _is_entry_meta(text: str) -> bool:
    """A line under a listed title giving its date (and maybe its authors), not a title."""
    if len(text) > MAX_ENTRY_META_CHARS or text.endswith(("。", ".", "!", "?", "！", "？")):
        return False
    if not rules_article.DATE_IN_CELL.search(text):
        return False
    rest = _undated(text)[0].strip(" |｜·-—")
    if units(rest) <= MAX_META_REST_UNITS:
        return True
    byline = split_byline(rest)
    return byline is not None and all(is_person_name(name) for name in byline.names)


#: Beside its date, an entry's date line holds its authors or a few words (a column name).
MAX_META_REST_UNITS = 6
#: A line with an entry's date and authors is this short.
MAX_ENTRY_META_CHARS = 90


def _short(text: str) -> bool:
    return not text.endswith(("。", ".", "！", "？", "!", "?")) and len(text) <= MAX_LISTED_CHARS


def listed_title(text: str) -> str | None:
    """A listed line without the cells after its title (date, journal, issue); None for a
    table's header row ("题目 期刊 时间")."""
    cells = grid_cells(text)
    if len(cells) == 1 and " " in text:
        cells = text.rsplit(" ", 1) if _DETAIL_CELL.match(text.rsplit(" ", 1)[-1]) else [text]
    while len(cells) > 1 and (_DETAIL_CELL.match(cells[-1]) or is_dateish(cells[-1])):
        cells.pop()
    title = " ".join(cells).strip()
    if heading_key(title) in HEADER_ROWS or not title:
        return None
    return title


#: Header rows of works tables, not works.
HEADER_ROWS = {
    heading_key(h)
    for h in (
        "题目 期刊 时间",
        "标题 日期",
        "题目 时间",
        "title date",
        "题名 来源 日期",
        "标题 发布时间",
        "名称 时间",
    )
}


def read_people(lines: list[Line | None], extraction: Extraction) -> list[Line | None]:
    """The expert card (``profile``), else cards anchored on names (``people``: profiles laid
    out otherwise, team pages), then the works listed under a works heading."""
    labelled = read_labelled_profile(lines, extraction)
    if extraction.people:
        return read_listed(labelled, extraction)
    trial = Extraction()
    remaining = read_profile(lines, trial)
    if trial.people and is_card(trial.people[0], trial):
        extraction.people += trial.people
        extraction.listed_works += trial.listed_works
        extraction.warnings += trial.warnings
        extraction.subject = trial.subject
        lines = remaining
    else:
        lines = read_cards(lines, extraction)
    if extraction.people:
        lines = read_listed(lines, extraction)
    return lines


def is_card(person: PersonRecord, found: Extraction) -> bool:
    """True when what the card reader found is a person's card: a name with a title, a unit,
    an e-mail or several listed works (not a menu item that happens to read like a name)."""
    if not is_person_name(person.name) and not BILINGUAL_NAME.match(person.name):
        return False
    return bool(person.title or person.units or person.email or len(found.listed_works) >= 2)
