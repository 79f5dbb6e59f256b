"""Stage 3, clean: remove what scraping doubled, keeping the first occurrence and the order."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TypeVar

from zhiku.ingest import rules
from zhiku.ingest.normalize import text_key

T = TypeVar("T")


def dedupe(items: Iterable[T], key: Callable[[T], str]) -> tuple[list[T], int]:
    """Items with later repeats (same ``key``) removed, and how many were removed."""
    seen: set[str] = set()
    kept: list[T] = []
    removed = 0
    for item in items:
        k = key(item)
        if k and k in seen:
            removed += 1
            continue
        seen.add(k)
        kept.append(item)
    return kept, removed


def dedupe_paragraphs(paragraphs: list[str]) -> tuple[list[str], int]:
    """Paragraphs with exact and near-exact repeats (spacing, full/half width) removed.

    Short paragraphs (separators, "（完）") may legitimately repeat and are kept.
    """

    def key(paragraph: str) -> str:
        k = text_key(paragraph)
        return k if len(k) >= rules.MIN_DEDUPE_CHARS else ""

    return dedupe(paragraphs, key)


def dedupe_titles(titles: list[str]) -> tuple[list[str], int]:
    """Listed titles with repeats removed (《》 and punctuation ignored when comparing)."""
    return dedupe(titles, text_key)
