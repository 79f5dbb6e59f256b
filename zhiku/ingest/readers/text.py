"""Text dumps of think-tank pages: an expert card, an article, or both on one page.

The reader walks the page in three passes:

1. furniture: drop navigation, toolbars, share bars and footers and the lists under "related
   articles" headings (``page.drop_furniture``);
2. profile: an expert card (``profile.read_profile``);
3. article: in what is left, a title (after any type kicker such as "Commentary"), a metadata
   zone (bylines, dates, labelled fields), the body paragraphs, and trailing fields such as
   文献来源： and author notes (``fields``).

The article pass is split into ``locate_title``, ``read_head``, ``read_body`` and ``build_work``
so the HTML reader can run it on the text its main-content extractor found. Deduplication is
not done here: the clean stage does it for every reader alike.
"""

from __future__ import annotations

import re

from zhiku.ingest import rules_page
from zhiku.ingest.bylines import read_author_note, split_byline
from zhiku.ingest.normalize import classify_type, strip_book_marks
from zhiku.ingest.read import MAX_PAGE_BYTES
from zhiku.ingest.readers import ReaderError
from zhiku.ingest.readers.fields import (
    MAX_METADATA_CHARS,
    ArticleFields,
    is_field_line,
    is_type_kicker,
    read_field_line,
    read_trailing_line,
    split_trailing_fields,
)
from zhiku.ingest.readers.page import Line, drop_furniture, split_lines
from zhiku.ingest.readers.profile import read_profile
from zhiku.ingest.readers.registry import ReaderFormat, single
from zhiku.ingest.records import Extraction, PersonRecord, WorkRecord
from zhiku.text.keys import text_key
from zhiku.text.scripts import detect_language

#: Sentence-final punctuation: a line ending otherwise continues on the next one (hard wraps).
TERMINAL_PUNCTUATION = tuple("。！？!?.…；;：:」』”\"’'）)】")


class NotAPage(ReaderError):
    """Text with neither an expert card nor an article in it."""


def read_text_page(text: str) -> Extraction:
    """The Extraction of one text-dump page; NotAPage when it holds no card and no article."""
    extraction = Extraction()
    lines = drop_furniture(split_lines(text))
    lines = read_profile(lines, extraction)
    content = content_lines(lines)
    title_index = locate_title(content)
    if title_index is not None:
        fields = ArticleFields()
        start = read_head(content, title_index, fields, extraction)
        paragraphs = read_body(content[start:], lines, fields, extraction)
        if fields.authors or fields.date or fields.source:
            add_work(extraction, content[title_index].text, fields, paragraphs)
    if extraction.is_empty():
        raise NotAPage("not a page: found no expert profile and no article (title, byline, text)")
    return extraction


def content_lines(lines: list[Line | None]) -> list[Line]:
    """The article's candidate lines: list items only once the text has begun."""
    out: list[Line] = []
    for line in lines:
        if line is not None and (not line.is_item or out):
            out.append(line)
    return out


def locate_title(content: list[Line], title: str | None = None) -> int | None:
    """Index of the title line: the one matching ``title`` when given, else the first line that
    is neither a field line nor a type kicker."""
    if title:
        key = text_key(title)
        for index, line in enumerate(content):
            if text_key(line.text) == key:
                return index
        return None
    for index, line in enumerate(content):
        if not is_field_line(line.text) and not is_type_kicker(line.text):
            return index
    return None


def read_head(
    content: list[Line], title_index: int, fields: ArticleFields, extraction: Extraction
) -> int:
    """Read fields above the title and the metadata zone under it; return where the body starts."""
    for line in content[:title_index]:
        if is_type_kicker(line.text):
            fields.type_label = fields.type_label or line.text
        else:
            read_field_line(line, fields, extraction)
    return read_metadata_zone(content, title_index + 1, fields, extraction)


def read_metadata_zone(
    content: list[Line], position: int, fields: ArticleFields, extraction: Extraction
) -> int:
    """Read bylines, dates and fields from ``position`` on; return where the body starts."""
    while position < len(content):
        line = content[position]
        if read_field_line(line, fields, extraction):
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


def read_body(
    body: list[Line], all_lines: list[Line | None], fields: ArticleFields, extraction: Extraction
) -> list[str]:
    """Body paragraphs, after reading trailing fields and author notes out of ``body``."""
    body_lines, trailing = split_trailing_fields(body)
    while body_lines and rules_page.EDITOR_NOTE.match(body_lines[0].text):
        body_lines.pop(0)
    for line in trailing:
        read_trailing_line(line, fields, extraction)
    while body_lines and fields.authors and read_author_note(body_lines[-1].text, fields.authors):
        body_lines.pop()
    return paragraphs(body_lines, all_lines)


def paragraphs(body: list[Line], all_lines: list[Line | None]) -> list[str]:
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
    out = []
    for block in blocks:
        current = block[0]
        for text in block[1:]:
            if current.endswith(TERMINAL_PUNCTUATION):
                out.append(current)
                current = text
            else:
                joiner = " " if re.search(r"[A-Za-z0-9,]$", current) else ""
                current = f"{current}{joiner}{text}"
        out.append(current)
    return out


def add_work(
    extraction: Extraction, title_text: str, fields: ArticleFields, body: list[str]
) -> WorkRecord:
    """Append the work the fields and body describe, and its authors' people records."""
    title, in_marks = strip_book_marks(title_text)
    sample = " ".join([title, *body[:3]])
    work = WorkRecord(
        title=title,
        authors=list(fields.authors.names) if fields.authors else [],
        date=fields.date,
        type=classify_type(
            title, source=fields.source, label=fields.type_label, in_book_marks=in_marks
        ),
        language=detect_language(sample),
        source=fields.source,
        body=body,
        abstract=fields.abstract,
        keywords=fields.keywords or [],
    )
    extraction.works.append(work)
    if fields.authors:
        people_from_byline(fields, extraction)
    return work


def people_from_byline(fields: ArticleFields, extraction: Extraction) -> None:
    """Authors whose byline gives a title or unit become people (merged into the card)."""
    byline = fields.authors
    if byline is None:
        return
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


#: Legacy sites save pages under their script's name; scrapers save anything as .txt, so the
#: name proves little and content that is unmistakably another format wins.
FORMAT = ReaderFormat(
    name="text",
    suffixes=(".txt", ".text"),
    read=single(read_text_page),
    weak_name=True,
    fallback=True,
    size_limit=MAX_PAGE_BYTES,
    noun="page",
    plain_text=True,
)
