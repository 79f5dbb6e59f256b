"""Building the suggestion file (``zhiku.search.suggest``) from the catalog: the indexer's job,
never a request's.

Glossary terms come from ``TERM_SOURCES``: callables returning ``(term, detail)`` pairs; the
shipped synonym file is the first, and a glossary (an editable model) adds its own with
``register_terms`` (for instance in its app's ``ready()``).
"""

from __future__ import annotations

import bisect
import heapq
import json
import logging
import os
import secrets
import time
from array import array
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from zhiku.search.suggest import (
    _END,
    DEPTH,
    FORMAT,
    HOT_RANGE,
    KEY_CHARS,
    KINDS,
    Entry,
    fold,
    open_suggestions,
    person_keys,
    suggestion_path,
    term_keys,
    title_keys,
    unit_keys,
)

logger = logging.getLogger(__name__)

# -- building -------------------------------------------------------------------------------


def build_file(path: Path, items: Iterable[tuple[Entry, Iterable[str]]]) -> dict[str, Any]:
    """Write the suggestion file at ``path`` from (entry, keys) pairs; return its header."""
    started = time.monotonic()
    items = list(items)
    rank = {kind: number for number, kind in enumerate(KINDS)}
    items.sort(key=lambda item: (rank.get(item[0].kind, len(KINDS)), -item[0].weight))
    pairs: set[tuple[bytes, int]] = set()
    for number, (_, keys) in enumerate(items):
        for raw in keys:
            key = raw.strip()[:KEY_CHARS].rstrip()
            if key and "\n" not in key:
                pairs.add((key.encode("utf-8"), number))
    ordered = sorted(pairs)
    key_blob = bytearray()
    key_offsets = array("I", [0])
    key_entries = array("I")
    for encoded, number in ordered:
        key_blob += encoded
        key_blob += b"\n"
        key_offsets.append(len(key_blob))
        key_entries.append(number)
    entry_blob = bytearray()
    entry_offsets = array("I", [0])
    for entry, _ in items:
        line = "\t".join(
            x.replace("\t", " ").replace("\n", " ")
            for x in (entry.kind, entry.label, entry.url, entry.detail)
        )
        entry_blob += line.encode("utf-8")
        entry_offsets.append(len(entry_blob))
    keys = [key.decode("utf-8") for key, _ in ordered]
    hot = _hot_prefixes(keys, key_entries)
    sections = [bytes(key_blob), key_offsets.tobytes(), key_entries.tobytes()]
    sections += [bytes(entry_blob), entry_offsets.tobytes()]
    header = {
        "format": FORMAT,
        "keys": len(ordered),
        "entries": len(items),
        "sizes": [len(s) for s in sections],
        "hot": hot,
        "seconds": round(time.monotonic() - started, 3),
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{secrets.token_hex(3)}")
    with open(temporary, "wb") as out:
        out.write(json.dumps(header, ensure_ascii=False).encode("utf-8") + b"\n")
        for section in sections:
            out.write(section)
    os.replace(temporary, path)
    return header


def _hot_prefixes(keys: list[str], entries: array) -> dict[str, list[int]]:
    """prefix → best DEPTH entry numbers, for every prefix of more than HOT_RANGE keys."""
    hot: dict[str, list[int]] = {}
    stack = [("", 0, len(keys))]
    while stack:
        prefix, lo, hi = stack.pop()
        depth = len(prefix)
        i = lo
        while i < hi:
            if len(keys[i]) <= depth:
                i += 1
                continue
            longer = prefix + keys[i][depth]
            j = bisect.bisect_left(keys, longer + _END, i, hi)
            if j - i > HOT_RANGE:
                hot[longer] = heapq.nsmallest(DEPTH, set(entries[i:j]))
                stack.append((longer, i, j))
            i = j
    return hot


# -- what is suggested: the catalog -------------------------------------------------------

#: Sources of glossary terms: each returns (term, detail) pairs. A glossary app appends one.
TERM_SOURCES: list[Callable[[], Iterable[tuple[str, str]]]] = []


def register_terms(source: Callable[[], Iterable[tuple[str, str]]]) -> None:
    """Add a source of glossary terms (called at each build)."""
    if source not in TERM_SOURCES:
        TERM_SOURCES.append(source)


def synonym_terms() -> Iterator[tuple[str, str]]:
    """Every variant of the shipped synonym groups, the others as its detail."""
    from zhiku.search.vocabulary import synonym_groups

    for group in synonym_groups():
        for variant in group:
            yield variant, " · ".join(v for v in group if v != variant)


register_terms(synonym_terms)


def search_url(text: str) -> str:
    from urllib.parse import urlencode

    from django.urls import reverse

    return reverse("search:search") + "?" + urlencode({"q": text})


def catalog_items() -> Iterator[tuple[Entry, list[str]]]:
    """(entry, keys) for the published catalog: people, units, terms and titles."""
    from django.db.models import Count, Q
    from django.urls import reverse

    from zhiku.catalog.models import Person, Unit, Work

    published = Q(authorships__work__status=Work.Status.PUBLISHED)
    people = Person.objects.annotate(n_works=Count("authorships", filter=published))
    for person in people.only("name", "name_en", "slug", "title").iterator(chunk_size=2000):
        detail = " · ".join(x for x in (person.name_en, person.title) if x and x != person.name)
        entry = Entry("person", person.name, person.get_absolute_url(), detail, person.n_works)
        yield entry, person_keys(person.name, person.name_en)
    units = Unit.objects.annotate(n_members=Count("positions"))
    for unit in units.only("name", "name_en", "slug").iterator(chunk_size=2000):
        url = reverse("catalog:unit-detail", kwargs={"slug": unit.slug})
        entry = Entry("unit", unit.name, url, unit.name_en, unit.n_members)
        yield entry, unit_keys(unit.name, unit.name_en)
    seen: set[str] = set()
    for source in TERM_SOURCES:
        for term, detail in source():
            if fold(term) in seen:
                continue
            seen.add(fold(term))
            yield Entry("term", term, search_url(term), detail), term_keys(term)
    works = Work.objects.published().order_by("-date", "-pk").values_list("pk", "title", "date")
    for total, (pk, title, date) in enumerate(works.iterator(chunk_size=5000), 1):
        url = reverse("catalog:work-detail", kwargs={"pk": pk})
        detail = str(date.year) if date else ""
        yield Entry("work", title, url, detail, -total), title_keys(title)


def rebuild_suggestions(data_dir: Path) -> dict[str, Any]:
    """Write the suggestion file of the catalog (the indexer's job; never a request's)."""
    header = build_file(suggestion_path(data_dir), catalog_items())
    logger.info(
        "search: %d suggestions (%d keys) in %.2f s",
        header["entries"],
        header["keys"],
        header["seconds"],
    )
    return header


#: After applying changes, the file is rebuilt when it holds at most this many entries (a
#: build of 50,000 takes a few seconds), else when it is older than REFRESH_SECONDS.
QUICK_BUILD_ENTRIES = 50_000
REFRESH_SECONDS = 3600


def refresh_suggestions(data_dir: Path, *, force: bool = False) -> None:
    """Rebuild the suggestion file after an index build (``force``) or after changes were
    applied, when that is cheap or due. Failures are logged, never raised: suggestions are a
    convenience and must not stop the indexer."""
    path = suggestion_path(data_dir)
    table = None if force else open_suggestions(data_dir)
    if table is not None:
        age = time.time() - path.stat().st_mtime
        if table.header["entries"] > QUICK_BUILD_ENTRIES and age < REFRESH_SECONDS:
            return
    try:
        rebuild_suggestions(data_dir)
    except Exception:
        logger.exception("search: could not rebuild the suggestions")
