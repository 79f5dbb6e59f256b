"""The expert card of a page: a person's name, title, units, e-mail, and their listed works.

A card opens with a heading (``rules_page.PROFILE_HEADINGS``), with a run of list items whose first
item is a person's name, or with labelled fields (姓名：…). Its items are read as name, title,
units and e-mail; what follows (after a ``rules_page.WORKS_HEADINGS`` heading, or once items stop
being about the person) are the person's listed works.
"""

from __future__ import annotations

import re

from zhiku.ingest import rules
from zhiku.ingest.bylines import (
    _unit_and_title,
    match_title,
    split_byline,
    split_title_suffix,
    unit_level,
)
from zhiku.ingest.normalize import DateError, classify_type, normalize_date, strip_book_marks
from zhiku.ingest.readers.page import PROFILE, WORKS, Line, heading_key
from zhiku.ingest.records import Extraction, ListedWork, PersonRecord
from zhiku.text.names import is_person_name
from zhiku.text.scripts import detect_language

#: Where a listed work's details begin: "《书名》，时事出版社，2015年", "题目，《期刊》2015年第3期".
_DETAIL_SPLIT = re.compile(r"\s*[，；;]\s*|\s*,\s*(?=《|\d{4}|[A-Z][a-z]+\.? \d{4})")
#: A detail segment that names where the work appeared: a publisher or a journal issue.
_OUTLET = re.compile(r"^《|出版社|出版公司|书局|書局|\bpress\b|publish", re.IGNORECASE)
_TRAILING_YEAR = re.compile(r"\s*[（(]\s*(?P<date>\d{4}(?:\s*年)?(?:\s*\d{1,2}\s*月)?)\s*[)）]\s*$")


def read_profile(lines: list[Line | None], extraction: Extraction) -> list[Line | None]:
    """Read the first expert card into ``extraction``; return the lines it did not use."""
    start, end = find_profile(lines)
    if start is None:
        return read_labelled_profile(lines, extraction)
    items = [line for line in lines[start:end] if line is not None]
    person = PersonRecord(name="")
    listed: list[str] = []
    phase = "name"
    for line in items:
        text = line.text
        key = heading_key(text)
        if key in PROFILE:
            continue
        if key in WORKS:
            phase = "works"
            continue
        if phase == "name":
            _read_name_line(text, person)
            phase = "card"
            continue
        if phase == "card" and read_card_item(text, person, extraction):
            continue
        phase = "works"
        listed.append(text)
    if not person.name:
        return lines
    extraction.people.append(person)
    extraction.subject = person.name
    extraction.listed_works += [listed_work(text) for text in listed]
    return lines[:start] + lines[end:]


def _read_name_line(text: str, person: PersonRecord) -> None:
    """ "张海冰 研究员", "Zhao Tong, Senior Fellow": the name, with any title and unit."""
    name, title = split_title_suffix(text)
    if is_person_name(name):
        person.name, person.title = name, title
        return
    byline = split_byline(text)
    if byline and len(byline.names) == 1:
        person.name = byline.names[0]
        person.title = byline.titles.get(person.name)
        person.units += byline.units.get(person.name, [])
        return
    person.name = text


def find_profile(lines: list[Line | None]) -> tuple[int | None, int]:
    """Bounds [start, end) of the card: a heading, a list run starting with a name, or a page
    that opens with a name followed by card lines (a title, a unit, an e-mail)."""
    for index, line in enumerate(lines):
        if line is None:
            continue
        heading = heading_key(line.text) in PROFILE
        starts_run = line.is_item and is_person_name(split_title_suffix(line.text)[0])
        if heading or starts_run:
            first = index + 1 if heading else index
            end = _card_end(lines, first)
            if end > first:
                return index, end
    first_line = next((i for i, line in enumerate(lines) if line is not None), None)
    if first_line is not None and _opens_card(lines, first_line):
        return first_line, _card_end(lines, first_line)
    return None, 0


def _opens_card(lines: list[Line | None], index: int) -> bool:
    line = lines[index]
    if line is None or not is_person_name(split_title_suffix(line.text)[0]):
        return False
    following = next((ln for ln in lines[index + 1 :] if ln is not None), None)
    return following is not None and not following.is_item and _is_card_text(following.text)


def _card_end(lines: list[Line | None], first: int) -> int:
    """Where a card that starts at ``first`` stops: at the first line that is no list item."""
    end = first
    uses_markers = next((ln.is_item for ln in lines[first:] if ln is not None), False)
    in_works = False  # after a works heading, the card goes on through its list items
    for index in range(first, len(lines)):
        line = lines[index]
        if line is None:
            continue
        if heading_key(line.text) in WORKS:
            in_works = True
        elif _ends_card(line, index > first, uses_markers, in_works):
            break
        end = index + 1
    return end


def _ends_card(line: Line, after_first: bool, uses_markers: bool, in_works: bool) -> bool:
    """True when ``line`` is past the card: not an item of a marked card; in an unmarked one,
    not card text (a title, a unit, an e-mail…) and not a work listed after its heading."""
    if uses_markers:
        return not line.is_item
    return after_first and not _is_card_text(line.text) and not (in_works and line.is_item)


def _is_card_text(text: str) -> bool:
    return bool(
        match_title(text)
        or unit_level(text)
        or rules.EMAIL.fullmatch(text)
        or rules.CLOUDFLARE_PLACEHOLDER.fullmatch(text)
        or rules.PROFILE_LABEL.match(text)
        or titles_and_units(text)
        or heading_key(text) in WORKS
    )


def titles_and_units(text: str) -> list[tuple[str, str | None]] | None:
    """ "Senior Fellow, Carnegie-Tsinghua Center" → its (unit, title) parts, or None."""
    parts = [p for p in re.split(r"\s*[,，、/]\s*|\s+and\s+", text) if p]
    read = [_unit_and_title(p) for p in parts]
    if len(parts) < 2 or not all(read):
        return None
    return [r for r in read if r]


def read_card_item(text: str, person: PersonRecord, extraction: Extraction) -> bool:
    """Fill ``person`` from one card item; False when the item is not about the person."""
    labelled = rules.PROFILE_LABEL.match(text)
    if labelled:
        return apply_profile_label(labelled, person, extraction)
    if rules.CLOUDFLARE_PLACEHOLDER.fullmatch(text):
        extraction.warn("email_obfuscated", "the e-mail is hidden by Cloudflare's placeholder")
        return True
    email = rules.EMAIL.fullmatch(text)
    if email:
        person.email = email.group(0)
        return True
    titles = [match_title(part) for part in re.split(r"[、，,/／]", text)]
    if titles and all(titles):
        person.title = person.title or titles[0]
        return True
    single = _unit_and_title(text)
    parts = titles_and_units(text) or ([single] if single else [])
    for unit, title in parts:
        if unit:
            person.units.append(unit)
        if title:
            person.title = person.title or title
    return bool(parts)


def apply_profile_label(match: re.Match[str], person: PersonRecord, ex: Extraction) -> bool:
    """Store one labelled card field (姓名：, 职称：, 部门：, 邮箱：, 简介：…)."""
    field = rules.PROFILE_LABELS[match.group("label").casefold()]
    value = match.group("value").strip()
    if field == "ignored":
        return True
    if not value:
        ex.warn("empty_field", f"the {field} label has no value", field=field)
        return True
    if field == "units":
        person.units.extend(u for u in re.split(r"[、，,;；/]\s*", value) if u)
    elif field == "email":
        if rules.CLOUDFLARE_PLACEHOLDER.search(value):
            ex.warn("email_obfuscated", "the e-mail is hidden by Cloudflare's placeholder")
        elif rules.EMAIL.search(value):
            person.email = rules.EMAIL.search(value).group(0)  # type: ignore[union-attr]
    elif field == "name":
        person.name = value
    else:
        setattr(person, field, value)
    return True


def read_labelled_profile(lines: list[Line | None], extraction: Extraction) -> list[Line | None]:
    """A card written as fields: 姓名：张三 / 职称：研究员 / 部门：… (no list markers)."""
    used: list[int] = []
    person = PersonRecord(name="")
    for index, line in enumerate(lines):
        if line is None:
            continue
        match = rules.PROFILE_LABEL.match(line.text)
        if match and (
            person.name or rules.PROFILE_LABELS[match.group("label").casefold()] == "name"
        ):
            apply_profile_label(match, person, extraction)
            used.append(index)
    if not person.name or len(used) < 2:
        return lines
    extraction.people.append(person)
    extraction.subject = person.name
    used_set = set(used)
    return [line for i, line in enumerate(lines) if i not in used_set]


def listed_work(text: str) -> ListedWork:
    """A listed title with the details a profile gives after it (publisher or journal, date)."""
    title, date, source = _split_details(text)
    bare, in_marks = strip_book_marks(title)
    return ListedWork(
        title=bare,
        type=classify_type(bare, source=source, in_book_marks=in_marks),
        language=detect_language(bare),
        date=date,
        source=source,
    )


def _split_details(text: str) -> tuple[str, str | None, str | None]:
    """ "《书名》，时事出版社，2015年" → ("《书名》", "2015", "时事出版社")."""
    trailing = _TRAILING_YEAR.search(text)
    if trailing and _date_iso(trailing["date"]):
        return text[: trailing.start()].strip(), _date_iso(trailing["date"]), None
    segments = _DETAIL_SPLIT.split(text)
    for index in range(1, len(segments)):
        details = segments[index:]
        dates = [_date_iso(s) for s in details]
        if all(d or _is_outlet(s) for s, d in zip(details, dates, strict=True)):
            title = text[: text.index(segments[index], len(segments[0]))].rstrip(" ，、；;,")
            date = next((d for d in dates if d), None)
            source = next((s for s, d in zip(details, dates, strict=True) if not d), None)
            return title, date, source
    return text, None, None


def _is_outlet(segment: str) -> bool:
    return bool(_OUTLET.search(segment) or rules.JOURNAL_SOURCE.search(segment))


def _date_iso(text: str) -> str | None:
    try:
        parsed = normalize_date(text)
    except DateError:
        return None
    return parsed.iso if parsed else None
