"""Search-as-you-type: a compact, memory-mapped table of keys → entries, next to the index.

What is suggested (an *entry*): people (their Chinese, pinyin and English names), units,
glossary terms and work titles. Each entry is reachable from several *keys*, the folded forms
a reader may start typing: 鲁传颖, "lu chuanying", "luchuanying", "chuanying lu" and the pinyin
initials "lcy"; a title from its beginning and from the start of each later Latin word.

The file (``DATA_DIR/search/suggest.bin``, written atomically by the indexer, never by a
request) holds, after a one-line JSON header:

- the keys, UTF-8, sorted bytewise (= by code point) and joined by ``\\n``;
- ``key_offsets`` (uint32, one per key + 1) and ``key_entries`` (uint32 entry number per key);
- the entries as ``kind\\tlabel\\turl\\tdetail`` lines, with their offsets (uint32).

Entries are numbered best first (people, then units, terms, titles; within a kind by
weight), so "the best entries under a prefix" are the smallest entry numbers among the keys
in the prefix's range. A prefix whose range holds more than ``HOT_RANGE`` keys has its
answer precomputed (``hot`` in the header); any other range is small enough to scan. A
lookup is two binary searches over the memory-mapped keys and at most ``HOT_RANGE`` reads:
well under a millisecond at a million works (``python -m bench suggest``).

Building the file from the catalog is ``zhiku.search.suggest_build``'s.
"""

from __future__ import annotations

import heapq
import json
import logging
import mmap
import unicodedata
from dataclasses import dataclass
from pathlib import Path

logger = logging.getLogger(__name__)

FILE_NAME = "suggest.bin"
FORMAT = 1
#: Ranges with more keys than this get their answer precomputed at build time.
HOT_RANGE = 256
#: Candidates kept per prefix (before the per-kind quotas pick the ``limit`` shown).
DEPTH = 40
#: Longest key stored: a reader who typed more is matched on this much and then checked.
KEY_CHARS = 48
#: Later words of a title that start a key of their own (Latin titles).
TITLE_WORD_KEYS = 6
#: Kinds, best first, and at most how many of each one answer shows.
KINDS = ("person", "unit", "term", "work")
QUOTAS = {"person": 4, "unit": 2, "term": 3, "work": 8}
MAX_LIMIT = 20
_END = "\U0010ffff"


@dataclass(frozen=True)
class Entry:
    """One thing a reader may choose: ``url`` opens it, ``detail`` says what it is."""

    kind: str
    label: str
    url: str
    detail: str = ""
    weight: float = 0.0

    def as_dict(self) -> dict[str, str]:
        return {"kind": self.kind, "label": self.label, "url": self.url, "detail": self.detail}


# -- keys -----------------------------------------------------------------------------------


def fold(text: str) -> str:
    """The form keys and typed prefixes are compared in: NFKC, lower case, Simplified,
    whitespace collapsed, without the characters people skip (·-'’.)."""
    text = unicodedata.normalize("NFKC", text).lower()
    for char in "·•-'’.,，、:：":
        text = text.replace(char, " ")
    text = " ".join(text.split())
    if any("\u3400" <= c <= "\u9fff" for c in text):
        text = _simplified(text)
    return text


def _simplified(text: str) -> str:
    from zhiku.search.analysis import normalize  # OpenCC, loaded once per process

    return normalize(text)[0]


def _pinyin(text: str) -> list[str]:
    from pypinyin import Style, lazy_pinyin

    return [s for s in lazy_pinyin(text, style=Style.NORMAL, errors="ignore") if s.isalpha()]


def han_keys(text: str) -> list[str]:
    """Pinyin keys of a Chinese name: 鲁传颖 → luchuanying, lu chuanying, lcy."""
    syllables = _pinyin(text)
    if not syllables:
        return []
    return ["".join(syllables), " ".join(syllables), "".join(s[0] for s in syllables)]


def latin_name_keys(name: str) -> list[str]:
    """Keys of a romanised name: "Lu Chuanying" → lu chuanying, luchuanying, chuanying lu."""
    parts = fold(name).split()
    if not parts:
        return []
    keys = [" ".join(parts), "".join(parts)]
    if len(parts) > 1:
        keys.append(" ".join(parts[1:] + parts[:1]))
        keys.append("".join(p[0] for p in parts))
    return keys


def has_han(text: str) -> bool:
    return any("\u3400" <= c <= "\u9fff" for c in text)


def person_keys(name: str, name_en: str) -> list[str]:
    keys = [fold(name)]
    if has_han(name):
        keys += han_keys(name)
    else:
        keys += latin_name_keys(name)
    if name_en:
        keys += latin_name_keys(name_en)
    return keys


def title_keys(title: str) -> list[str]:
    """A title from its beginning, and from each later Latin word (at most a few)."""
    folded = fold(title)
    keys = [folded]
    if not has_han(folded):
        words = folded.split(" ")
        for index in range(1, min(len(words), TITLE_WORD_KEYS + 1)):
            keys.append(" ".join(words[index:]))
    return keys


def unit_keys(name: str, name_en: str) -> list[str]:
    keys = [fold(name)]
    if has_han(name):
        syllables = _pinyin(name)
        if syllables:
            keys.append("".join(s[0] for s in syllables))
    if name_en:
        keys += title_keys(name_en)
        words = [w for w in fold(name_en).split() if w not in ("of", "and", "for", "the")]
        if len(words) > 1:
            keys.append("".join(w[0] for w in words))  # "sius", "ciis"
    return keys


def term_keys(term: str) -> list[str]:
    keys = title_keys(term)
    if has_han(term):
        syllables = _pinyin(term)
        if syllables:
            keys.append("".join(syllables))
    return keys


# -- reading --------------------------------------------------------------------------------


class Suggestions:
    """A suggestion file, memory-mapped (shared by every process that reads it)."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        with open(self.path, "rb") as handle:
            self.map = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
        first = self.map.find(b"\n")
        header = json.loads(self.map[:first])
        if header.get("format") != FORMAT:
            raise ValueError(f"suggestion file format {header.get('format')}")
        self.header = header
        self.hot: dict[str, list[int]] = header["hot"]
        start = first + 1
        bounds = []
        for size in header["sizes"]:
            bounds.append((start, start + size))
            start += size
        if start != len(self.map):
            raise ValueError("suggestion file is truncated")
        (self.keys_at, _), ko, ke, (self.entries_at, _), eo = bounds
        self.key_offsets = memoryview(self.map)[ko[0] : ko[1]].cast("I")
        self.key_entries = memoryview(self.map)[ke[0] : ke[1]].cast("I")
        self.entry_offsets = memoryview(self.map)[eo[0] : eo[1]].cast("I")
        self.count = header["keys"]

    def _key(self, index: int) -> bytes:
        start = self.keys_at + self.key_offsets[index]
        return self.map[start : self.keys_at + self.key_offsets[index + 1] - 1]

    def _bound(self, target: bytes) -> int:
        """The first key not below ``target``."""
        lo, hi = 0, self.count
        while lo < hi:
            mid = (lo + hi) // 2
            if self._key(mid) < target:
                lo = mid + 1
            else:
                hi = mid
        return lo

    def entry(self, number: int) -> Entry:
        start = self.entries_at + self.entry_offsets[number]
        end = self.entries_at + self.entry_offsets[number + 1]
        kind, label, url, detail = self.map[start:end].decode("utf-8").split("\t")
        return Entry(kind, label, url, detail)

    def candidates(self, prefix: str) -> list[int]:
        """The best entry numbers (at most DEPTH) with a key starting with ``prefix``."""
        prefix = prefix[:KEY_CHARS]
        if prefix in self.hot:
            return self.hot[prefix]
        encoded = prefix.encode("utf-8")
        lo = self._bound(encoded)
        hi = self._bound((prefix + _END).encode("utf-8"))
        return heapq.nsmallest(DEPTH, set(self.key_entries[lo:hi]))

    def lookup(self, text: str, limit: int = 10) -> list[Entry]:
        """Entries for what a reader has typed so far, best first, within the kinds' quotas."""
        prefix = fold(text)
        if not prefix:
            return []
        limit = max(1, min(limit, MAX_LIMIT))
        taken: dict[str, int] = {}
        found: list[Entry] = []
        for number in self.candidates(prefix):
            entry = self.entry(number)
            if len(prefix) > KEY_CHARS and not _starts(entry, prefix):
                continue
            if taken.get(entry.kind, 0) >= QUOTAS.get(entry.kind, limit):
                continue
            taken[entry.kind] = taken.get(entry.kind, 0) + 1
            found.append(entry)
            if len(found) >= limit:
                break
        return found

    def close(self) -> None:
        for view in (self.key_offsets, self.key_entries, self.entry_offsets):
            view.release()
        self.map.close()


def _starts(entry: Entry, prefix: str) -> bool:
    return any(key.startswith(prefix) for key in title_keys(entry.label))


def suggestion_path(data_dir: Path) -> Path:
    return Path(data_dir) / "search" / FILE_NAME


_open: dict[Path, tuple[tuple[int, int], Suggestions]] = {}


def open_suggestions(data_dir: Path) -> Suggestions | None:
    """The current suggestion file (reopened when the indexer replaced it), or None."""
    path = suggestion_path(data_dir)
    try:
        stat = path.stat()
    except OSError:
        return None
    stamp = (stat.st_mtime_ns, stat.st_ino)
    cached = _open.get(path)
    if cached and cached[0] == stamp:
        return cached[1]
    try:
        table = Suggestions(path)
    except (OSError, ValueError, KeyError, TypeError) as exc:
        logger.warning("suggestions: cannot read %s: %s", path, exc)
        return None
    _open[path] = (stamp, table)  # the old map stays valid for requests still using it
    return table
