"""Bylines and affiliations: who wrote a work, with the titles and units a page gives them.

A byline names authors (张三、李四 / 张三 李四 / By A, B and C / 文/张三); a title or unit next
to a name (张三 研究员, 张三（上海国际问题研究院研究员）, "Jane Doe, Senior Fellow at the
Brookings Institution") belongs to that person, never to the name. Author notes after a text
（作者系…）, "Jane Doe is a senior fellow at …" do the same for the authors already known.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from zhiku.ingest import rules, rules_article
from zhiku.text.keys import clean_inline
from zhiku.text.names import is_chinese_name, is_latin_name, is_person_name
from zhiku.text.scripts import HAN
from zhiku.text.titles import TITLE_MODIFIERS, TITLES_LONGEST_FIRST

#: Parts of a byline: 、，,;；/|& and "and" between names ("与" only between spaces: it can
#: be part of a Chinese name).
_PARTS = re.compile(r"\s*(?:[、，,;；/／|｜&]|\band\b|\s与\s)\s*", re.IGNORECASE)
#: "et al." / 等 after the last name of a byline.
_ET_AL = re.compile(r"\s*(?:等|et\s+al\.?)\s*$", re.IGNORECASE)
#: A parenthesised note after a name: 张三（上海国际问题研究院研究员）, Jane Doe (Brookings).
_NOTE = re.compile(r"[（(]([^()（）]{1,120})[)）]")
#: Chinese author notes: （作者系…）, 作者简介：…, 作者单位：….
AUTHOR_NOTE_ZH = re.compile(
    r"^[（(]?\s*(?:作者|本文作者)\s*(?:系|为|是|為|係)(?P<note>[^()（）]+?)[。.]?\s*[)）]?$"
    r"|^(?:作者简介|作者簡介|作者单位|作者單位|作者信息)\s*[:：]\s*(?P<intro>.+)$"
)
#: English author notes: "Jane Doe is a senior fellow at the Brookings Institution."
AUTHOR_NOTE_EN = re.compile(
    r"^(?P<name>[A-Z][\w.'’\- ]{2,60}?)\s+is\s+(?:an?|the)\s+(?P<note>[^.]{3,200})\.?$"
)


@dataclass
class Byline:
    """Authors read from a byline, with any titles and units it gave them."""

    names: list[str]
    titles: dict[str, str] = field(default_factory=dict)
    units: dict[str, list[str]] = field(default_factory=dict)

    def add_unit(self, name: str, unit: str) -> None:
        units = self.units.setdefault(name, [])
        if unit not in units:
            units.append(unit)


# --- titles -----------------------------------------------------------------------------------


def match_title(text: str) -> str | None:
    """The academic or professional title ``text`` is, or None."""
    stripped = text.strip().strip(".")
    for title in TITLES_LONGEST_FIRST:
        if stripped.casefold() == title.casefold():
            return title
    return None


@functools.lru_cache(maxsize=1 << 16)
def split_title_suffix(text: str) -> tuple[str, str | None]:
    """ "张三研究员" → ("张三", "研究员"); a name without a title comes back unchanged."""
    for title in TITLES_LONGEST_FIRST:
        if text.endswith(title) and len(text) > len(title):
            head = text[: -len(title)].strip(" ,，")
            if is_person_name(head):
                return head, title
    return text, None


# --- units ------------------------------------------------------------------------------------


def unit_level(text: str) -> int | None:
    """1 (centre/department), 2 (institute) or 3 (institution) for a unit name, else None."""
    stripped = text.strip()
    if len(stripped) < 2 or len(stripped) > 80 or rules.EMAIL.search(stripped):
        return None
    if not HAN.search(stripped):
        return _english_unit_level(stripped)
    for suffix, level in rules.UNIT_SUFFIXES:
        if stripped.endswith(suffix) and len(stripped) >= len(suffix) + 2:
            return level
    return None


def _english_unit_level(text: str) -> int | None:
    words = re.findall(r"[A-Za-z]+", text)
    if len(words) < 2 or not text[:1].isupper() or _title_phrase(text):
        return None
    levels = [rules.UNIT_WORDS_EN[w.lower()] for w in words if w.lower() in rules.UNIT_WORDS_EN]
    # "Center for …" names the whole organisation only when nothing larger is named.
    return max(levels) if levels else None


def unit_rank(name: str) -> int:
    """How high a unit sits by its name's ending (大学 4 > 研究院 3 > 研究所 2 > 中心 1), for
    placing units under one another; 0 when the vocabulary has no rank for it."""
    for suffix, rank in sorted(rules.UNIT_CHILD_RANKS.items(), key=lambda i: -len(i[0])):
        if name.endswith(suffix) and len(name) >= len(suffix) + 2:
            return rank
    return unit_level(name) or 0


def split_unit_path(name: str) -> list[str]:
    """A compound affiliation split most specific first: 上海国际问题研究院亚太研究中心 →
    [亚太研究中心, 上海国际问题研究院]; a name the vocabulary cannot split comes back alone."""
    name = name.strip()
    for end in range(2, len(name) - 1):
        head, tail = name[:end], name[end:]
        rank = next((r for s, r in rules.UNIT_PARENT_RANKS.items() if head.endswith(s)), 0)
        if not rank or len(head) < 4 or unit_level(tail) is None:
            continue
        if 0 < unit_rank(tail) < rank and len(tail) >= 4:
            return [*split_unit_path(tail), head]
    return [name]


def _unit_and_title(token: str) -> tuple[str, str | None] | None:
    """ "上海国际问题研究院研究员" → ("上海国际问题研究院", "研究员"); "Senior Fellow at the
    Brookings Institution" → ("Brookings Institution", "Senior Fellow"); a bare unit → (unit,
    None); a bare English title phrase → ("", phrase); None for anything else."""
    token = token.strip().rstrip("。.")
    if HAN.search(token):
        for title in TITLES_LONGEST_FIRST:
            if token.endswith(title) and HAN.search(title) and unit_level(token[: -len(title)]):
                return token[: -len(title)].strip(), title
        return (token, None) if unit_level(token) else None
    at = _TITLE_AT_UNIT.match(token)
    if at and _title_phrase(at["left"]):
        return at["unit"].strip(), _title_phrase(at["left"])
    of = _TITLE_OF_UNIT.match(token)
    if of and match_title(of["left"]) and unit_level(of["unit"]):
        return of["unit"].strip(), match_title(of["left"])
    if _title_phrase(token):
        return "", _title_phrase(token)
    return (token, None) if unit_level(token) else None


#: "<title phrase> at/with <Organisation>": "at" names the employer even without a unit word.
_TITLE_AT_UNIT = re.compile(r"^(?P<left>.+?)\s+(?:at|with)\s+(?:the\s+)?(?P<unit>[A-Z].+)$")
#: "<title> of/in/for <unit>": only when what follows is recognisably a unit.
_TITLE_OF_UNIT = re.compile(r"^(?P<left>.+?)\s+(?:of|in|for)\s+(?:the\s+)?(?P<unit>.+)$")


def _title_phrase(text: str) -> str | None:
    """A title, or a phrase that starts with one ("senior fellow in foreign policy" →
    "Senior Fellow in foreign policy"), possibly after modifiers ("adjunct senior fellow")."""
    exact = match_title(text)
    if exact:
        return exact
    words = text.strip().split()
    lead = 0
    while lead < len(words) and words[lead].casefold() in TITLE_MODIFIERS:
        lead += 1
    head = " ".join(words[:lead])
    rest = " ".join(words[lead:])
    folded = rest.casefold()
    for title in TITLES_LONGEST_FIRST:
        if HAN.search(title):
            continue
        if folded == title.casefold() or folded.startswith(title.casefold() + " "):
            phrase = title + rest[len(title) :]
            return f"{head.capitalize()} {phrase}".strip() if head else phrase
    return None


# --- bylines ----------------------------------------------------------------------------------


def split_byline(text: str) -> Byline | None:
    """The authors of a byline (张三、李四 / By A and B / 文/张三 / 张三 研究员), or None."""
    line = clean_inline(text)
    for pattern in (rules.TEXT_BY, rules.BY_LINE):
        match = pattern.match(line)
        if match:
            line = match.group("names")
            break
    line = re.sub(r"^(?:作者|撰文|撰稿人?|author|authors|by)\s*[:：]\s*", "", line, flags=re.I)
    line = rules_article.WRITER_ROLE.sub("", line)
    line = rules_article.NOT_REPORTERS.split(line)[0]  # 通讯员 / 实习生 … are not its authors
    line = _ET_AL.sub("", line).strip()
    if not line:
        return None
    notes: dict[str, str] = {}

    def park(match: re.Match[str]) -> str:
        key = f"\x00{len(notes)}\x00"
        notes[key] = match.group(1)
        return f" {key}"

    line = _NOTE.sub(park, line)
    byline = Byline(names=[])
    current: str | None = None
    pending: list[str] = []
    for part in (p.strip() for p in _PARTS.split(line)):
        if not part:
            continue
        current = _read_part(part, byline, notes, current, pending)
        if current is None:
            return None
    return byline if byline.names else None


def _read_part(
    part: str, byline: Byline, notes: dict[str, str], current: str | None, pending: list[str]
) -> str | None:
    """Read one separated part into ``byline``; the current author, or None if unreadable."""
    tokens = [t for t in re.split(r"(\x00\d+\x00)|\s+", part) if t]
    if not HAN.search(part):  # Latin names and titles contain spaces: keep the part whole
        words = " ".join(t for t in tokens if t not in notes)
        tokens = ([words] if words else []) + [t for t in tokens if t in notes]
    for index, token in enumerate(tokens):
        if token in notes:
            if current:
                attach_note(byline, current, notes[token])
            continue
        if match_title(token) and current:
            byline.titles[current] = match_title(token) or token
            continue
        unit_title = _unit_and_title(token)
        if unit_title:
            unit, title = unit_title
            # A unit before a name in the same part is that name's ("复旦大学 李四").
            names_follow = any(
                is_person_name(split_title_suffix(t)[0]) for t in tokens[index + 1 :]
            )
            if current and not names_follow:
                if unit:
                    byline.add_unit(current, unit)
                if title:
                    byline.titles.setdefault(current, title)
            elif unit:
                pending.append(unit)
            continue
        name, title = split_title_suffix(token)
        if not is_person_name(name):
            return None
        current = name
        byline.names.append(name)
        if title:
            byline.titles[name] = title
        for unit in pending:
            byline.add_unit(name, unit)
        pending.clear()
    return current or ""


def attach_note(byline: Byline, name: str, note: str) -> None:
    """Give ``name`` the titles and units a note states ("上海国际问题研究院研究员、博导")."""
    note = re.sub(r"^(?:作者)?(?:系|为|是|為|係)", "", note.strip()).strip("。. ")
    for part in re.split(r"[、，,；;]\s*|\s+and\s+", note):
        part = part.strip()
        if not part:
            continue
        split = _unit_and_title(part)
        if split:
            unit, title = split
            if unit:
                byline.add_unit(name, unit)
            if title:
                byline.titles.setdefault(name, title)
        elif match_title(part):
            byline.titles.setdefault(name, match_title(part) or part)


def read_author_note(text: str, byline: Byline) -> bool:
    """Apply an author note line to ``byline``'s authors; False when ``text`` is none."""
    line = clean_inline(text)
    zh = AUTHOR_NOTE_ZH.match(line)
    if zh and zh["note"] and len(byline.names) == 1:
        attach_note(byline, byline.names[0], zh["note"])
        return True
    if zh and zh["intro"]:
        return _read_intro(zh["intro"], byline)
    # "Jane Doe is a senior fellow at …. John Smith is …": every sentence about an author
    notes = [AUTHOR_NOTE_EN.match(s) for s in re.split(r"(?<=\.)\s+(?=[A-Z])", line)]
    if notes and all(n and n["name"].strip() in byline.names for n in notes):
        for note in notes:
            attach_note(byline, note["name"].strip(), note["note"])  # type: ignore[index]
        return True
    return False


def _read_intro(intro: str, byline: Byline) -> bool:
    """作者简介：张三，上海国际问题研究院研究员；李四，… (or the single author's note)."""
    matched = False
    for chunk in re.split(r"[；;]\s*", intro.strip("。. ")):
        pieces = re.split(r"[，,]\s*", chunk, maxsplit=1)
        head, rest = pieces[0].strip(), pieces[1] if len(pieces) > 1 else ""
        name, title = split_title_suffix(head)
        if name in byline.names:
            if title:
                byline.titles.setdefault(name, title)
            attach_note(byline, name, rest)
            matched = True
        elif len(byline.names) == 1 and not is_person_name(name):
            attach_note(byline, byline.names[0], chunk)
            matched = True
    return matched


#: Notes after an English text that are no part of it: "The author is a research fellow at …",
#: acknowledgements, funding notes.
TRAILING_NOTE_EN = re.compile(
    r"^(?:the authors? (?:is|are|was|were|would like|thanks?|wish(?:es)?)\b|the authors? "
    r"(?:gratefully )?acknowledge|(?:this|the) (?:research|report|study|work|project|paper)"
    r" (?:was|is) (?:sponsored|funded|supported|commissioned|made possible)\b|funding for this"
    r"|acknowledg(?:e)?ments?\b|we (?:thank|are grateful))",
    re.IGNORECASE,
)


def is_author_note(text: str) -> bool:
    """True for a line that is an author note rather than body text."""
    line = clean_inline(text)
    return bool(AUTHOR_NOTE_ZH.match(line) or TRAILING_NOTE_EN.match(line))


def looks_like_name_list(text: str) -> bool:
    """True when every part of ``text`` is a personal name (a bare byline line)."""
    parts = [p for p in _PARTS.split(clean_inline(text)) if p.strip()]
    return bool(parts) and all(is_chinese_name(p) or is_latin_name(p) for p in parts)
