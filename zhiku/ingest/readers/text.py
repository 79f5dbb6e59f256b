"""Text dumps of think-tank pages: an expert card, an article, or both on one page.

The reader walks the page in three passes:

1. furniture: drop navigation, toolbars, share bars and footers (``rules.NAV_NOISE``) and the
   lists under "related articles" headings;
2. profile: an expert card opened by a heading (``rules.PROFILE_HEADINGS``), by a run of list
   items that starts with a person's name, or by labelled fields (姓名：…); its items are read
   as name, title, units and e-mail, and what follows as listed works;
3. article: in what is left, a title, a metadata zone (bylines, dates, labelled fields), the body
   paragraphs, and trailing fields such as 文献来源：.

Deduplication is not done here: the clean stage does it for every reader alike.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from zhiku.ingest import rules
from zhiku.ingest.normalize import (
    Byline,
    DateError,
    classify_type,
    clean_inline,
    detect_language,
    find_date,
    is_person_name,
    match_title,
    normalize_date,
    split_byline,
    split_title_suffix,
    strip_book_marks,
    unit_level,
)
from zhiku.ingest.records import Extraction, ListedWork, PersonRecord, WorkRecord

#: Sentence-final punctuation: a line ending otherwise continues on the next one (hard wraps).
TERMINAL_PUNCTUATION = tuple("。！？!?.…；;：:」』”\"’'）)】")
#: A metadata line is short; anything longer is prose even if it starts like a label.
MAX_METADATA_CHARS = 160
#: A bio in a card is a sentence of some length.
MIN_BIO_CHARS = 40


class NotAPage(ValueError):
    """Text with neither an expert card nor an article in it."""


@dataclass
class Line:
    number: int  # 1-based line number in the input
    text: str  # cleaned display text, list marker removed
    is_item: bool  # it carried a list marker


def read_text_page(text: str) -> Extraction:
    """The Extraction of one text-dump page; NotAPage when it holds no card and no article."""
    extraction = Extraction()
    lines = _drop_furniture(_split_lines(text))
    lines = _read_profile(lines, extraction)
    _read_article(lines, extraction)
    if extraction.is_empty():
        raise NotAPage("not a page: found no expert profile and no article (title, byline, text)")
    return extraction


# --- pass 1: lines and furniture --------------------------------------------------------------


def _split_lines(text: str) -> list[Line | None]:
    """Lines of the page; None stands for a blank line (a paragraph break)."""
    out: list[Line | None] = []
    for number, raw in enumerate(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"), 1):
        cleaned = clean_inline(rules.INLINE_NOISE.sub(" ", raw))
        if not cleaned:
            out.append(None)
            continue
        marker = rules.LIST_MARKER.match(cleaned)
        is_item = bool(marker) and not normalize_date_safe(cleaned)
        content = cleaned[marker.end() :].strip() if marker and is_item else cleaned
        out.append(Line(number, content, is_item) if content else None)
    return out


def normalize_date_safe(text: str) -> bool:
    try:
        return normalize_date(text) is not None
    except DateError:
        return True


def _heading_key(text: str) -> str:
    return re.sub(r"[\s:：\[\]【】<>《》「」]+", "", text).casefold()


_RELATED = {_heading_key(h) for h in rules.RELATED_HEADINGS}
_PROFILE = {_heading_key(h) for h in rules.PROFILE_HEADINGS}
_WORKS = {_heading_key(h) for h in rules.WORKS_HEADINGS}


def _is_noise(text: str) -> bool:
    return any(p.search(text) for p in rules.NAV_NOISE)


def _drop_furniture(lines: list[Line | None]) -> list[Line | None]:
    kept: list[Line | None] = []
    skipping_related = False
    for line in lines:
        if line is None:
            kept.append(None)
            continue
        if _heading_key(line.text) in _RELATED:
            skipping_related = True
            continue
        if skipping_related:
            # The related list runs while its lines are list items or short link titles.
            if line.is_item or len(line.text) <= 40:
                continue
            skipping_related = False
        if not _is_noise(line.text):
            kept.append(line)
    return kept


# --- pass 2: the expert card ------------------------------------------------------------------


def _read_profile(lines: list[Line | None], extraction: Extraction) -> list[Line | None]:
    """Read the first expert card into ``extraction``; return the lines it did not use."""
    start, end = _find_profile(lines)
    if start is None:
        return _read_labelled_profile(lines, extraction)
    items = [line for line in lines[start:end] if line is not None]
    person = PersonRecord(name="")
    listed: list[str] = []
    phase = "name"
    for line in items:
        text = line.text
        key = _heading_key(text)
        if key in _PROFILE:
            continue
        if key in _WORKS:
            phase = "works"
            continue
        if phase == "name":
            name, title = split_title_suffix(text)
            person.name, person.title = name, title
            phase = "card"
            continue
        if phase == "card" and _read_card_item(text, person, extraction):
            continue
        phase = "works"
        listed.append(text)
    if not person.name:
        return lines
    extraction.people.append(person)
    extraction.subject = person.name
    for title in listed:
        bare, in_marks = strip_book_marks(title)
        extraction.listed_works.append(
            ListedWork(
                title=bare,
                type=classify_type(bare, in_book_marks=in_marks),
                language=detect_language(bare),
            )
        )
    return lines[:start] + lines[end:]


def _find_profile(lines: list[Line | None]) -> tuple[int | None, int]:
    """Bounds [start, end) of the card: a heading or a list run starting with a name."""
    for index, line in enumerate(lines):
        if line is None:
            continue
        heading = _heading_key(line.text) in _PROFILE
        starts_run = line.is_item and is_person_name(split_title_suffix(line.text)[0])
        if heading or starts_run:
            first = index + 1 if heading else index
            end = _card_end(lines, first)
            if end > first:
                return index, end
    return None, 0


def _card_end(lines: list[Line | None], first: int) -> int:
    """Where a card that starts at ``first`` stops: at the first line that is no list item."""
    end = first
    uses_markers = next((ln.is_item for ln in lines[first:] if ln is not None), False)
    for index in range(first, len(lines)):
        line = lines[index]
        if line is None:
            continue
        if uses_markers and not line.is_item and _heading_key(line.text) not in _WORKS:
            break
        if not uses_markers and index > first and not _is_card_text(line.text):
            break
        end = index + 1
    return end


def _is_card_text(text: str) -> bool:
    return bool(
        match_title(text)
        or unit_level(text)
        or rules.EMAIL.fullmatch(text)
        or rules.CLOUDFLARE_PLACEHOLDER.fullmatch(text)
        or _heading_key(text) in _WORKS
    )


def _read_card_item(text: str, person: PersonRecord, extraction: Extraction) -> bool:
    """Fill ``person`` from one card item; False when the item is not about the person."""
    labelled = rules.PROFILE_LABEL.match(text)
    if labelled:
        return _apply_profile_label(labelled, person, extraction)
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
    if unit_level(text):
        person.units.append(text)
        return True
    return False


def _apply_profile_label(match: re.Match[str], person: PersonRecord, ex: Extraction) -> bool:
    field = rules.PROFILE_LABELS[match.group("label").casefold()]
    value = match.group("value").strip()
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


def _read_labelled_profile(lines: list[Line | None], extraction: Extraction) -> list[Line | None]:
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
            _apply_profile_label(match, person, extraction)
            used.append(index)
    if not person.name or len(used) < 2:
        return lines
    extraction.people.append(person)
    extraction.subject = person.name
    return [line for i, line in enumerate(lines) if i not in set(used)]


# --- pass 3: the article ----------------------------------------------------------------------


@dataclass
class _Fields:
    authors: Byline | None = None
    date: str | None = None
    source: str | None = None
    abstract: str | None = None
    keywords: list[str] | None = None
    type_label: str | None = None


def _read_article(lines: list[Line | None], extraction: Extraction) -> None:
    content = [line for line in lines if line is not None and not line.is_item]
    if not content:
        return
    fields = _Fields()
    title_line = next((ln for ln in content if not _is_field_line(ln.text)), None)
    if title_line is None:
        return
    title_index = content.index(title_line)
    for line in content[:title_index]:  # fields above the title (e.g. a dateline)
        _read_field_line(line, fields, extraction)
    position = title_index + 1
    position = _read_metadata_zone(content, position, fields, extraction)
    body_lines, trailing = _split_trailing_fields(content[position:])
    for line in trailing:
        if not _read_field_line(line, fields, extraction):
            _read_author_note(line.text, fields)
    paragraphs = _paragraphs(body_lines, lines)
    if not (fields.authors or fields.date or fields.source):
        return  # without a byline, a date or a source line, text is not an article page
    title, in_marks = strip_book_marks(title_line.text)
    sample = " ".join([title, *paragraphs[:3]])
    work = WorkRecord(
        title=title,
        authors=list(fields.authors.names) if fields.authors else [],
        date=fields.date,
        type=classify_type(
            title, source=fields.source, label=fields.type_label, in_book_marks=in_marks
        ),
        language=detect_language(sample),
        source=fields.source,
        body=paragraphs,
        abstract=fields.abstract,
        keywords=fields.keywords or [],
    )
    extraction.works.append(work)
    if fields.authors:
        _people_from_byline(fields.authors, extraction)


def _is_field_line(text: str) -> bool:
    return bool(
        len(text) <= MAX_METADATA_CHARS
        and (rules.FIELD_LABEL.match(text) or rules.TEXT_BY.match(text) or _is_date_line(text))
    )


def _is_date_line(text: str) -> bool:
    try:
        return normalize_date(text) is not None and len(text) >= 6
    except DateError:
        return True


def _read_metadata_zone(
    content: list[Line], position: int, fields: _Fields, extraction: Extraction
) -> int:
    """Read bylines, dates and fields right under the title; return where the body starts."""
    while position < len(content):
        line = content[position]
        if _read_field_line(line, fields, extraction):
            position += 1
            continue
        if fields.authors is None and len(line.text) <= MAX_METADATA_CHARS:
            byline = split_byline(line.text)
            if byline:
                fields.authors = byline
                position += 1
                continue
        break
    return position


def _read_field_line(line: Line, fields: _Fields, extraction: Extraction) -> bool:
    """Read a labelled, dated or "文/…" line into ``fields``; False if it is none of those."""
    text = line.text
    if len(text) > MAX_METADATA_CHARS:
        return False
    by = rules.TEXT_BY.match(text) or rules.BY_LINE.match(text)
    if by and not rules.FIELD_LABEL.match(text):
        byline = split_byline(text)
        if byline:
            fields.authors = fields.authors or byline
            return True
        return False
    if rules.FIELD_LABEL.match(text):
        for label, value in _split_fields(text):
            _apply_field(label, value, line, fields, extraction)
        return True
    if _is_date_line(text):
        _apply_field("date", text, line, fields, extraction)
        return True
    return False


def _split_fields(text: str) -> list[tuple[str, str]]:
    """ "作者：张三 来源：文汇报" → [("authors", "张三"), ("source", "文汇报")]."""
    matches = list(rules.FIELD_LABEL.finditer(text))
    out = []
    for index, match in enumerate(matches):
        end = matches[index + 1].start() if index + 1 < len(matches) else len(text)
        label = re.sub(r"\s+", "", match.group("label").casefold())
        field = rules.FIELD_LABELS.get(label) or rules.FIELD_LABELS.get(label[:1] + " " + label[1:])
        out.append((field or label, text[match.end() : end].strip()))
    return out


def _apply_field(
    field: str, value: str, line: Line, fields: _Fields, extraction: Extraction
) -> None:
    if field == "editor":
        return  # 责任编辑 is the site's editor, not an author
    if not value:
        extraction.warn(
            "empty_field", f"line {line.number}: the {field} label has no value", field=field
        )
        return
    if field == "date":
        try:
            parsed = normalize_date(value) or find_date(value)
        except DateError as exc:
            extraction.warn("date_unparsed", f"line {line.number}: {exc}", field="date")
            return
        if parsed is None:
            extraction.warn("date_unparsed", f"line {line.number}: {value!r}", field="date")
            return
        fields.date = fields.date or parsed.iso
    elif field == "authors":
        byline = split_byline(value)
        if byline:
            fields.authors = fields.authors or byline
        else:
            extraction.warn("byline_unparsed", f"line {line.number}: {value!r}", field="authors")
    elif field == "source":
        fields.source = fields.source or value
    elif field == "abstract":
        fields.abstract = value
    elif field == "keywords":
        fields.keywords = [k for k in re.split(r"[、，,;；\s]+", value) if k]


def _split_trailing_fields(content: list[Line]) -> tuple[list[Line], list[Line]]:
    """Body lines and the field lines (文献来源：, 责任编辑：, author notes) after them."""
    end = len(content)
    while end > 0:
        text = content[end - 1].text
        if (len(text) <= MAX_METADATA_CHARS and rules.FIELD_LABEL.match(text)) or _is_author_note(
            text
        ):
            end -= 1
            continue
        break
    return content[:end], content[end:]


_AUTHOR_NOTE = re.compile(r"^[（(]\s*(?:作者|本文作者)(?:系|为|是)(?P<note>[^()（）]+)[)）]$")


def _is_author_note(text: str) -> bool:
    return bool(_AUTHOR_NOTE.match(text))


def _read_author_note(text: str, fields: _Fields) -> None:
    """ "（作者系上海国际问题研究院研究员）" gives the single author a unit and title."""
    match = _AUTHOR_NOTE.match(text)
    if not match or not fields.authors or len(fields.authors.names) != 1:
        return
    note = split_byline(f"{fields.authors.names[0]}（{match.group('note')}）")
    if note:
        name = fields.authors.names[0]
        fields.authors.units.setdefault(name, []).extend(note.units.get(name, []))
        if name in note.titles:
            fields.authors.titles.setdefault(name, note.titles[name])


def _paragraphs(body: list[Line], all_lines: list[Line | None]) -> list[str]:
    """Body paragraphs: one per line, unless the page hard-wraps paragraphs between blank lines."""
    if not body:
        return []
    numbers = {line.number for line in body}
    blocks: list[list[str]] = [[]]
    for line in all_lines:
        if line is None:
            if blocks[-1]:
                blocks.append([])
        elif line.number in numbers:
            blocks[-1].append(line.text)
    blocks = [b for b in blocks if b]
    wrapped = len(blocks) > 1 and any(len(b) > 1 for b in blocks)
    if not wrapped:
        return [text for block in blocks for text in block]
    paragraphs = []
    for block in blocks:
        current = block[0]
        for text in block[1:]:
            if current.endswith(TERMINAL_PUNCTUATION):
                paragraphs.append(current)
                current = text
            else:
                joiner = " " if re.search(r"[A-Za-z0-9,]$", current) else ""
                current = f"{current}{joiner}{text}"
        paragraphs.append(current)
    return paragraphs


def _people_from_byline(byline: Byline, extraction: Extraction) -> None:
    """Authors whose byline gives a title or unit become people (merged into the card)."""
    for name in byline.names:
        title, units = byline.titles.get(name), byline.units.get(name, [])
        if not title and not units:
            continue
        existing = next((p for p in extraction.people if p.name == name), None)
        if existing:
            existing.title = existing.title or title
            existing.units.extend(u for u in units if u not in existing.units)
        else:
            extraction.people.append(PersonRecord(name=name, title=title, units=list(units)))
