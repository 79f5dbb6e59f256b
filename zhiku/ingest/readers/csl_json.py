"""CSL-JSON (``.json``): the list of CSL items Zotero, Better BibTeX, pandoc and citeproc use.

Each item's ``type`` (a CSL type) is read through the genre table (``GENRES.from_csl``); names
(``author``, ``editor``, ``translator``, ``compiler``, …) are CSL name objects (``family``,
``given``, particles, ``suffix``) or ``literal`` (an organisation); ``issued``, ``accessed`` and
``event-date`` are CSL dates (``date-parts``, else ``raw``); the container is
``container-title``, the series ``collection-title``. The markup CSL allows in titles (``<i>``,
``<b>``, ``<sub>``, ``<span class="nocase">``) is removed. An item that is not an object or has
no title is reported with its position and skipped; the others still load.

Only a JSON list of objects that carry CSL keys is taken for CSL-JSON, so other JSON is not read
as references by mistake.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterator
from typing import Any

from zhiku.catalog.genres import GENRES
from zhiku.ingest.readers import ReaderError
from zhiku.ingest.readers.batches import Batches
from zhiku.ingest.readers.biblio import (
    UNTYPED,
    contributor,
    display_name,
    finish_work,
    language_of,
    normalize_date_text,
    normalize_doi,
    normalize_pages,
    split_keywords,
)
from zhiku.ingest.readers.registry import ReaderFormat
from zhiku.ingest.records import Extraction, WorkRecord

#: Keys only CSL items have (one of them, beside "type", marks a list as CSL-JSON).
CSL_KEYS = frozenset(
    {"issued", "container-title", "citation-key", "author", "editor", "page", "DOI",
     "publisher-place", "collection-title", "accessed", "number-of-pages", "title-short"}
)  # fmt: skip
#: The CSL 1.0.2 item types.
CSL_TYPES = frozenset(
    """article article-journal article-magazine article-newspaper bill book broadcast chapter
    classic collection dataset document entry entry-dictionary entry-encyclopedia event figure
    graphic hearing interview legal_case legislation manuscript map motion_picture
    musical_score pamphlet paper-conference patent performance periodical personal_communication
    post post-weblog regulation report review review-book software song speech standard thesis
    treaty webpage""".split()
)
ROLES = {
    "editor": "editor",
    "collection-editor": "editor",
    "translator": "translator",
    "compiler": "compiler",
    "interviewer": "interviewer",
    "container-author": "container_author",
    "director": "contributor",
    "contributor": "contributor",
}
_MARKUP = re.compile(r"</?(?:i|b|sub|sup|sc|span)(?:\s[^<>]*)?>", re.I)
HEAD = re.compile(rb'^\[\s*\{\s*"[^"]+"\s*:')


class CslJsonError(ReaderError):
    """Not CSL-JSON, or CSL-JSON with no readable item."""


def read_csl_json(text: str) -> Iterator[Extraction]:
    """Extractions of the file's CSL items."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise CslJsonError(f"not JSON: line {exc.lineno}: {exc.msg}") from exc
    except RecursionError as exc:
        raise CslJsonError("not CSL-JSON: nested too deeply") from exc
    items = data if isinstance(data, list) else [data] if isinstance(data, dict) else None
    if not items or not any(is_csl_item(i) for i in items):
        raise CslJsonError("not CSL-JSON (expected a list of items with CSL keys)")
    batches = Batches()
    for index, item in enumerate(items):
        if not isinstance(item, dict):
            batches.current.warn("bad_record", f"item {index}: not an object")
            continue
        work = _work(item, index, batches.current)
        if work is not None:
            batches.current.works.append(work)
        yield from batches.full()
    yield from batches.rest()


def is_csl_item(item: object) -> bool:
    """An object with a CSL ``type`` and a title or another key only CSL items have."""
    if not isinstance(item, dict) or item.get("type") not in CSL_TYPES:
        return False
    return "title" in item or bool(CSL_KEYS & set(item))


def _text(value: Any) -> str | None:
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, int | float) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        return None
    value = html.unescape(_MARKUP.sub("", value))
    return " ".join(value.split()) or None


def _name(value: Any) -> tuple[str, bool] | None:
    if isinstance(value, str):
        return (value.strip(), True) if value.strip() else None
    if not isinstance(value, dict):
        return None
    if _text(value.get("literal")):
        return _text(value.get("literal")) or "", True
    family = " ".join(
        p for p in (_text(value.get("non-dropping-particle")), _text(value.get("family"))) if p
    )
    given = " ".join(
        p for p in (_text(value.get("given")), _text(value.get("dropping-particle"))) if p
    )
    suffix = _text(value.get("suffix"))
    if not family and not given:
        return None
    return display_name(f"{family} {suffix}".strip() if suffix else family, given), False


def _names(item: dict[str, Any], key: str) -> list[tuple[str, bool]]:
    values = item.get(key)
    found = [_name(v) for v in values] if isinstance(values, list) else []
    return [n for n in found if n and n[0]]


def csl_date(value: Any) -> str | None:
    """A CSL date object → ISO date at its precision (the first date of a range)."""
    if isinstance(value, str):
        return normalize_date_text(value)
    if not isinstance(value, dict):
        return None
    parts = value.get("date-parts")
    if isinstance(parts, list) and parts and isinstance(parts[0], list) and parts[0]:
        numbers = []
        for part in parts[0][:3]:
            text = str(part).strip()
            if not text.lstrip("-").isdigit():
                break
            numbers.append(int(text))
        if numbers:
            iso = f"{numbers[0]:04d}" + "".join(f"-{n:02d}" for n in numbers[1:])
            return normalize_date_text(iso) or f"{numbers[0]:04d}"
    return normalize_date_text(_text(value.get("raw")) or _text(value.get("literal")))


def _work(item: dict[str, Any], index: int, extraction: Extraction) -> WorkRecord | None:
    where = f"item {index} ({item.get('id', '?')})"
    title = _text(item.get("title"))
    if not title:
        extraction.warn("bad_record", f"{where}: item has no title")
        return None
    csl_type = _text(item.get("type")) or ""
    contributors = [
        contributor(name, ROLES[key], organisation=organisation)
        for key in ROLES
        for name, organisation in _names(item, key)
    ]
    authors = [n for n, _ in _names(item, "author")]
    if not authors:
        authors = [c["name"] for c in contributors if c["role"] == "editor"]
    date = csl_date(item.get("issued"))
    if item.get("issued") and not date:
        extraction.warn("date_unparsed", f"{where}: issued {item.get('issued')!r}", field="date")
    number = _text(item.get("number"))
    report = csl_type == "report"
    thesis = csl_type == "thesis"
    work = WorkRecord(
        title=title,
        authors=authors,
        date=date,
        type=GENRES.from_csl(csl_type) or UNTYPED,
        language=language_of(_text(item.get("language")), title),
        abstract=_text(item.get("abstract")),
        keywords=split_keywords(_text(item.get("keyword"))),
        contributors=contributors,
    )
    isbn = _text(item.get("ISBN"))
    return finish_work(
        work,
        {
            "journal": _text(item.get("container-title")),
            "volume": _text(item.get("volume")),
            "issue": _text(item.get("issue")),
            "report_number": number if report else None,
            "pages": normalize_pages(_text(item.get("page"))),
            "publisher": _text(item.get("publisher")),
            "place": _text(item.get("publisher-place")),
            "doi": normalize_doi(_text(item.get("DOI"))),
            "url": _text(item.get("URL")),
            "isbn": isbn,
            "issn": _text(item.get("ISSN")),
            "edition": _text(item.get("edition")),
            "series": _text(item.get("collection-title")),
            "series_number": _text(item.get("collection-number")),
            "conference_name": _text(item.get("event-title")) or _text(item.get("event")),
            "conference_place": _text(item.get("event-place")),
            "conference_date": csl_date(item.get("event-date")),
            "thesis_degree": _text(item.get("genre")) if thesis else None,
            "thesis_institution": _text(item.get("publisher")) if thesis else None,
            "access_date": csl_date(item.get("accessed")),
        },
    )


def _sniff(head: bytes) -> bool:
    """A JSON list whose first bytes give a CSL ``type`` and a title or another CSL key."""
    if not HEAD.match(head):
        return False
    kind = re.search(rb'"type"\s*:\s*"([a-z_-]+)"', head[:4096])
    if kind is None or kind.group(1).decode() not in CSL_TYPES:
        return False
    keys = set(re.findall(rb'"([A-Za-z-]+)"\s*:', head[:4096]))
    return b"title" in keys or bool({k.encode() for k in CSL_KEYS} & keys)


FORMAT = ReaderFormat(
    name="csl_json",
    suffixes=(".json",),
    read=read_csl_json,
    sniff=_sniff,
    sniff_wins=True,
    upload_check=lambda head: (
        None
        if _sniff(head.lstrip(b"\xef\xbb\xbf \t\r\n"))
        else "does not look like CSL-JSON (a list of items with a CSL 'type' and a 'title')"
    ),
)
