"""Synthetic text-dump pages (profile + listed works + doubled article) for benchmarks."""

from __future__ import annotations

from bench.corpus import generate


def synthetic_pages(count: int, seed: int = 7) -> list[bytes]:
    """``count`` UTF-8 pages shaped like the SIIS sample, deterministic for ``seed``."""
    records = list(generate(count + 40, seed))
    pages = []
    for index in range(count):
        work = records[index]
        listed = [r["title"] for r in records[index + 1 : index + 40]]
        author = work["authors"][0]
        lines = [
            "作者及其成果",
            f"- {author}",
            "- 研究员",
            *[f"- {u}" for u in work["units"]],
            "- [email protected]",
            *[f"- {t}" for t in listed + listed[:3]],
            work["title"],
            author,
            work["date"],
            *work["body"],
            *work["body"],
            "文献来源:",
        ]
        pages.append("\n".join(lines).encode("utf-8"))
    return pages
