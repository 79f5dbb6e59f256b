"""Stage 3, clean: remove what scraping doubled, keeping the first occurrence and the order.

Rules (each named in docs/ingest.md, each with its warning code):

- duplicate paragraphs: exact and near-exact repeats (spacing, full/half width, punctuation);
  a doubled block of paragraphs is removed the same way;
- duplicate works: the same work (title and authors, no identifier) twice in one input, as when
  a page's article block is doubled, is kept once, the second filling what the first lacks
  (two records that differ in date, container, volume, DOI or edition are two publications);
- duplicate listings: a listed title seen before, or one that is the page's own article.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TypeVar

from zhiku.ingest import rules
from zhiku.ingest.records import Extraction, ListedWork, WorkRecord
from zhiku.text.keys import text_key

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
    kept, removed, _ = _dedupe_with_keys(paragraphs)
    return kept, removed


def _dedupe_with_keys(paragraphs: list[str]) -> tuple[list[str], int, str]:
    """As ``dedupe_paragraphs``, plus the matching key of the kept text (for fingerprints)."""
    seen: set[str] = set()
    kept: list[str] = []
    keys: list[str] = []
    for paragraph in paragraphs:
        key = text_key(paragraph)
        if len(key) >= rules.MIN_DEDUPE_CHARS:
            if key in seen:
                continue
            seen.add(key)
        kept.append(paragraph)
        keys.append(key)
    return kept, len(paragraphs) - len(kept), "".join(keys)


def dedupe_titles(titles: list[str]) -> tuple[list[str], int]:
    """Listed titles with repeats removed (《》 and punctuation ignored when comparing)."""
    return dedupe(titles, text_key)


def work_key(work: WorkRecord) -> str:
    """Same title and same authors: the same work. Works with their own identifiers are
    distinct records of their source and are never folded here (load matches them)."""
    if work.external_id:
        return f"id:{work.external_id}"
    return text_key(work.title) + "\x00" + "\x00".join(text_key(a) for a in work.authors)


def clean_extraction(
    extraction: Extraction, input_warnings: list[dict] | None = None
) -> Extraction:
    """Stage 3 on one Extraction: every rule above applied, with a warning per kind."""
    for warning in input_warnings or []:
        if not any(w.code == warning["code"] for w in extraction.warnings):
            extraction.warn(warning["code"], warning.get("detail", ""))
    removed_paragraphs = 0
    for work in extraction.works:
        work.body, removed, work.body_key = _dedupe_with_keys(work.body)
        removed_paragraphs += removed
    if removed_paragraphs:
        extraction.warn(
            "duplicate_paragraphs", f"removed {removed_paragraphs} repeated paragraph(s)"
        )
    works, removed_works = _merge_repeats(extraction.works, work_key)
    if removed_works:
        extraction.works = works
        extraction.warn("duplicate_works", f"merged {removed_works} repeated work(s)")
    _clean_listings(extraction)
    return extraction


#: Work fields that tell two records of one title and byline apart (a reprint, a second edition,
#: a conference version and its journal version in one bibliography): both set and different.
DISTINCT_BY = ("date", "journal", "volume", "doi", "edition")


def _merge_repeats(records: list[T], key: Callable[[T], str]) -> tuple[list[T], int]:
    """Records with repeats folded into the first: a repeat fills the first one's blanks.
    Works that differ in a ``DISTINCT_BY`` field are different publications and both stay."""
    first: dict[str, list[T]] = {}
    kept: list[T] = []
    for record in records:
        same = first.setdefault(key(record), [])
        twin = next((r for r in same if not _distinct(r, record)), None)
        if twin is not None:
            _fill_blanks(twin, record)
            continue
        same.append(record)
        kept.append(record)
    return kept, len(records) - len(kept)


def _distinct(one: object, other: object) -> bool:
    if not isinstance(one, WorkRecord) or not isinstance(other, WorkRecord):
        return False
    for name in DISTINCT_BY:
        a, b = getattr(one, name), getattr(other, name)
        if a and b and text_key(str(a)) != text_key(str(b)):
            return True
    return False


def _fill_blanks(target: object, other: object) -> None:
    for name, value in vars(other).items():
        current = getattr(target, name)
        if current in (None, "", []) and value not in (None, "", []):
            setattr(target, name, value)
        elif isinstance(current, list) and isinstance(value, list) and name == "units":
            current.extend(v for v in value if v not in current)


def _clean_listings(extraction: Extraction) -> None:
    own = {text_key(w.title) for w in extraction.works}
    listed = [w for w in extraction.listed_works if text_key(w.title) not in own]
    removed_own = len(extraction.listed_works) - len(listed)
    titles, removed = dedupe_titles([w.title for w in listed])
    if removed or removed_own:
        by_title: dict[str, ListedWork] = {}
        for item in listed:
            by_title.setdefault(item.title, item)
        extraction.listed_works = [by_title[t] for t in titles]
        extraction.warn(
            "duplicate_listing", f"removed {removed + removed_own} repeated listed work(s)"
        )
