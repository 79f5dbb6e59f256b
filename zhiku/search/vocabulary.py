"""Named vocabularies of search: filter names, values, stop words, field weights, the glossary."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from zhiku.catalog.genres import GENRES

DATA = Path(__file__).resolve().parent / "data"
GLOSSARY_FILE = DATA / "glossary.txt"
#: Weight of a glossary variant against the words typed, unless its group says otherwise.
DEFAULT_GLOSSARY_WEIGHT = 0.5

#: Filter names a reader may type (``author:``, ``作者：``) or pass as URL parameters → the
#: canonical name. ``person`` (a person's id) is what facet links use.
FIELD_ALIASES = {
    "author": "author",
    "by": "author",
    "作者": "author",
    "person": "person",
    "type": "type",
    "类型": "type",
    "類型": "type",
    "year": "year",
    "年份": "year",
    "年": "year",
    "lang": "lang",
    "language": "lang",
    "语言": "lang",
    "語言": "lang",
    "语种": "lang",
    "unit": "unit",
    "单位": "unit",
    "單位": "unit",
    "机构": "unit",
    "機構": "unit",
}


def work_type(word: str) -> str | None:
    """The work type a searcher means (``type:报告``): a genre's code or query alias, or None.

    The words are the genre table's ``query_aliases`` (zhiku/catalog/genres.py).
    """
    return GENRES.by_query(word)


#: Language names readers type → BCP 47 code. Any other well-formed code is taken as given.
LANGUAGE_ALIASES = {
    "zh": "zh",
    "zh-hans": "zh",
    "zh-hant": "zh",
    "chinese": "zh",
    "中文": "zh",
    "汉语": "zh",
    "en": "en",
    "english": "en",
    "英文": "en",
    "英语": "en",
    "ja": "ja",
    "japanese": "ja",
    "日文": "ja",
    "ru": "ru",
    "russian": "ru",
    "俄文": "ru",
    "fr": "fr",
    "french": "fr",
    "法文": "fr",
    "de": "de",
    "german": "de",
    "德文": "de",
}

#: Words a query drops before matching (unless nothing else is left): function words and the
#: question words of natural questions (中国如何参与全球治理？ / How does China …?). Latin
#: entries are stems, as the analyzer emits them.
QUERY_STOPWORDS = frozenset(
    "的 了 和 与 及 以及 或 或者 在 是 对 对于 关于 中 上 下 等 有 没有 我 我们 你 他 她 它 "
    "这 那 这个 那个 这些 那些 一个 什么 如何 怎么 怎样 为什么 为何 哪些 哪个 哪里 多少 "
    "是否 能否 吗 呢 吧 啊 把 被 从 向 将 就 都 也 还 又 而 并 其 之 以 于 为 请 问 "
    "应该 应当 能够 可以 会 能 会不会 是不是 有没有 "
    "a an the of and or in on at to for from by with about into over as is are was were be "
    "been do doe did what which who whom whose how why when where whether can could should "
    "would will shall may might must i we you he she it they this that these those there "
    "than then so if not no s between among".split()
)

#: BM25 weight of each indexed text field: who wrote a work and its keywords weigh most,
#: then its title. Tuned on the development half of tests/golden/search (issue 16: title
#: 2.2 → 2.0, keywords 1.8 → 2.5, abstract 1.5 → 1.2, body 1.0 → 1.2).
FIELD_BOOSTS = {
    "title": 2.0,
    "authors": 3.0,
    "keywords": 2.5,
    "abstract": 1.2,
    "body": 1.2,
    "source": 0.8,
}
#: Share of the other fields' scores added to the best field's (dismax tie-breaker).
FIELD_TIE_BREAKER = 0.4


@dataclass(frozen=True)
class GlossaryGroup:
    """Terms that mean the same to a reader (网络安全 | cybersecurity | "cyber security"), and
    the weight of a variant found for one typed (below 1: the typed words count more)."""

    variants: tuple[str, ...]
    weight: float = DEFAULT_GLOSSARY_WEIGHT


def parse_glossary(text: str) -> tuple[GlossaryGroup, ...]:
    """The groups of a glossary file: one per line, variants separated by "|", an optional
    leading ``[weight]``, # comments."""
    groups = []
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip()
        weight = DEFAULT_GLOSSARY_WEIGHT
        if line.startswith("[") and "]" in line:
            head, line = line[1:].split("]", 1)
            try:
                weight = float(head)
            except ValueError:
                continue
        variants = split_variants(line)
        if len(variants) > 1:
            groups.append(GlossaryGroup(variants, weight))
    return tuple(groups)


def split_variants(text: str) -> tuple[str, ...]:
    """Variants separated by "|" or line breaks, stripped, empty ones left out."""
    return tuple(v.strip() for v in text.replace("\n", "|").split("|") if v.strip())


@lru_cache(maxsize=1)
def shipped_glossary() -> tuple[GlossaryGroup, ...]:
    """The glossary shipped in ``data/glossary.txt`` (what a new database is loaded with)."""
    return parse_glossary(GLOSSARY_FILE.read_text(encoding="utf-8"))


_glossary: tuple[GlossaryGroup, ...] | None = None


def set_glossary(groups: tuple[GlossaryGroup, ...] | None) -> None:
    """Use ``groups`` as the glossary from now on (the editors' glossary, read from the
    database by ``zhiku.search.glossary``); ``None`` goes back to the shipped one."""
    global _glossary
    _glossary = groups


def glossary() -> tuple[GlossaryGroup, ...]:
    """The glossary queries are expanded with: the editors' one if set, else the shipped one."""
    return shipped_glossary() if _glossary is None else _glossary


def synonym_groups() -> tuple[tuple[str, ...], ...]:
    """The variants of each glossary group."""
    return tuple(group.variants for group in glossary())
