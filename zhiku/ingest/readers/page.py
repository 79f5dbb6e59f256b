"""The lines of a page and the furniture around its content (shared by the text and HTML readers).

A page is a list of ``Line`` (``None`` marks a blank line, i.e. a paragraph break). Furniture is
dropped by name (``rules_page.NAV_NOISE``, ``rules_page.SHARE_TARGETS``,
``rules_page.RELATED_HEADINGS``), so a breadcrumb, a font-size toolbar, a share bar or an ICP
line never reaches a body.
"""

from __future__ import annotations

import functools
import re
from contextvars import ContextVar
from dataclasses import dataclass

from zhiku.ingest import rules, rules_page
from zhiku.ingest.normalize import DateError, normalize_date
from zhiku.text.keys import clean_inline, text_key
from zhiku.text.names import is_person_name
from zhiku.text.scripts import HAN


@dataclass
class Line:
    """One non-blank line of a page."""

    number: int  # 1-based line number in the input
    text: str  # cleaned display text, list marker removed
    is_item: bool  # it carried a list marker
    cells: tuple[str, ...] = ()  # the cells of a tab- or column-separated row, if it is one


#: Cells of a grid line: tabs, or two or more spaces (full-width included).
GRID_CELLS = re.compile(r"\t+|[ \u3000]{2,}")
_SPACED_LABEL = re.compile(
    r"^([\u4e00-\u9fff](?:[ \u3000]+[\u4e00-\u9fff]){1,5})(?=\s*(?:[:：\t]|[ \u3000]{2}|$))"
)


def grid_cells(text: str) -> list[str]:
    """The cells of a row: split at tabs when it has any (a table's cells, or a tab-separated
    dump), else at runs of two or more spaces; labels inside a cell keep their spaces."""
    if "\t" not in text and "  " not in text and "\u3000" not in text:
        return [text.strip()] if text.strip() else []
    separator = re.compile(r"\t+") if "\t" in text else GRID_CELLS
    return [cell.strip() for cell in separator.split(text) if cell.strip()]


def squeeze_label(text: str) -> str:
    """ "姓　　名：张伟" → "姓名：张伟": the spaces CMS templates put inside short labels."""
    spaced = _SPACED_LABEL.match(text)
    if not spaced:
        return text
    squeezed = re.sub(r"[ \u3000]+", "", spaced.group(1))
    if squeezed.casefold() not in rules.PROFILE_LABELS and squeezed not in rules.FIELD_LABELS:
        return text
    return squeezed + text[spaced.end() :]


def _is_label(cell: str) -> bool:
    cell = re.sub(r"[ \u3000]+", "", cell).rstrip(":：")
    return cell.casefold() in rules.PROFILE_LABELS


def expand_grid(text: str) -> list[str]:
    """A grid line as "label：value" lines; any other line as itself."""
    cells = grid_cells(text)
    if len(cells) < 2 or not _is_label(cells[0]):
        return [squeeze_label(text)]
    out: list[str] = []
    index = 0
    while index < len(cells):
        if _is_label(cells[index]):
            label = re.sub(r"[ \u3000]+", "", cells[index]).rstrip(":：")
            value = ""
            if index + 1 < len(cells) and not _is_label(cells[index + 1]):
                value = cells[index + 1]
                index += 1
            out.append(f"{label}：{value}")
        elif out:
            out[-1] += f" {cells[index]}"
        index += 1
    return out


def split_lines(text: str) -> list[Line | None]:
    """Lines of the page; None stands for a blank line (a paragraph break)."""
    out: list[Line | None] = []
    for number, raw in enumerate(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"), 1):
        pieces = expand_grid(raw)
        for piece in pieces:
            cleaned = clean_inline(rules_page.INLINE_NOISE.sub(" ", piece))
            if not cleaned:
                out.append(None)
                continue
            marker = rules_page.LIST_MARKER.match(cleaned)
            is_item = bool(marker) and not is_dateish(cleaned)
            content = cleaned[marker.end() :].strip() if marker and is_item else cleaned
            cells = grid_cells(piece)
            row = tuple(cells) if len(pieces) == 1 and len(cells) > 1 else ()
            out.append(Line(number, content, is_item, row) if content else None)
    return out


@functools.lru_cache(maxsize=1 << 16)
def is_dateish(text: str) -> bool:
    """True when ``text`` is a date, or looks like one that is impossible (2013-13-45)."""
    try:
        return normalize_date(text) is not None
    except DateError:
        return True


@functools.lru_cache(maxsize=1 << 16)
def heading_key(text: str) -> str:
    """A heading compared without spaces, colons and brackets, case-folded."""
    return _HEADING_NOISE.sub("", text).casefold()


_HEADING_NOISE = re.compile(r"[\s:：\[\]【】<>《》「」]+")


RELATED = {heading_key(h) for h in rules_page.RELATED_HEADINGS}
PROFILE = {heading_key(h) for h in rules_page.PROFILE_HEADINGS}
WORKS = {heading_key(h) for h in rules_page.WORKS_HEADINGS}
_SHARE = {t.casefold() for t in rules_page.SHARE_TARGETS}
_SHARE_SPLIT = re.compile(r"\s*[|｜/·•,，、]\s*|\s+")
#: A related-links list runs while its lines are list items, or link titles: this short and
#: not ending like a sentence.
MAX_RELATED_LINK_CHARS = 100
SENTENCE_END = tuple("。！？!?.…；;")


def is_share_bar(text: str) -> bool:
    """True for a line made only of share targets: "Twitter | Facebook | Email", "微信 微博"."""
    tokens = [t for t in _SHARE_SPLIT.split(text.casefold()) if t]
    return len(tokens) >= 2 and all(t in _SHARE for t in tokens)


_MENU_SPLIT = re.compile(r"\s*[|｜·•]\s*|\s{2,}")
#: A menu item is this short (characters for Chinese, words for English).
MAX_MENU_ITEM_CHARS, MAX_MENU_ITEM_WORDS = 6, 3


def is_menu_bar(text: str) -> bool:
    """True for a navigation bar: three or more short items between separators, no labels or
    sentences, not a list of names ("本站首页 | 所内动态 | 学术论文", "Home | About | Experts")."""
    parts = [p for p in _MENU_SPLIT.split(text) if p]
    if len(parts) < 3 or re.search(r"[:：。，,.!?！？]", text):
        return False
    if all(is_person_name(p) for p in parts):
        return False
    return all(
        len(p) <= MAX_MENU_ITEM_CHARS if HAN.search(p) else len(p.split()) <= MAX_MENU_ITEM_WORDS
        for p in parts
    )


#: The furniture patterns as one alternation: one scan of a line instead of one per pattern.
_NAV_NOISE = re.compile("|".join(f"(?:{p.pattern})" for p in rules_page.NAV_NOISE), re.IGNORECASE)


@functools.lru_cache(maxsize=1 << 16)
def is_noise(text: str) -> bool:
    """True for navigation, toolbar, share-bar and footer lines."""
    return bool(_NAV_NOISE.search(text)) or is_share_bar(text) or is_menu_bar(text)


#: The furniture learned from the other pages of the site being read (``ingest.template``):
#: keys of lines to drop. Empty when a page is read on its own.
SITE_FURNITURE: ContextVar[frozenset[str]] = ContextVar("site_furniture", default=frozenset())


def drop_furniture(lines: list[Line | None]) -> list[Line | None]:
    """``lines`` without furniture and without the lists under "related articles" headings."""
    kept: list[Line | None] = []
    skipping_related = False
    for index, line in enumerate(lines):
        if line is None:
            kept.append(None)
            continue
        if heading_key(line.text) in RELATED:
            skipping_related = True
            continue
        if skipping_related:
            is_link = len(line.text) <= MAX_RELATED_LINK_CHARS and not line.text.endswith(
                SENTENCE_END
            )
            if line.is_item or is_link:
                continue
            skipping_related = False
        if not is_noise(line.text) and not _in_share_column(lines, index):
            kept.append(line)
    learned = SITE_FURNITURE.get()
    if learned:
        kept = [line for line in kept if line is None or text_key(line.text) not in learned]
    return kept


def _in_share_column(lines: list[Line | None], index: int) -> bool:
    """True for one share target of a share bar laid out one per line ("Share", "Twitter",
    "Facebook", "Email" under each other)."""
    line = lines[index]
    if line is None or not _is_share_word(line.text):
        return False
    neighbours = [n for n in (_near(lines, index, -1), _near(lines, index, 1)) if n is not None]
    return any(_is_share_word(n.text) or heading_key(n.text) in SHARE_HEADINGS for n in neighbours)


def _near(lines: list[Line | None], index: int, step: int) -> Line | None:
    position = index + step
    while 0 <= position < len(lines) and lines[position] is None:
        position += step
    return lines[position] if 0 <= position < len(lines) else None


def _is_share_word(text: str) -> bool:
    return text.casefold() in _SHARE or heading_key(text) in SHARE_HEADINGS


#: Headings of a share bar.
SHARE_HEADINGS = {heading_key(h) for h in ("share", "share this", "分享", "分享到", "share on")}
