"""Named vocabularies of search: filter names, values, stop words, field weights, synonyms."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from zhiku.catalog.genres import GENRES

DATA = Path(__file__).resolve().parent / "data"
SYNONYMS_FILE = DATA / "synonyms.txt"

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

#: BM25 weight of each indexed text field: what a work is called and who wrote it weigh most.
FIELD_BOOSTS = {
    "title": 2.2,
    "authors": 3.0,
    "keywords": 1.8,
    "abstract": 1.5,
    "body": 1.0,
    "source": 0.8,
}
#: Share of the other fields' scores added to the best field's (dismax tie-breaker).
FIELD_TIE_BREAKER = 0.4


@lru_cache(maxsize=1)
def synonym_groups() -> tuple[tuple[str, ...], ...]:
    """The synonym groups of ``data/synonyms.txt``, each a tuple of raw variants."""
    groups = []
    for line in SYNONYMS_FILE.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        variants = tuple(v.strip() for v in line.split("|") if v.strip())
        if len(variants) > 1:
            groups.append(variants)
    return tuple(groups)
