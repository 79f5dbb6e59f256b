"""Where the article is on a page, found by evidence rather than by position.

The text and HTML readers both hand this module the page's content lines (furniture and the
expert card already removed). Stages:

1. **body by density**: every line gets a weight (prose counts for its length; labels, dates,
   bylines and short lines without sentence punctuation count against), and the body is the
   run of lines with the largest total weight (the maximum-sum run, as in Finn's BTE and the
   density rules of readability and trafilatura). A site name, a menu or a breadcrumb above the
   title, and a "related articles" list below the text, fall outside it whatever their position;
2. **metadata block by content**: walking up from the body, the run of lines that hold
   labelled fields, dates and bylines (the block may be empty: many pages put their metadata
   below the text);
3. **title among candidates**: the lines above that block, each scored for looking like a
   headline, for sitting right above the block, and for agreeing with the titles the markup
   gives (``og:title``, ``citation_title``, ``<title>`` without its site suffix …); a line that
   is the site's name (the recurring part of ``<title>``) scores against.

Each choice keeps its evidence (``Evidence``: field, value, where it came from, a score) so
``zhiku extract --explain`` can say why a value won.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from zhiku.ingest.bylines import looks_like_name_list, split_byline
from zhiku.ingest.readers.fields import MAX_METADATA_CHARS, is_field_line, is_type_kicker
from zhiku.ingest.readers.page import SENTENCE_END, Line, is_dateish
from zhiku.text.keys import text_key
from zhiku.text.names import is_person_name
from zhiku.text.scripts import HAN

#: A paragraph holds at least this many units (a Han character is a unit, three Latin
#: characters are one): shorter lines count as prose only when they end like a sentence.
MIN_PARAGRAPH_UNITS = 15
#: What a line that is not prose costs the run it sits in (a heading inside the text costs
#: little; a label or byline line, which is never body, costs more than a short paragraph).
SHORT_LINE_COST = 6.0
FIELD_LINE_COST = 40.0
#: A list item counts for this share of its length (lists of links are not text).
ITEM_SHARE = 0.3
#: How far above the metadata block a title may sit, in lines.
TITLE_WINDOW = 8
#: A headline is this long, in units.
TITLE_UNITS = (2, 60)
MAX_TITLE_WORDS = 30
#: A Latin-script headline has at least this many words (one or two are a section name).
MIN_TITLE_WORDS = 3
#: Scores of a title candidate.
TITLE_SCORE_ADJACENT = 3.0  # right above the metadata block (or the body when it has none)
TITLE_SCORE_AGREES = 5.0  # equals a title the markup gives
TITLE_SCORE_PREFIX = 3.0  # the start of <title> before its site suffix
TITLE_COST_SITE_NAME = 6.0  # is the site's own name (the recurring part of <title>)
TITLE_COST_PER_LINE = 0.5  # per line of distance from the block
#: A title chosen with less than this is reported as low confidence.
CONFIDENT_TITLE = 3.0

#: Short labels with a colon; a line with this many is a row of values, not a sentence.
_SHORT_LABELS = re.compile(r"(?:^|[\s　|｜])[\u4e00-\u9fff]{2,6}[:：]|(?:^|\s)[A-Z][a-z]{1,10}:\s")
MIN_LABELS_OF_A_ROW = 2
#: Per-line judgements are pure functions of the line's text and asked several times per page
#: (density, metadata block, title, body): kept for this many distinct lines.
LINE_CACHE = 1 << 16
_INNER_PUNCTUATION = re.compile(r"[，。；、,;：:!?！？]")
_TITLE_END_BAD = tuple("。：:，,；;")
_WORD = re.compile(r"[^\W_]")


@dataclass
class Evidence:
    """One candidate for a field: its value, where it came from and how it scored."""

    field: str
    value: str
    source: str
    score: float
    chosen: bool = False

    def to_dict(self) -> dict[str, object]:
        return {
            "field": self.field,
            "value": self.value,
            "from": self.source,
            "score": round(self.score, 2),
            "chosen": self.chosen,
        }


@dataclass
class TitleHints:
    """What the page's markup says about its title and its site."""

    titles: list[tuple[str, str]] = field(default_factory=list)  # (source, title)
    prefixes: list[str] = field(default_factory=list)  # <title> cut before a site suffix
    site_names: list[str] = field(default_factory=list)


@dataclass
class ArticleLayout:
    """Where the article's parts sit among the content lines."""

    title_index: int | None
    title: str | None
    meta_start: int  # first line of the metadata block (== body_start when there is none)
    body_start: int
    body_end: int  # one past the last body line
    title_score: float
    evidence: list[Evidence] = field(default_factory=list)


@functools.lru_cache(maxsize=LINE_CACHE)
def units(text: str) -> float:
    """The length of ``text`` in units: a Han character is one, three other characters one."""
    han = len(HAN.findall(text))
    return han + (len(text) - han) / 3


@functools.lru_cache(maxsize=LINE_CACHE)
def is_prose(text: str) -> bool:
    """True for a line that reads as running text (not a row of labelled values: "地址：…
    电话：…", "主办单位：… 承办单位：…")."""
    if len(_SHORT_LABELS.findall(text)) >= MIN_LABELS_OF_A_ROW:
        return False
    size = units(text)
    if size >= MIN_PARAGRAPH_UNITS and (
        text.endswith(SENTENCE_END) or _INNER_PUNCTUATION.search(text)
    ):
        return True
    return size >= 6 and text.endswith(SENTENCE_END) and not looks_like_name_list(text)


@functools.lru_cache(maxsize=LINE_CACHE)
def is_metadata(text: str) -> bool:
    """True for a line of the metadata block: labelled fields, a date, a byline, a kicker."""
    if len(text) > MAX_METADATA_CHARS:
        return False
    if is_field_line(text) or is_type_kicker(text):
        return True
    return units(text) <= 20 and not text.endswith(SENTENCE_END) and _is_byline(text)


def _is_byline(text: str) -> bool:
    byline = split_byline(text)
    return byline is not None and all(_plausible_name(name) for name in byline.names)


#: Words of headlines that are never part of a personal name ("Central Asia Is Hedging, Not
#: Choosing" is a title in title case, not two names).
HEADLINE_WORDS = frozenset(
    "is are was were be not no the a an of for in on to with why how what when where who will "
    "can could should may must new after before over under against between its it this that "
    "than from into about as at by our their his her your we they".split()
)


def _plausible_name(name: str) -> bool:
    """A personal name, and for Latin script none of its words a headline word."""
    if not is_person_name(name):
        return False
    return HAN.search(name) is not None or not any(
        word.casefold() in HEADLINE_WORDS for word in name.split()
    )


def line_weight(line: Line) -> float:
    """A line's contribution to the body run it sits in."""
    text = line.text
    if is_metadata(text):
        return -FIELD_LINE_COST
    if is_prose(text):
        return units(text) * (ITEM_SHARE if line.is_item else 1.0)
    return -SHORT_LINE_COST


def densest_run(content: list[Line]) -> tuple[int, int] | None:
    """(start, end) of the run of lines with the largest total weight; None if none is prose."""
    best, best_run = 0.0, None
    total, start = 0.0, 0
    for index, line in enumerate(content):
        if total <= 0:
            total, start = 0.0, index
        total += line_weight(line)
        if total > best:
            best, best_run = total, (start, index + 1)
    return best_run


def metadata_block_start(content: list[Line], body_start: int) -> int:
    """First line of the metadata block that ends right above ``body_start``."""
    position = body_start
    while position > 0 and is_metadata(content[position - 1].text):
        position -= 1
    return position


@functools.lru_cache(maxsize=LINE_CACHE)
def is_title_like(text: str) -> bool:
    """True for a line that could be a headline."""
    if is_field_line(text) or is_type_kicker(text) or is_dateish(text):
        return False
    if text.endswith(_TITLE_END_BAD):
        return False
    low, high = TITLE_UNITS
    if not HAN.search(text) and len(text.split()) > MAX_TITLE_WORDS:
        return False
    if not HAN.search(text):
        words = [w for w in text.split() if _WORD.search(w)]
        return len(words) >= MIN_TITLE_WORDS and units(text) <= high * 2
    return low <= units(text) <= high


def _agreement(text: str, hints: TitleHints) -> tuple[float, str]:
    key = text_key(text)
    if not key:
        return 0.0, ""
    for source, title in hints.titles:
        if text_key(title) == key:
            return TITLE_SCORE_AGREES, source
    for prefix in hints.prefixes:
        if text_key(prefix) == key:
            return TITLE_SCORE_PREFIX, "<title> before its site suffix"
    return 0.0, ""


def _is_site_name(text: str, hints: TitleHints) -> bool:
    key = text_key(text)
    return bool(key) and any(text_key(name) == key for name in hints.site_names)


def choose_title(
    content: list[Line], block_start: int, hints: TitleHints
) -> tuple[int | None, float, list[Evidence]]:
    """Index of the title line above ``block_start``, its score, and every candidate's score."""
    evidence: list[Evidence] = []
    best_index, best_score = None, float("-inf")
    lowest = max(0, block_start - TITLE_WINDOW)
    for index in range(block_start - 1, lowest - 1, -1):
        text = content[index].text
        if content[index].is_item or not is_title_like(text):
            continue
        distance = block_start - 1 - index
        score = TITLE_SCORE_ADJACENT if distance == 0 else 1.0
        score -= TITLE_COST_PER_LINE * distance
        bonus, agreed = _agreement(text, hints)
        score += bonus
        source = f"line {content[index].number}" + (f", agrees with {agreed}" if agreed else "")
        if _is_site_name(text, hints):
            score -= TITLE_COST_SITE_NAME
            source += ", is the site's name"
        evidence.append(Evidence("title", text, source, score))
        if score > best_score:
            best_index, best_score = index, score
    if best_index is None:
        return None, 0.0, evidence
    for item in evidence:
        item.chosen = item.value == content[best_index].text and item.score == best_score
    return best_index, best_score, evidence


def locate_article(content: list[Line], hints: TitleHints | None = None) -> ArticleLayout | None:
    """The article's layout among ``content``, or None when no line reads as text."""
    hints = hints or TitleHints()
    run = densest_run(content)
    if run is None:
        return None
    body_start, body_end = run
    meta_start = metadata_block_start(content, body_start)
    title_index, score, evidence = choose_title(content, meta_start, hints)
    if title_index is None and meta_start == body_start and body_end - body_start > 1:
        # no headline above the text: a first short line of the "body" may be the title
        first = content[body_start]
        if is_title_like(first.text) and not first.text.endswith(SENTENCE_END):
            title_index, body_start = body_start, body_start + 1
            meta_start = body_start
            score = 1.0
    title = content[title_index].text if title_index is not None else None
    return ArticleLayout(title_index, title, meta_start, body_start, body_end, score, evidence)
