"""Labelled fields, bylines and dates around an article (作者：, 来源：, 发布时间：, By …).

Field lines sit above a body (the metadata zone under the title) or after it (文献来源：,
责任编辑：, author notes). Several fields may share a line ("作者：张三 来源：文汇报
发布时间：2017-03-02"), and web pages often join them with separators ("Commentary | July 15,
2013 | By Jane Doe"). What a field line says goes into ``ArticleFields``; problems become
warnings naming the line.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from zhiku.catalog.genres import GENRES
from zhiku.ingest import rules, rules_article
from zhiku.ingest.bylines import (
    Byline,
    is_author_note,
    read_author_note,
    split_byline,
    unit_level,
)
from zhiku.ingest.normalize import DateError, find_date, normalize_date
from zhiku.ingest.readers.page import Line, heading_key, is_dateish
from zhiku.ingest.records import Extraction

#: A metadata line is short; anything longer is prose even if it starts like a label.
MAX_METADATA_CHARS = 160
#: A line with a date and a few other words (an outlet, a column name) is a date line.
MAX_DATED_LINE_CHARS, MAX_DATED_LINE_REST = 40, 8
#: Date patterns precise to the day, searched inside such a line.
DAY_PATTERNS = rules.DATE_PATTERNS[:2] + rules.DATE_PATTERNS[5:7]
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
    """What the field lines of one article said, and where each value was read (``evidence``:
    field → the line or markup it came from, set from ``at`` when the field is first filled)."""

    authors: Byline | None = None
    date: str | None = None
    source: str | None = None
    abstract: str | None = None
    keywords: list[str] | None = None
    type_label: str | None = None
    at: str = field(default="", repr=False, compare=False)
    evidence: dict[str, str] = field(default_factory=dict, repr=False, compare=False)

    def __setattr__(self, name: str, value: object) -> None:
        if name in EVIDENCED and value and getattr(self, name, None) in (None, ""):
            evidence = self.__dict__.setdefault("evidence", {})
            evidence.setdefault(name, self.__dict__.get("at", "") or "the page")
        object.__setattr__(self, name, value)

    def reading(self, where: str) -> ArticleFields:
        """Name where the next values come from ("line 12: 作者：张三", "markup")."""
        object.__setattr__(self, "at", where)
        return self


#: The fields whose origin ``--explain`` reports.
EVIDENCED = frozenset({"authors", "date", "source", "type_label", "abstract"})


def is_type_kicker(text: str) -> bool:
    """True for a line that only names a type, above a title ("Commentary", "研究报告")."""
    return heading_key(text) in _TYPE_KICKERS


def unbracket(text: str) -> str:
    """ "【责任编辑：张晓】" → "责任编辑：张晓", "（原标题：…）" → "原标题：…": a field line in
    brackets."""
    if len(text) > 2 and text[0] in "【[（(" and text[-1] in "】]）)":
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
    """True for a line that is only a date (or an impossible one, reported later), or a date
    with a few words beside it that are no sentence ("新京报 2022-06-03 14:26", "2021年1月18日
    观点")."""
    if len(text) >= 6 and is_dateish(text):
        return True
    return dated_remainder(text) is not None


def dated_remainder(text: str) -> str | None:
    """The date in a short line holding a date and at most a few other words, else None."""
    if len(text) > MAX_DATED_LINE_CHARS or re.search(r"[。！？!?，,；;]", text):
        return None
    folded = unicodedata.normalize("NFKC", text)
    found = next((m for p in DAY_PATTERNS if (m := p.search(folded))), None)
    if not found:
        return None
    rest = (folded[: found.start()] + " " + folded[found.end() :]).strip()
    if len(rest) > MAX_DATED_LINE_REST or rules.FIELD_LABEL.search(rest):
        return None
    return found.group(0)


def read_field_line(line: Line, fields: ArticleFields, extraction: Extraction) -> bool:
    """Read a labelled, dated or "文/…" line into ``fields``; False if it is none of those."""
    fields.reading(f"line {line.number}: {line.text[:80]}")
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
    parts = [p for p in FIELD_SEPARATORS.split(text) if p]
    if len(parts) > 1 and all(_is_field_part(p) for p in parts):
        return _read_parts(parts, line, fields, extraction)
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
        apply_field("date", dated_remainder(text) or text, line, fields, extraction)
        return True
    return False


def _read_parts(
    parts: list[str], line: Line, fields: ArticleFields, extraction: Extraction
) -> bool:
    """ "Commentary | July 15, 2013 | By Jane Doe": each part is a field of its own."""
    for part in parts:
        if is_type_kicker(part):
            fields.type_label = fields.type_label or part
        else:
            read_field_line(Line(line.number, part, False), fields, extraction)
    return True


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
    if field in ("authors", "source"):
        value = _split_trailing_date(field, value, line, fields, extraction)
    if field in ("editor", "ignored"):
        return  # 责任编辑 is the site's editor, not an author; 原标题 names no field we keep
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
        byline = split_byline(value) or organisation_byline(value)
        if byline:
            fields.authors = fields.authors or byline
        else:
            extraction.warn("byline_unparsed", f"line {line.number}: {value!r}", field="authors")
    elif field == "source":
        if is_dateish(value):  # "发表于：2019-05-06" dates the work, it names no outlet
            apply_field("date", value, line, fields, extraction)
        elif value.casefold() not in rules.SELF_SOURCES:
            fields.source = fields.source or value
    elif field == "abstract":
        fields.abstract = value
    elif field == "keywords":
        fields.keywords = [k for k in re.split(r"[、，,;；\s]+", value) if k]
    elif field == "type":
        fields.type_label = value


def _split_trailing_date(
    field: str, value: str, line: Line, fields: ArticleFields, extraction: Extraction
) -> str:
    """ "来源：聯合報 2020/11/12" → 聯合報, and the date is the work's: a labelled value that
    ends with a date (and maybe a time) carries the date field too."""
    folded = unicodedata.normalize("NFKC", value)
    for pattern in DAY_PATTERNS:
        matches = list(pattern.finditer(folded))
        match = matches[-1] if matches else None
        if match and match.end() >= len(folded.rstrip()) - 1 and match.start() > 0:
            apply_field("date", folded[match.start() :].strip(), line, fields, extraction)
            return folded[: match.start()].strip(" ,，|｜·-—")
    return value


def organisation_byline(value: str) -> Byline | None:
    """ "作者：国务院发展研究中心宏观经济研究部": a labelled author that is a unit, not a person."""
    value = value.strip()
    if unit_level(value) is not None or rules_article.ORGANISATION_AUTHOR.search(value):
        return Byline(names=[value])
    return None


def dateline_credit(text: str) -> Byline | None:
    """The reporters a news dateline credits: "新华社北京12月14日电（记者 王思远 胡晓）",
    "新京报讯（记者 张三 通讯员 李四）" (correspondents and interns are not authors)."""
    match = rules_article.DATELINE_CREDIT.match(text)
    if not match:
        return None
    names = rules_article.NOT_REPORTERS.split(match.group("names") or match.group("cna"))[0]
    return split_byline(names)


def split_trailing_fields(content: list[Line]) -> tuple[list[Line], list[Line]]:
    """Body lines and the field lines (文献来源：, 责任编辑：, author notes) after them."""
    end = len(content)
    while end > 0:
        text = unbracket(content[end - 1].text)
        short = len(text) <= MAX_METADATA_CHARS
        labelled = rules.FIELD_LABEL.match(text) or _is_credit(text) or is_source_note(text)
        if (short and labelled) or is_author_note(text):
            end -= 1
            continue
        break
    return content[:end], content[end:]


def is_source_note(text: str) -> bool:
    """True for a sentence naming where the text first appeared ("本文原载于《文汇报》")."""
    return len(text) <= MAX_METADATA_CHARS and bool(
        rules_article.FIRST_APPEARED.match(unbracket(text))
    )


def _is_credit(text: str) -> bool:
    """ "新京报记者 王婧雯 孙浩然", "文/张三": a byline after the text (the reporters' credit)."""
    return bool(rules.TEXT_BY.match(text)) and split_byline(text) is not None


def read_trailing_line(line: Line, fields: ArticleFields, extraction: Extraction) -> None:
    """A field or author note after the body: 文献来源：…, （作者系…）, "This article was first
    published in …"."""
    if read_field_line(line, fields, extraction):
        return
    noted = rules_article.FIRST_APPEARED.match(unbracket(line.text))
    if noted:
        fields.reading(f"line {line.number}: {line.text[:80]}")
        fields.source = fields.source or noted.group("source").strip('《》“”" ')
        return
    if fields.authors:
        read_author_note(line.text, fields.authors)
