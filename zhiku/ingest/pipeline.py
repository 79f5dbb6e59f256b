"""The ingest pipeline, Django-free: path → Extractions, ready for ``load``.

Stages, in order:

1. read: bytes → text (``read.py``: encoding detection, binary refused);
2. extract: text → Extraction, by the reader registered for the input's format;
3. clean: markup stripped from every field (``sanitize.py``, nh3), repeated paragraphs and
   listings removed, with a warning for each kind.

Loading (stage 4) is ``load.py``, the only module that touches the database.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from zhiku.ingest.clean import dedupe_paragraphs, dedupe_titles
from zhiku.ingest.read import ReadError, decode_bytes, read_path
from zhiku.ingest.readers import jsonl, text
from zhiku.ingest.records import EXTRACTOR_VERSION, Extraction, ListedWork
from zhiku.ingest.sanitize import PLAIN_TEXT_FORMATS, plain_input, sanitize_extraction

Reader = Callable[[str], Iterator[Extraction]]


class InputError(Exception):
    """An input that yields nothing loadable; the message names the reason."""


def _single(reader: Callable[[str], Extraction]) -> Reader:
    def read(decoded: str) -> Iterator[Extraction]:
        try:
            yield reader(decoded)
        except text.NotAPage as exc:
            raise InputError(str(exc)) from exc

    return read


#: Format name → reader. A reader yields one Extraction per page, or several for streams.
READERS: dict[str, Reader] = {
    "text": _single(text.read_text_page),
    "jsonl": jsonl.read_jsonl,
}
#: File name endings → format name.
FORMAT_BY_SUFFIX = {".txt": "text", ".text": "text", ".jsonl": "jsonl", ".ndjson": "jsonl"}
#: Files a folder walk skips (the sample's own expected outputs, editor droppings).
SKIPPED_SUFFIXES = (".expected.json", ".report.json", "~", ".swp", ".DS_Store")


@dataclass
class Input:
    """One file to import, with what the pipeline learnt about it."""

    path: Path
    format: str = ""
    data_hash: str = ""
    encoding: str = ""
    warnings: list[dict] = field(default_factory=list)

    @property
    def extractor(self) -> str:
        return f"zhiku.{self.format}/{EXTRACTOR_VERSION}"


def detect_format(path: Path, head: str) -> str:
    """The format of a file: by its name, else by sniffing its first characters."""
    fmt = FORMAT_BY_SUFFIX.get(path.suffix.lower())
    if fmt:
        return fmt
    stripped = head.lstrip()
    if stripped.startswith("{"):
        return "jsonl"
    return "text"


def iter_inputs(paths: list[Path]) -> Iterator[Path]:
    """Files named by ``paths``, folders walked recursively in name order."""
    for path in paths:
        if path.is_dir():
            for child in sorted(p for p in path.rglob("*") if p.is_file()):
                if not child.name.endswith(SKIPPED_SUFFIXES) and not child.name.startswith("."):
                    yield child
        else:
            yield path


def extract_path(path: Path) -> tuple[Input, Iterator[Extraction]]:
    """Stages 1–3 for one file: its Input description and its cleaned Extractions."""
    # 1. read
    try:
        data, decoded = read_path(path)
    except ReadError as exc:
        raise InputError(str(exc)) from exc
    except OSError as exc:
        raise InputError(exc.strerror or str(exc)) from exc
    source = Input(path=path, data_hash=hashlib.sha256(data).hexdigest(), encoding=decoded.encoding)
    if decoded.guessed:
        source.warnings.append(
            {
                "code": "encoding_fallback",
                "detail": f"no charset declared; read as {decoded.encoding}",
            }
        )
    # 2. extract (a plain-text input loses any markup first: see sanitize.py)
    source.format = detect_format(path, decoded.text[:200])
    text = decoded.text
    if source.format in PLAIN_TEXT_FORMATS:
        text, lines = plain_input(text)
        if lines:
            source.warnings.append(
                {"code": "markup_removed", "detail": f"input: markup removed from {lines} line(s)"}
            )
    extractions = READERS[source.format](text)
    # 3. clean
    return source, (clean_extraction(e, source) for e in extractions)


def extract_text(data: bytes, fmt: str = "text") -> Extraction:
    """Stages 1–3 on bytes already in memory (one page); InputError if nothing is there."""
    try:
        decoded = decode_bytes(data)
    except ReadError as exc:
        raise InputError(str(exc)) from exc
    text = plain_input(decoded.text)[0] if fmt in PLAIN_TEXT_FORMATS else decoded.text
    merged = Extraction()
    for extraction in READERS[fmt](text):
        cleaned = clean_extraction(extraction, Input(path=Path("-"), format=fmt))
        merged.people += cleaned.people
        merged.works += cleaned.works
        merged.listed_works += cleaned.listed_works
        merged.warnings += cleaned.warnings
        merged.subject = merged.subject or cleaned.subject
    return merged


def clean_extraction(extraction: Extraction, source: Input) -> Extraction:
    """Stage 3: markup made plain, repeats removed; input warnings attached."""
    sanitize_extraction(extraction)
    for code in source.warnings:
        if not any(w.code == code["code"] for w in extraction.warnings):
            extraction.warn(code["code"], code.get("detail", ""))
    removed_paragraphs = 0
    for work in extraction.works:
        work.body, removed = dedupe_paragraphs(work.body)
        removed_paragraphs += removed
    if removed_paragraphs:
        extraction.warn(
            "duplicate_paragraphs", f"removed {removed_paragraphs} repeated paragraph(s)"
        )
    titles, removed_titles = dedupe_titles([w.title for w in extraction.listed_works])
    if removed_titles:
        by_title: dict[str, ListedWork] = {}
        for listed in extraction.listed_works:
            by_title.setdefault(listed.title, listed)
        extraction.listed_works = [by_title[t] for t in titles]
        extraction.warn("duplicate_listing", f"removed {removed_titles} repeated listed work(s)")
    return extraction
