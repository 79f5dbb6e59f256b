"""The ingest pipeline, Django-free: path → Extractions, ready for ``load``.

Stages, in order:

1. read: bytes → text (``read.py``: encoding detection, binary and oversized files refused);
   JSON Lines are streamed line by line instead, so a file of any length needs bounded memory;
2. extract: text → Extraction, by the reader registered for the input's format;
3. clean: markup stripped from every field (``sanitize.py``, nh3), then repeated paragraphs,
   works, people and listings removed (``clean.py``).

Loading (stage 4) is ``load.py``, the only module that touches the database.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from zhiku.ingest.clean import clean_extraction
from zhiku.ingest.read import (
    MAX_INPUT_BYTES,
    MAX_PAGE_BYTES,
    ReadError,
    check_file,
    decode_bytes,
    hash_file,
    iter_byte_lines,
    looks_binary,
    read_head,
    read_path,
)
from zhiku.ingest.readers import ReaderError, bibtex, csv_people, html, jsonl, ris, text
from zhiku.ingest.records import EXTRACTOR_VERSION, Extraction
from zhiku.ingest.sanitize import PLAIN_TEXT_FORMATS, plain_input, sanitize_extraction

Reader = Callable[[str], Iterator[Extraction]]


class InputError(Exception):
    """An input that yields nothing loadable; the message names the reason."""


def _single(reader: Callable[[str], Extraction]) -> Reader:
    def read(decoded: str) -> Iterator[Extraction]:
        yield reader(decoded)

    return read


#: Format name → reader. A reader yields one Extraction per page, or several for lists.
READERS: dict[str, Reader] = {
    "text": _single(text.read_text_page),
    "html": _single(html.read_html_page),
    "jsonl": jsonl.read_jsonl,
    "csv": csv_people.read_people_csv,
    "bibtex": bibtex.read_bibtex,
    "ris": ris.read_ris,
}
#: File name endings → format name. Legacy sites save pages under their script's name.
FORMAT_BY_SUFFIX = {
    ".txt": "text", ".text": "text", ".html": "html", ".htm": "html", ".xhtml": "html",
    ".shtml": "html", ".asp": "html", ".aspx": "html", ".php": "html", ".jsp": "html",
    ".jsonl": "jsonl", ".ndjson": "jsonl", ".csv": "csv", ".tsv": "csv", ".bib": "bibtex",
    ".bibtex": "bibtex", ".ris": "ris",
}  # fmt: skip
#: Formats read whole, with the most bytes each may have; JSON Lines are streamed (no limit).
SIZE_LIMITS = {"text": MAX_PAGE_BYTES, "html": MAX_PAGE_BYTES, "csv": MAX_INPUT_BYTES,
               "bibtex": MAX_INPUT_BYTES, "ris": MAX_INPUT_BYTES}  # fmt: skip
#: What a format's file is called in messages ("page is 20.0 MiB, more than …").
FORMAT_NOUNS = {"text": "page", "html": "page"}
#: Files a folder walk skips (expected outputs, reports, editor droppings).
SKIPPED_SUFFIXES = (".expected.json", ".report.json", "~", ".swp", ".DS_Store", ".done")
_HTML_HEAD = re.compile(
    rb"^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|meta|body)\b", re.I | re.S
)
_BIBTEX_HEAD = re.compile(rb"^\s*(?:%[^\n]*\n\s*)*@[A-Za-z]+\s*[{(]")
_RIS_HEAD = re.compile(rb"^\s*(?:\xef\xbb\xbf)?TY  - ")


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


def detect_format(path: Path, head: bytes) -> str:
    """The format of a file: content that is unmistakably HTML, BibTeX or RIS wins over a
    .txt name (scrapers save anything as .txt); otherwise the name, else sniffing."""
    fmt = FORMAT_BY_SUFFIX.get(path.suffix.lower())
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if fmt in (None, "text"):
        if _HTML_HEAD.match(stripped):
            return "html"
        if _BIBTEX_HEAD.match(stripped):
            return "bibtex"
        if _RIS_HEAD.match(stripped):
            return "ris"
    if fmt:
        return fmt
    if stripped.startswith(b"{"):
        return "jsonl"
    return "text"


def iter_inputs(paths: Iterable[Path]) -> Iterator[Path]:
    """Files named by ``paths``, folders walked recursively in name order."""
    for path in paths:
        if path.is_dir():
            for child in sorted(p for p in path.rglob("*") if p.is_file()):
                hidden = any(part.startswith(".") for part in child.relative_to(path).parts)
                if not child.name.endswith(SKIPPED_SUFFIXES) and not hidden:
                    yield child
        else:
            yield path


def extract_path(path: Path) -> tuple[Input, Iterator[Extraction]]:
    """Stages 1–3 for one file: its Input description and its cleaned Extractions.

    Raises InputError for a file that cannot be read; a reader's refusal (not a page, a BibTeX
    file with no readable entry) also surfaces as InputError while the Extractions are drawn.
    """
    try:
        check_file(path, limit=None)
        fmt = detect_format(path, read_head(path))
        source = Input(path=path, format=fmt)
        if fmt == "jsonl":
            # 1. read, streamed: hashed in one pass, then decoded line by line while loading
            lines = iter_byte_lines(path)
            source.data_hash = hash_file(path)
            return source, _guarded(source, READERS[fmt](lines))  # type: ignore[arg-type]
        data, decoded = read_path(path, SIZE_LIMITS[fmt], FORMAT_NOUNS.get(fmt, "file"))
    except ReadError as exc:
        raise InputError(str(exc)) from exc
    except OSError as exc:
        raise InputError(exc.strerror or str(exc)) from exc
    source.data_hash = hashlib.sha256(data).hexdigest()
    source.encoding = decoded.encoding
    if decoded.guessed:
        source.warnings.append(
            {
                "code": "encoding_fallback",
                "detail": f"no charset declared; read as {decoded.encoding}",
            }
        )
    # 2. extract (a plain-text input loses any markup first: see sanitize.py), 3. clean
    return source, _guarded(source, READERS[fmt](_plain(decoded.text, fmt, source.warnings)))


def _plain(text: str, fmt: str, warnings: list[dict]) -> str:
    """``text`` without markup when ``fmt`` is a plain-text format, noting what was removed."""
    if fmt not in PLAIN_TEXT_FORMATS:
        return text
    text, lines = plain_input(text)
    if lines:
        warnings.append(
            {"code": "markup_removed", "detail": f"input: markup removed from {lines} line(s)"}
        )
    return text


def _guarded(source: Input, extractions: Iterator[Extraction]) -> Iterator[Extraction]:
    """Cleaned Extractions; a reader's or the stream's refusal becomes InputError."""
    try:
        for extraction in extractions:
            yield clean_extraction(sanitize_extraction(extraction), source.warnings)
    except (ReaderError, ReadError) as exc:
        raise InputError(str(exc)) from exc
    except OSError as exc:
        raise InputError(exc.strerror or str(exc)) from exc


def extract_text(data: bytes, fmt: str = "text") -> Extraction:
    """Stages 1–3 on bytes already in memory (all its Extractions merged into one)."""
    try:
        decoded = decode_bytes(data)
    except ReadError as exc:
        raise InputError(str(exc)) from exc
    source = Input(path=Path("-"), format=fmt)
    text = _plain(decoded.text, fmt, source.warnings)
    return merge(_guarded(source, READERS[fmt](text)))


def merge(extractions: Iterable[Extraction]) -> Extraction:
    """One Extraction holding everything ``extractions`` hold, in order."""
    merged = Extraction()
    for extraction in extractions:
        merged.people += extraction.people
        merged.works += extraction.works
        merged.listed_works += extraction.listed_works
        merged.warnings += extraction.warnings
        merged.subject = merged.subject or extraction.subject
    return merged


def upload_problem(name: str, head: bytes) -> str | None:
    """Why a file named ``name`` whose content starts with ``head`` may not be imported, or
    None. The name must have an input format's ending and the content must fit that format
    (an upload's name is the uploader's claim; the bytes are checked, not trusted)."""
    suffix = Path(name).suffix.lower()
    fmt = FORMAT_BY_SUFFIX.get(suffix)
    if fmt is None:
        accepted = ", ".join(sorted(FORMAT_BY_SUFFIX))
        return f"not an accepted file type ({suffix or 'no extension'}); accepted: {accepted}"
    if not head.strip():
        return "file is empty"
    if head.startswith((b"\xff\xfe", b"\xfe\xff")) or looks_binary(head):
        return "binary content: not a text file"
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    first_line = stripped.split(b"\n", 1)[0]
    looks_html = _HTML_HEAD.match(stripped) or re.search(rb"<(?:p|div|table|body|h1)\b", head, re.I)
    if fmt == "html" and not looks_html:
        return "does not look like HTML"
    if fmt == "bibtex" and not re.search(rb"@[A-Za-z]+\s*[{(]", head):
        return "does not look like BibTeX (no @type{…} entry)"
    if fmt == "ris" and not _RIS_HEAD.match(stripped):
        return "does not look like RIS (no 'TY  - ' line first)"
    if fmt == "jsonl" and not first_line.startswith(b"{"):
        return "does not look like JSON Lines (the first line is not a JSON object)"
    if fmt == "csv" and not re.search(rb"[,;\t]", first_line):
        return "does not look like CSV (no separator in the header line)"
    return None
