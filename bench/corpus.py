"""A deterministic synthetic corpus in zhiku's JSON Lines import format (DESIGN §2).

``python -m bench.corpus --works 100000 --out var/bench/corpus-100k.jsonl``

Same ``--works`` and ``--seed`` → byte-identical output, so every benchmark measures on the
same data. Works have realistic sizes (title 8–30 characters, abstract ~150, body ~1,500 in
paragraphs); authors come from a pool of people in units, with a Zipf-like skew so the busiest
author has hundreds of works (the expert page benchmark needs a person with ≥ 500 works).
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections.abc import Iterator
from pathlib import Path

DEFAULT_SEED = 20261126

UNITS = [
    ("美洲研究中心", "全球治理研究所"),
    ("欧洲研究中心", "全球治理研究所"),
    ("网络空间国际治理研究中心", "全球治理研究所"),
    ("亚太研究中心", "国际战略研究所"),
    ("中东研究中心", "国际战略研究所"),
    ("世界经济研究所",),
    ("比较政治与公共政策研究所",),
    ("外交政策研究所",),
]
SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁"
)
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰红建国文辉力宁海波晨颖传东晓剑"
TERMS = [
    "人类命运共同体",
    "一带一路",
    "新型大国关系",
    "网络空间",
    "全球治理",
    "中美关系",
    "中欧关系",
    "多边主义",
    "地缘政治",
    "数字经济",
    "气候变化",
    "能源安全",
    "供应链",
    "国际秩序",
    "区域合作",
    "二十国集团",
    "金砖国家",
    "上海合作组织",
    "东盟",
    "拉美",
    "非洲",
    "中东",
    "人工智能",
    "数据安全",
    "核不扩散",
    "海洋权益",
    "贸易摩擦",
    "产业政策",
    "发展中国家",
    "国际规则",
    "战略竞争",
    "危机管控",
    "公共卫生",
    "粮食安全",
    "金融稳定",
    "科技合作",
    "人文交流",
    "大国外交",
    "周边外交",
    "联合国",
]
EN_TERMS = [
    "cyber norms",
    "Belt and Road",
    "global governance",
    "US-China relations",
    "multilateralism",
    "supply chains",
    "climate finance",
    "energy security",
    "digital economy",
    "G20",
    "BRICS",
    "ASEAN",
    "artificial intelligence",
    "strategic competition",
    "crisis management",
    "5G",
    "LNG",
]
CONNECTORS = ["与", "背景下的", "视角下的", "中的", "对", "和"]
SUFFIXES = [
    "研究",
    "新趋势",
    "的挑战与应对",
    "的现状与前景",
    "的机遇",
    "问题探析",
    "评析",
    "新进展",
]
SENTENCES = [
    "当前{a}正经历深刻调整，{b}面临新的机遇和挑战。",
    "从长远看，{a}的发展将对{b}产生深远影响。",
    "各方在{a}问题上的分歧依然存在，需要通过对话加强{b}。",
    "{a}与{b}相互交织，国际社会应当共同应对。",
    "中国在{a}领域提出了一系列倡议，推动{b}朝着更加公正合理的方向发展。",
    "近年来，围绕{a}的讨论不断升温，{b}成为各国关注的焦点。",
    "专家认为，加强{a}有助于维护{b}的稳定。",
    "在{a}方面，双方同意建立工作组，就{b}开展定期磋商。",
]
EN_SENTENCES = [
    "The debate on {a} has intensified as {b} reshapes the agenda.",
    "Policy makers should treat {a} and {b} as linked problems.",
    "Cooperation on {a} remains possible despite competition over {b}.",
    "Recent developments in {a} show how {b} depends on trust.",
]
SOURCES = [
    "《文汇报》",
    "《解放日报》",
    "《环球时报》",
    "《国际问题研究》2015年第3期",
    "澎湃新闻",
    "《人民日报》",
    "《世界经济研究》",
    None,
    None,
    None,
]
TYPES = (
    ["article"] * 5
    + ["commentary"] * 3
    + ["journal_paper"] * 2
    + ["report", "book", "conference_summary", "interview"]
)


def make_people(rng: random.Random, count: int) -> list[dict]:
    """A pool of distinct people, each with units; deterministic for the seed."""
    people, seen = [], set()
    while len(people) < count:
        name = rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))
        if name in seen:
            continue
        seen.add(name)
        people.append({"name": name, "units": list(rng.choice(UNITS))})
    return people


def _title(rng: random.Random, english: bool) -> str:
    if english:
        a, b = rng.sample(EN_TERMS, 2)
        return f"{a.capitalize()} and {b}: {rng.choice(['a new agenda', 'risks ahead', 'lessons'])}"
    a, b = rng.sample(TERMS, 2)
    title = f"{a}{rng.choice(CONNECTORS)}{b}{rng.choice(SUFFIXES)}"
    if len(title) < 8:
        title += "新进展"
    return title[:30]


def _paragraph(rng: random.Random, english: bool, sentences: int) -> str:
    bank, terms = (EN_SENTENCES, EN_TERMS) if english else (SENTENCES, TERMS)
    joiner = " " if english else ""
    return joiner.join(
        rng.choice(bank).format(a=rng.choice(terms), b=rng.choice(terms)) for _ in range(sentences)
    )


def generate(works: int, seed: int = DEFAULT_SEED) -> Iterator[dict]:
    """``works`` records in the import format; identical for identical arguments."""
    rng = random.Random(seed)
    people = make_people(rng, max(20, min(2000, works // 50)))
    weights = [1 / (rank + 1) ** 0.9 for rank in range(len(people))]  # Zipf-like author skew
    for index in range(works):
        english = rng.random() < 0.1
        count = rng.choices((1, 2, 3), weights=(70, 22, 8))[0]
        authors = []
        while len(authors) < count:
            person = rng.choices(people, weights=weights)[0]
            if person not in authors:
                authors.append(person)
        year = rng.randint(2000, 2025)
        body_len = rng.randint(4, 8)
        yield {
            "id": f"synthetic-{seed}-{index}",
            "title": _title(rng, english),
            "authors": [p["name"] for p in authors],
            "date": f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
            "type": rng.choice(TYPES),
            "language": "en" if english else "zh",
            "abstract": _paragraph(rng, english, 4 if not english else 3),
            "body": [_paragraph(rng, english, 8 if not english else 4) for _ in range(body_len)],
            "source": rng.choice(SOURCES),
            "keywords": rng.sample(EN_TERMS if english else TERMS, 3),
            "units": authors[0]["units"],
        }


def write_corpus(path: Path, works: int, seed: int = DEFAULT_SEED) -> Path:
    """Write the corpus to ``path`` (skipped when an identical one is already there)."""
    stamp = path.with_suffix(path.suffix + ".done")
    if path.exists() and stamp.exists() and stamp.read_text() == f"{works} {seed}":
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as out:
        for record in generate(works, seed):
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    stamp.write_text(f"{works} {seed}")
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--works", type=int, default=1000, help="how many works to write")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="random seed")
    parser.add_argument("--out", type=Path, help="output file (default: standard output)")
    args = parser.parse_args(argv)
    if args.out:
        write_corpus(args.out, args.works, args.seed)
        print(f"wrote {args.works} works to {args.out}", file=sys.stderr)
    else:
        for record in generate(args.works, args.seed):
            sys.stdout.write(json.dumps(record, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
