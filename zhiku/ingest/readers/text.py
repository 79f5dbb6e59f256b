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
from collections.abc import Iterable

from zhiku.ingest import rules_article, rules_page
from zhiku.ingest.bylines import (
    AUTHOR_NOTE_EN,
    Byline,
    is_author_note,
    read_author_note,
    split_byline,
)
from zhiku.ingest.normalize import classify_type, strip_book_marks
from zhiku.ingest.read import MAX_PAGE_BYTES
from zhiku.ingest.readers import ReaderError
from zhiku.ingest.readers.article import (
    ArticleLayout,
    densest_run,
    is_prose,
    is_title_like,
    locate_article,
    units,
)
from zhiku.ingest.readers.confidence import judge_confidence
from zhiku.ingest.readers.fields import (
    MAX_METADATA_CHARS,
    ArticleFields,
    dateline_credit,
    is_field_line,
    is_source_note,
    is_type_kicker,
    read_field_line,
    read_trailing_line,
    split_trailing_fields,
)
from zhiku.ingest.readers.page import SITE_FURNITURE, Line, drop_furniture, split_lines
from zhiku.ingest.readers.people import name_of, read_listing, read_people
from zhiku.ingest.readers.profile import listed_work
from zhiku.ingest.readers.registry import ReaderFormat, single
from zhiku.ingest.records import Extraction, PersonRecord, WorkRecord
from zhiku.text.keys import text_key
from zhiku.text.names import is_person_name
from zhiku.text.scripts import detect_language

#: Sentence-final punctuation: a line ending otherwise continues on the next one (hard wraps).
TERMINAL_PUNCTUATION = tuple("。！？!?.…；;：:」』”\"’'）)】")


class NotAPage(ReaderError):
    """Text with neither an expert card nor an article in it."""


def read_text_page(text: str) -> Extraction:
    """The Extraction of one text-dump page; NotAPage when it holds no card and no article."""
    extraction = Extraction()
    lines = drop_furniture(split_lines(text))
    lines = read_people(lines, extraction)
    content = content_lines(lines)
    layout = locate_article(content)
    title_index = layout.title_index if layout else locate_title(content)
    if title_index is not None:
        fields = ArticleFields()
        start = read_head(content, title_index, fields, extraction)
        body = body_lines(content, start, layout, fields, extraction)
        paragraphs = read_body(body, lines, fields, extraction)
        unlabelled = is_substantial(paragraphs) and not extraction.people
        labelled = bool(fields.authors or fields.date or fields.source)
        listing = not is_substantial(paragraphs) and not extraction.people
        if (labelled or unlabelled) and not (listing and read_listing(lines, extraction)):
            site = header_names(content[:title_index])
            work = add_work(extraction, content[title_index].text, fields, paragraphs, site)
            judge_confidence(work, layout, fields.evidence, extraction)
    if not extraction.works and not extraction.people:
        read_listing(lines, extraction)
    if extraction.is_empty():
        keep_what_is_there(content, None, extraction)
    return extraction


def keep_what_is_there(content: list[Line], title: str | None, extraction: Extraction) -> None:
    """A page where no rule found an article, a card or a list still yields its best reading:
    its text under its best heading, as a low-confidence draft. Only a page without a line of
    prose is refused, saying so."""
    prose = [line.text for line in content if is_prose(line.text)]
    if not prose and keep_names_or_titles(content, extraction):
        return
    heading = title or next((line.text for line in content if is_title_like(line.text)), None)
    if not prose and heading:  # a heading and short lines: kept whole, for an editor to read
        prose = [line.text for line in content if line.text != heading]
    if not prose:
        shown = len(content)
        raise NotAPage(
            f"no text: the page has {shown} line{'s' * (shown != 1)} and none of them is a "
            "heading or a paragraph, so there is neither an article nor a profile to read"
        )
    fields = ArticleFields()
    work = add_work(extraction, heading or prose[0][:MAX_FALLBACK_TITLE], fields, prose)
    work.review_reasons = ["no article, profile or list was recognised on the page"]
    extraction.warn("low_confidence", work.review_reasons[0])


def keep_names_or_titles(content: list[Line], extraction: Extraction) -> bool:
    """A page of short lines only: its people when lines are names (a card, a staff list),
    else its list items as listed works; False when it has neither."""
    names = [found[0] for line in content if (found := name_of(line.text))]
    items = [line.text for line in content if line.is_item and is_title_like(line.text)]
    if names:
        extraction.people += [PersonRecord(name=name) for name in dict.fromkeys(names)]
    elif len(items) >= MIN_FALLBACK_ITEMS:
        extraction.listed_works += [listed_work(item) for item in items]
    else:
        return False
    extraction.warn("low_confidence", "no article, profile or list was recognised on the page")
    return True


#: A page of short lines yields its list items as listed works when it has this many.
MIN_FALLBACK_ITEMS = 2
#: A title made from a page's first sentence is cut to this many characters.
MAX_FALLBACK_TITLE = 60


def content_lines(lines: list[Line | None]) -> list[Line]:
    """The article's candidate lines: list items only once the text has begun."""
    out: list[Line] = []
    for line in lines:
        if line is not None and (not line.is_item or out):
            out.append(line)
    return out


HEADER_SPLIT = re.compile(r"\s*(?:[|｜>＞»›/·•]|&gt;)\s*|\s{2,}")
#: A page with no byline, date or source still yields its article when the text is this long
#: (in units: Han characters, or three Latin characters), as a low-confidence draft.
MIN_UNLABELLED_BODY_UNITS = 80


def body_lines(
    content: list[Line],
    start: int,
    layout: ArticleLayout | None,
    fields: ArticleFields,
    extraction: Extraction,
) -> list[Line]:
    """The body's lines from ``start`` to the end of the densest run; the field lines and notes
    found after the run (文献来源：, 责任编辑：, （作者系…）, "first published in …") are read
    into ``fields`` on the way. Without a layout, everything from ``start``."""
    if layout is None or layout.body_end <= start:
        return content[start:]
    for line in content[layout.body_end :]:
        if is_trailing(line.text):
            read_trailing_line(line, fields, extraction)
    lead = content[start : layout.body_start]
    # what sits between the metadata block and the text: a standfirst, a byline written
    # late, an image caption
    kept = [line for line in lead if not _is_lead_furniture(line)]
    return kept + content[max(start, layout.body_start) : layout.body_end]


def _is_lead_furniture(line: Line) -> bool:
    """A short line before the text that is no sentence (a caption, a kicker, a credit)."""
    return not is_prose(line.text)


def is_trailing(text: str) -> bool:
    """True for a line after a text that belongs to the record: a field, an author note, a
    note of where the text first appeared."""
    return is_field_line(text) or is_author_note(text) or is_source_note(text)


def dense_lines(lines: list[Line], fields: ArticleFields, extraction: Extraction) -> list[Line]:
    """The text block of a main-content extract: its densest run (``article.densest_run``),
    with the field lines before it read as fields and those after it kept for ``read_body``."""
    run = densest_run(lines)
    if run is None:
        for line in lines:
            if is_trailing(line.text):
                read_trailing_line(line, fields, extraction)
        return []
    start, end = run
    for line in lines[:start]:
        read_field_line(line, fields, extraction)
    for line in lines[end:]:
        if is_trailing(line.text):
            read_trailing_line(line, fields, extraction)
    return lines[start:end]


def header_names(header: list[Line]) -> list[str]:
    """Names the lines above a title give the site: the lines themselves and the parts of a
    breadcrumb or menu ("新华网", "新华网 > 时政 > 正文", "中国社会科学网 | 中国社会科学院")."""
    names = []
    for line in header:
        names.append(line.text)
        names += [part for part in HEADER_SPLIT.split(line.text) if part]
    return names


def is_substantial(paragraphs: list[str]) -> bool:
    """True when the paragraphs are enough text to be an article without any metadata."""
    return sum(units(p) for p in paragraphs if is_prose(p)) >= MIN_UNLABELLED_BODY_UNITS


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
            fields.reading(f"line {line.number}, a type kicker: {line.text}")
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
                fields.reading(f"line {line.number}, a byline under the title: {line.text[:80]}")
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
    if fields.authors is None and body_lines:
        fields.reading(f"line {body_lines[-1].number}, an author's note after the text")
        fields.authors = author_from_note(body_lines[-1].text)
    while body_lines and fields.authors and read_author_note(body_lines[-1].text, fields.authors):
        body_lines.pop()
    return paragraphs(body_lines, all_lines)


def author_from_note(text: str) -> Byline | None:
    """ "Jane Doe is a senior fellow at …" after an unsigned text: Jane Doe wrote it."""
    note = AUTHOR_NOTE_EN.match(text)
    if note and is_person_name(note.group("name")) and len(note.group("name").split()) <= 4:
        return Byline(names=[note.group("name")])
    return None


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
    extraction: Extraction,
    title_text: str,
    fields: ArticleFields,
    body: list[str],
    site_names: Iterable[str] = (),
) -> WorkRecord:
    """Append the work the fields and body describe, and its authors' people records.

    A news report without a byline is credited by its dateline (新华社北京5月6日电（记者 张三）);
    a source that is the site's own name (``site_names``: its header lines, its <title>
    suffix) is the site, not an outlet the work first appeared in."""
    if fields.authors is None and body:
        fields.reading("the dateline's credit in the first paragraph")
        fields.authors = dateline_credit(body[0])
    if fields.authors is None and len(extraction.people) == 1:
        # a text on a person's own page, or under its "About the author" card, is theirs
        fields.reading("the page's only person card")
        fields.authors = Byline(names=[extraction.people[0].name])
    own = {text_key(n) for n in site_names} | SITE_FURNITURE.get()
    if fields.source and text_key(fields.source) in own:
        fields.source = None
    column = rules_article.COLUMN_PREFIX.match(title_text)
    if column:
        label = column.group("label") or column.group("bracketed") or ""
        fields.type_label = fields.type_label or (label if is_type_kicker(label) else None)
        title_text = title_text[column.end() :]
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
