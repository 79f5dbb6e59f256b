"""Labelled fields, bylines and dates around an article (作者：, 来源：, 发布时间：, By …).

Field lines sit above a body (the metadata zone under the title) or after it (文献来源：,
责任编辑：, author notes). Several fields may share a line ("作者：张三 来源：文汇报
发布时间：2017-03-02"), and web pages often join them with separators ("Commentary | July 15,
2013 | By Jane Doe"). What a field line says goes into ``ArticleFields``; problems become
warnings naming the line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from zhiku.catalog.genres import GENRES
from zhiku.ingest import rules
from zhiku.ingest.bylines import Byline, is_author_note, read_author_note, split_byline
from zhiku.ingest.normalize import DateError, find_date, normalize_date
from zhiku.ingest.readers.page import Line, heading_key, is_dateish
from zhiku.ingest.records import Extraction

#: A metadata line is short; anything longer is prose even if it starts like a label.
MAX_METADATA_CHARS = 160
#: Separators that join several fields on one web-page line.
FIELD_SEPARATORS = re.compile(r"\s+[·•/]\s+|\s*[|｜丨]\s*")
#: "Published Jan 29, 2020", "发布于 2013-07-15": a date after a verb, without a colon.
DATED_LINE = re.compile(
    r"^(?:published|posted|updated|released|发布于|发表于|發佈於|發表於|刊于)\s+(?P<date>.+)$",
    re.IGNORECASE,
)
_TYPE_KICKERS = {heading_key(k) for k in GENRES.aliases()}


@dataclass
class ArticleFields:
    """What the field lines of one article said."""

    authors: Byline | None = None
    date: str | None = None
    source: str | None = None
    abstract: str | None = None
    keywords: list[str] | None = None
    type_label: str | None = None


def is_type_kicker(text: str) -> bool:
    """True for a line that only names a type, above a title ("Commentary", "研究报告")."""
    return heading_key(text) in _TYPE_KICKERS


def unbracket(text: str) -> str:
    """ "【责任编辑：张晓】" → "责任编辑：张晓": a field line in toolbar brackets."""
    if len(text) > 2 and text[0] in "【[" and text[-1] in "】]":
        return text[1:-1].strip()
    return text


def _dated_fields(text: str) -> re.Match[str] | None:
    """ "2020-09-21 08:30 来源：光明日报": a date, then labelled fields."""
    label = rules.FIELD_LABEL.search(text)
    if label and label.start() > 0 and is_dateish(text[: label.start()].strip()):
        return label
    return None


def is_field_line(text: str) -> bool:
    """True for a short line that is a labelled field, a "文/…" byline or a bare date."""
    text = unbracket(text)
    if len(text) > MAX_METADATA_CHARS:
        return False
    if rules.FIELD_LABEL.match(text) or rules.TEXT_BY.match(text) or DATED_LINE.match(text):
        return True
    if _dated_fields(text):
        return True
    if is_date_line(text):
        return True
    parts = [p for p in FIELD_SEPARATORS.split(text) if p]
    return len(parts) > 1 and all(_is_field_part(p) for p in parts)


def _is_field_part(part: str) -> bool:
    return bool(
        rules.FIELD_LABEL.match(part)
        or rules.BY_LINE.match(part)
        or rules.TEXT_BY.match(part)
        or DATED_LINE.match(part)
        or is_date_line(part)
        or is_type_kicker(part)
    )


def is_date_line(text: str) -> bool:
    """True for a line that is only a date (or an impossible one, reported later)."""
    return len(text) >= 6 and is_dateish(text)


def read_field_line(line: Line, fields: ArticleFields, extraction: Extraction) -> bool:
    """Read a labelled, dated or "文/…" line into ``fields``; False if it is none of those."""
    text = unbracket(line.text)
    if len(text) > MAX_METADATA_CHARS:
        return False
    dated = _dated_fields(text)
    if dated:
        apply_field("date", text[: dated.start()].strip(), line, fields, extraction)
        text = text[dated.start() :]
    if rules.FIELD_LABEL.match(text):
        for label, value in split_fields(text):
            # "来源：《环球时报》 | 2019-05-20": what follows a separator is a field of its own
            value, *others = FIELD_SEPARATORS.split(value) if value else [value]
            apply_field(label, value.strip(), line, fields, extraction)
            for other in (o.strip() for o in others if o.strip()):
                if _is_field_part(other):
                    read_field_line(Line(line.number, other, False), fields, extraction)
        return True
    by = rules.TEXT_BY.match(text) or rules.BY_LINE.match(text)
    if by:
        byline = split_byline(text)
        if byline:
            fields.authors = fields.authors or byline
            return True
        return False
    dated = DATED_LINE.match(text)
    if dated and (is_dateish(dated["date"]) or find_date(dated["date"])):
        apply_field("date", dated["date"], line, fields, extraction)
        return True
    if is_date_line(text):
        apply_field("date", text, line, fields, extraction)
        return True
    parts = [p for p in FIELD_SEPARATORS.split(text) if p]
    if len(parts) > 1 and all(_is_field_part(p) for p in parts):
        for part in parts:
            if is_type_kicker(part):
                fields.type_label = fields.type_label or part
            else:
                read_field_line(Line(line.number, part, False), fields, extraction)
        return True
    return False


def split_fields(text: str) -> list[tuple[str, str]]:
    """ "作者：张三 来源：文汇报" → [("authors", "张三"), ("source", "文汇报")]."""
    matches = list(rules.FIELD_LABEL.finditer(text))
    out = []
    for index, match in enumerate(matches):
        end = matches[index + 1].start() if index + 1 < len(matches) else len(text)
        label = re.sub(r"\s+", " ", match.group("label").casefold())
        field = rules.FIELD_LABELS.get(label) or rules.FIELD_LABELS.get(label.replace(" ", ""))
        out.append((field or label, text[match.end() : end].strip(" |｜·")))
    return out


def apply_field(
    field: str, value: str, line: Line, fields: ArticleFields, extraction: Extraction
) -> None:
    """Store one labelled value; an empty or unreadable one becomes a warning."""
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
        if value.casefold() not in rules.SELF_SOURCES:
            fields.source = fields.source or value
    elif field == "abstract":
        fields.abstract = value
    elif field == "keywords":
        fields.keywords = [k for k in re.split(r"[、，,;；\s]+", value) if k]
    elif field == "type":
        fields.type_label = value


def split_trailing_fields(content: list[Line]) -> tuple[list[Line], list[Line]]:
    """Body lines and the field lines (文献来源：, 责任编辑：, author notes) after them."""
    end = len(content)
    while end > 0:
        text = unbracket(content[end - 1].text)
        if (len(text) <= MAX_METADATA_CHARS and rules.FIELD_LABEL.match(text)) or is_author_note(
            text
        ):
            end -= 1
            continue
        break
    return content[:end], content[end:]


def read_trailing_line(line: Line, fields: ArticleFields, extraction: Extraction) -> None:
    """A field or author note after the body: 文献来源：…, （作者系…）."""
    if read_field_line(line, fields, extraction):
        return
    if fields.authors:
        read_author_note(line.text, fields.authors)
