"""The analyzer: one chain from text to search tokens, shared by the index and by queries.

Terms, after whoosh's analysis package:

- **normaliser**: maps text to its *search form*: NFKC, lower case, accents on Latin letters
  folded (Lǔ → lu), Traditional → Simplified with OpenCC ``t2s`` (網絡安全 → 网络安全). For
  every character of the search form it keeps the offset of the original character it came
  from, so snippets are cut from the original text.
- **tokenizer**: splits the search form into runs by script. Han runs are segmented by jieba
  (precise mode) with the domain dictionary (``data/userdict.txt``) and the catalog's person
  names (``add_words``); Latin and digit runs become words (G20, 5g and 2015 stay whole); runs
  of other letters (Cyrillic, kana, Hangul …) become one token each.
- **filters**: a *regional word* (Taiwan or Hong Kong phrasing, ``data/regional.txt``: 网路,
  软体, 程式, 资安, 东协, 美中 …) becomes its mainland form (网络, 软件, 程序, 信息安全, 东盟,
  中美), keeping the original's offsets: OpenCC's phrase conversions (``tw2sp``, ``hk2sp``)
  applied word by word after segmentation, and only for words that are not also mainland
  words (``tw2sp`` on whole texts would rewrite Simplified text too: 建立 → 创建, 程序 →
  进程). Latin words are stemmed (Snowball English; acronym plurals such as CBMs lose
  their s first); a Han word of three or more characters adds its *parts*, the pieces of a
  right-to-left partition into dictionary words (网络安全 → 网络 安全; 中美洲 → 美洲, never
  中美); tokens longer than ``MAX_TOKEN_CHARS`` are dropped.
- **analyzer**: ``tokenize(text, mode)``. ``"index"`` yields what is indexed; ``"query"``
  yields words only (the query builder decides how parts are used).

One stream, one position per token, so tantivy takes it as space-joined text (its whitespace
tokenizer; no token objects cross into Rust): a Han word is indexed as itself followed by its
parts (网络安全 → 网络安全 网络 安全; 中美洲 → 中美洲 美洲). A query word is one term
(fast); a phrase is the same stream for the phrase's text (``phrase_terms``).

Plain Python, no Django: the indexer, the query parser and the benchmarks all call it.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

import opencc
import rjieba
import Stemmer

DATA = Path(__file__).resolve().parent / "data"
USER_DICTIONARY = DATA / "userdict.txt"
REGIONAL_FILE = DATA / "regional.txt"

#: Longer tokens are noise (a URL, a run of letters without spaces) and bloat the index.
MAX_TOKEN_CHARS = 40
#: The longest dictionary piece looked for when a word is partitioned into parts.
MAX_PART_CHARS = 8
#: jieba's frequency for dictionary words that carry no frequency of their own: high enough
#: to win against the general dictionary's split (一带 一路 → 一带一路).
DEFAULT_WORD_FREQ = 2000
#: jieba's frequency for regional words (网路, 东协): enough to hold them together in their own
#: texts, low enough not to pull mainland text apart around them.
REGIONAL_WORD_FREQ = 200
MODES = ("index", "query")
#: Words too common to index: they would fill a quarter of the postings and find everything.
#: Their positions are kept, so phrases still match across them.
INDEX_STOPWORDS = frozenset(
    "的 了 和 与 及 在 是 对 之 而 并 或 也 都 就 将 被 把 从 向 于 以 为 其 等 这 那 着 "
    "a an the of and or in on at to for by with as is are was were be be it its this that".split()
)

_HAN_CLASS = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
_RUNS = re.compile(
    rf"(?P<han>[{_HAN_CLASS}]+)"
    r"|(?P<latin>[a-z0-9]+(?:['’][a-z0-9]+)*)"
    rf"|(?P<other>[^\W_a-z0-9{_HAN_CLASS}]+)"
)
_HAS_HAN = re.compile(f"[{_HAN_CLASS}]")
_ACRONYM_PLURAL = re.compile(r"[A-Z][A-Z0-9]+s")
_VOWELLESS_PLURAL = re.compile(r"[b-df-hj-np-tv-z]{2,}s")
#: Latin letters whose accents are folded (Latin-1 Supplement to Latin Extended-B, and
#: Latin Extended Additional, which holds Vietnamese and pinyin tone marks).
_FOLDABLE = re.compile("[\u00c0-\u024f\u1e00-\u1eff]")


class Token(NamedTuple):
    """A search token: ``text`` in search form, ``start``/``end`` in the original text."""

    text: str
    start: int
    end: int
    position: int


_jieba = rjieba.Jieba()
# rjieba needs exclusive access while words are added; gunicorn's threads share the instance.
_jieba_lock = threading.Lock()
_stemmer = Stemmer.Stemmer("english")
_converter = opencc.OpenCC("t2s")
_folded: dict[str, str] = {}
_layouts: dict[str, tuple[bool, tuple[tuple[str, int], ...]]] = {}
_converted: dict[str, str] = {}


def load_dictionary(path: Path) -> list[str]:
    """The words of a jieba-style dictionary file (``word [freq]`` per line, # comments)."""
    words = []
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            words.append(line)
    return words


def load_regional(path: Path) -> dict[str, str]:
    """Regional word → mainland word (search forms) from a tab-separated file (# comments)."""
    table = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or "\t" not in line:
            continue
        regional, mainland = line.split("\t", 1)
        table[regional.strip()] = mainland.strip()
    return table


#: Taiwan and Hong Kong phrasing → mainland phrasing (see the module docstring).
REGIONAL = load_regional(REGIONAL_FILE)


def mainland(word: str) -> str:
    """The mainland form of a search-form word (网路 → 网络); the word itself otherwise."""
    return REGIONAL.get(word, word)


@lru_cache(maxsize=1)
def _regional_sources() -> dict[str, frozenset[str]]:
    sources: dict[str, set[str]] = {}
    for regional, word in REGIONAL.items():
        for piece in (word, *parts(word)):
            sources.setdefault(piece, set()).add(regional)
    return {word: frozenset(found) for word, found in sources.items()}


def regional_forms(word: str) -> frozenset[str]:
    """The regional words a mainland ``word`` (or part) is indexed for (网络 ← 网路, 网路安全):
    what to look for in a text's search form to find where ``word`` was indexed."""
    return _regional_sources().get(word, frozenset())


def add_words(entries: Iterable[str]) -> int:
    """Teach the segmenter ``entries`` (``word`` or ``word freq``); return how many were new."""
    added = 0
    with _jieba_lock:
        for entry in entries:
            parts = entry.split()
            if not parts:
                continue
            word = normalize(parts[0])[0]
            freq = int(parts[1]) if len(parts) > 1 and parts[1].isdecimal() else DEFAULT_WORD_FREQ
            if len(word) < 2 or not _HAS_HAN.search(word):
                continue
            if not _jieba.has_word(word) or len(parts) > 1:
                _jieba.add_word(word, freq, None)
                added += 1
    if added:
        _partition.cache_clear()
        _layouts.clear()
    return added


def _fold_char(char: str) -> str:
    folded = unicodedata.normalize("NFKC", char).lower()
    if _FOLDABLE.search(folded):
        decomposed = unicodedata.normalize("NFD", folded)
        folded = "".join(c for c in decomposed if not unicodedata.combining(c))
    elif "\u0300" <= char <= "\u036f":  # a stray combining accent: folded away like the others
        folded = ""
    return folded


def _convert_char(char: str) -> str:
    converted = _converted.get(char)
    if converted is None:
        converted = _converter.convert(char)
        converted = _converted[char] = converted if len(converted) == 1 else char
    return converted


def normalize(text: str) -> tuple[str, list[int] | None]:
    """The search form of ``text`` and the original offset of each of its characters.

    The offsets are ``None`` when the search form is aligned with the original one to one.
    """
    table: dict[int, str] = {}
    aligned = True
    for char in set(text):
        folded = _folded.get(char)
        if folded is None:
            folded = _folded[char] = _fold_char(char)
        if folded != char:
            table[ord(char)] = folded
            aligned = aligned and len(folded) == 1
    offsets: list[int] | None = None
    if aligned:
        form = text.translate(table) if table else text
    else:
        pieces: list[str] = []
        offsets = []
        for index, char in enumerate(text):
            folded = table.get(ord(char), char)
            pieces.append(folded)
            offsets.extend([index] * len(folded))
        form = "".join(pieces)
    if _HAS_HAN.search(form):
        converted = _converter.convert(form)
        if len(converted) != len(form):  # a phrase changed length: convert char by char instead
            converted = "".join(_convert_char(c) for c in form)
        form = converted
    return form, offsets


@lru_cache(maxsize=100_000)
def _partition(word: str) -> tuple[str, ...]:
    """``word`` cut right to left into the longest dictionary pieces (single characters else)."""
    if len(word) < 3:
        return (word,)
    pieces = []
    end = len(word)
    while end > 0:
        for start in range(max(0, end - MAX_PART_CHARS), end - 1):
            if end - start < len(word) and _jieba.has_word(word[start:end]):
                break
        else:
            start = end - 1
        pieces.append(word[start:end])
        end = start
    pieces.reverse()
    if all(len(p) == 1 for p in pieces):
        return (word,)  # nothing known inside: the word is atomic (a name, a rare term)
    return tuple(pieces)


def parts(word: str) -> tuple[str, ...]:
    """The dictionary words inside a Han ``word`` (网络安全 → 网络, 安全); empty if atomic."""
    pieces = _partition(word)
    if len(pieces) == 1:
        return ()
    return tuple(p for p in pieces if len(p) > 1)


def covered(word: str) -> bool:
    """True when ``word``'s parts spell all of it (网络安全), not only some (中美洲 → 美洲)."""
    pieces = _partition(word)
    return len(pieces) > 1 and all(len(p) > 1 for p in pieces)


def _stem(word: str, original: str) -> str:
    if word.isdigit():
        return word
    if _ACRONYM_PLURAL.fullmatch(original) or _VOWELLESS_PLURAL.fullmatch(word):
        word = word[:-1]  # CBMs, SLBMs: the plural of an acronym is the acronym
    return _stemmer.stemWord(word.replace("’", "'"))


def _word_layout(word: str) -> tuple[bool, tuple[tuple[str, int], ...]]:
    """(is a stop word, the tokens index mode emits for it as (piece, offset in word))."""
    layout = _layouts.get(word)
    if layout is None:
        pieces = _partition(word)
        emitted: list[tuple[str, int]] = []
        offset = 0
        for piece in pieces:
            if len(piece) > 1 and len(pieces) > 1:
                emitted.append((piece, offset))
            offset += len(piece)
        emitted.insert(0, (word, 0))  # the word itself first, then its parts
        layout = _layouts[word] = (word in INDEX_STOPWORDS, tuple(emitted))
    return layout


def scan(text: str, mode: str = "index") -> list[tuple[str, int, int, int]]:
    """``tokenize`` as plain (text, start, end, position) tuples: the indexer's fast path."""
    if mode not in MODES:
        raise ValueError(f"mode must be one of {MODES}, not {mode!r}")
    form, offsets = normalize(text)
    indexing = mode == "index"
    out: list[tuple[str, int, int, int]] = []
    append = out.append
    layouts = _layouts
    for run in _RUNS.finditer(form):
        kind, base = run.lastgroup, run.start()
        if kind == "han":
            with _jieba_lock:
                found = _jieba.tokenize(run.group(), "default", True)
            for word, start, end in found:
                start += base
                mapped = REGIONAL.get(word)
                if mapped is not None and len(mapped) != end - (start - base):
                    # 资安 → 信息安全: every piece stands for the whole original word
                    s, e = start, base + end
                    if offsets is not None:
                        s, e = offsets[s], offsets[e - 1] + 1
                    if indexing:
                        stop, emitted = layouts.get(mapped) or _word_layout(mapped)
                        for piece, _ in () if stop else emitted:
                            append((piece, s, e, len(out)))
                    else:
                        append((mapped, s, e, len(out)))
                    continue
                word = mapped or word
                if not indexing:
                    if offsets is None:
                        append((word, start, base + end, len(out)))
                    else:
                        append((word, offsets[start], offsets[base + end - 1] + 1, len(out)))
                    continue
                stop, emitted = layouts.get(word) or _word_layout(word)
                if stop:
                    continue
                for piece, offset in emitted:
                    s = start + offset
                    e = s + len(piece)
                    if offsets is not None:
                        s, e = offsets[s], offsets[e - 1] + 1
                    append((piece, s, e, len(out)))
            continue
        word = run.group()
        if len(word) > MAX_TOKEN_CHARS:
            continue
        end = run.end()
        if offsets is not None:
            base, end = offsets[base], offsets[end - 1] + 1
        if kind == "latin":
            word = _stem(word, text[base:end])
            if indexing and word in INDEX_STOPWORDS:
                continue
        append((word, base, end, len(out)))
    return out


def index_terms(text: str) -> list[str]:
    """The terms tantivy indexes for ``text``, in order, to be joined by spaces."""
    return [item[0] for item in scan(text)]


def tokenize(text: str, mode: str = "index") -> list[Token]:
    """The tokens of ``text`` with offsets into it and positions (see the module docstring).

    ``"index"`` mode yields what tantivy indexes, one position each: a Han word followed by
    its parts (网络安全 → 网络安全 网络 安全, 中美洲 → 中美洲 美洲); INDEX_STOPWORDS are
    left out (on both sides, so 中国和美国 as a phrase is 中国 美国). ``"query"`` mode
    yields the words.
    """
    return [Token(*item) for item in scan(text, mode)]


def analyze(text: str, mode: str = "index") -> list[str]:
    """The token texts of ``text`` (``tokenize`` without offsets and positions)."""
    return [token.text for token in tokenize(text, mode)]


def phrase_terms(text: str) -> list[tuple[int, str]]:
    """(position, word) pairs that match ``text`` as a phrase: its words at their positions
    in the index stream (the parts in between are skipped; one word is one term)."""
    terms, position = [], 0
    for word, *_ in scan(text, "query"):
        if has_han(word):
            stop, emitted = _layouts.get(word) or _word_layout(word)
            if not stop:
                terms.append((position, word))
                position += len(emitted)
        elif word not in INDEX_STOPWORDS:
            terms.append((position, word))
            position += 1
    return terms


def width(word: str) -> int:
    """Positions a query word takes in the index stream (a Han word is followed by its parts)."""
    if has_han(word):
        return len((_layouts.get(word) or _word_layout(word))[1])
    return 1


def has_han(text: str) -> bool:
    """True when ``text`` contains a Han character."""
    return bool(_HAS_HAN.search(text))


add_words(load_dictionary(USER_DICTIONARY))
add_words(f"{word} {REGIONAL_WORD_FREQ}" for word in REGIONAL)
