"""The input formats zhiku reads, each described by the reader module that reads it.

A reader module declares its format with a module-level ``FORMAT = ReaderFormat(...)``: its
name, the file name endings it claims, how its content is recognised (``sniff``), the most
bytes a file of it may have, what an upload must look like to be accepted, and the function
that reads it (``read`` on decoded text; ``read_lines`` too when the format is streamed). The
registry finds these declarations by importing every module of ``zhiku.ingest.readers`` once;
the pipeline (format detection, size limits, streaming), the loader and upload validation all
derive their tables from it. Adding a format is one module here (plus its tests).
"""

from __future__ import annotations

import importlib
import pkgutil
import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from zhiku.ingest.read import MAX_INPUT_BYTES, LongLine
from zhiku.ingest.records import Extraction

#: A reader: decoded text → Extractions (one per page, or batches for a list).
Read = Callable[[str], Iterator[Extraction]]
#: A streaming reader: the file's lines as bytes → Extractions (a line over
#: ``read.MAX_LINE_BYTES`` comes as a ``LongLine``, unread: the reader reports it).
ReadLines = Callable[[Iterable[bytes | LongLine]], Iterator[Extraction]]
#: A test of a file's first bytes (BOM and leading white space removed): True when they are
#: this format's.
Sniff = Callable[[bytes], bool]
#: A test of an upload's first bytes (as uploaded): why they are not this format, or None.
UploadCheck = Callable[[bytes], str | None]


@dataclass(frozen=True)
class ReaderFormat:
    """One input format, as its reader module declares it."""

    #: The format's name: shown in reports and in an Extraction's ``extractor``.
    name: str
    #: File name endings (lower case, with the dot) that name this format.
    suffixes: tuple[str, ...]
    #: Reads decoded text (and, for a streamed format, anything in memory).
    read: Read
    #: Recognises the format's content (see ``Sniff``); None when content cannot tell.
    sniff: Sniff | None = None
    #: True when ``sniff`` is unmistakable: it then wins over a name that proves nothing (a
    #: ``weak_name`` format's suffix, or none). Otherwise content decides only when the name
    #: matches no format.
    sniff_wins: bool = False
    #: True when this format's suffixes say little (scrapers save anything as .txt).
    weak_name: bool = False
    #: True for the format of a file nothing else claims (one format only).
    fallback: bool = False
    #: The most bytes a file read whole may have; None for a streamed format (no limit).
    size_limit: int | None = MAX_INPUT_BYTES
    #: What a file of this format is called in messages ("page is 20.0 MiB, more than …").
    noun: str = "file"
    #: Why an upload's first bytes are not this format, or None (accepted). None: any text.
    upload_check: UploadCheck | None = None
    #: Streams the file line by line (bounded memory for any length) instead of reading it
    #: whole; None for a format read whole.
    read_lines: ReadLines | None = None
    #: True for a plain-text format: markup in it is noise, removed before reading.
    plain_text: bool = False

    @property
    def streams(self) -> bool:
        return self.read_lines is not None


def single(reader: Callable[[str], Extraction]) -> Read:
    """A ``Read`` for a reader that makes one Extraction of a whole file (a page)."""

    def read(decoded: str) -> Iterator[Extraction]:
        yield reader(decoded)

    read.__name__ = getattr(reader, "__name__", "read")
    return read


def strip_head(head: bytes) -> bytes:
    """``head`` without a UTF-8 BOM and leading white space (what ``sniff`` is given)."""
    return head.lstrip(b"\xef\xbb\xbf \t\r\n")


_formats: dict[str, ReaderFormat] = {}
_discovered = False
_lock = threading.RLock()


def _discover() -> None:
    """Register the ``FORMAT`` of every module of this package (once; a web process may ask
    from several threads at a time, and none may see the registry half filled)."""
    global _discovered
    if _discovered:
        return
    with _lock:
        if _discovered:
            return
        package = importlib.import_module("zhiku.ingest.readers")
        for info in sorted(pkgutil.iter_modules(package.__path__), key=lambda i: i.name):
            module = importlib.import_module(f"{package.__name__}.{info.name}")
            declared = getattr(module, "FORMAT", None)
            if isinstance(declared, ReaderFormat) and declared.name not in _formats:
                _add(declared)
        _discovered = True


def register(fmt: ReaderFormat) -> ReaderFormat:
    """Add ``fmt`` beside the formats the reader modules declare; ValueError when its name or
    a suffix is taken, or when it is a second fallback."""
    _discover()
    with _lock:
        return _add(fmt)


def _add(fmt: ReaderFormat) -> ReaderFormat:
    if fmt.name in _formats:
        raise ValueError(f"reader format {fmt.name!r} is already registered")
    for other in _formats.values():
        taken = set(fmt.suffixes) & set(other.suffixes)
        if taken:
            raise ValueError(f"{fmt.name}: {', '.join(sorted(taken))} already name {other.name}")
        if fmt.fallback and other.fallback:
            raise ValueError(f"{fmt.name}: {other.name} is already the fallback format")
    if fmt.read_lines is not None and fmt.size_limit is not None:
        raise ValueError(f"{fmt.name}: a streamed format has no size limit")
    _formats[fmt.name] = fmt
    return fmt


def unregister(name: str) -> None:
    """Remove the format called ``name`` (for tests that register a throwaway format)."""
    with _lock:
        _formats.pop(name, None)


def formats() -> list[ReaderFormat]:
    """Every registered format, by name."""
    _discover()
    return [_formats[name] for name in sorted(_formats)]


def get(name: str) -> ReaderFormat:
    """The format called ``name``; KeyError when there is none."""
    _discover()
    return _formats[name]


def by_suffix(suffix: str) -> ReaderFormat | None:
    """The format a file name ending (".bib", case-insensitive) names, or None."""
    suffix = suffix.lower()
    return next((f for f in formats() if suffix in f.suffixes), None)


def suffixes() -> list[str]:
    """Every file name ending that names a format, sorted (what an upload may end in)."""
    return sorted(s for f in formats() for s in f.suffixes)


def detect(suffix: str, head: bytes) -> ReaderFormat:
    """The format of a file from its name's ending and first bytes: content that is
    unmistakably one format (``sniff_wins``) wins over a name that proves nothing; otherwise
    the name, else the other sniffers, else the fallback format."""
    named = by_suffix(suffix)
    stripped = strip_head(head)
    if named is None or named.weak_name:
        for fmt in formats():
            if fmt.sniff_wins and fmt.sniff is not None and fmt.sniff(stripped):
                return fmt
    if named is not None:
        return named
    for fmt in formats():
        if not fmt.sniff_wins and fmt.sniff is not None and fmt.sniff(stripped):
            return fmt
    return fallback()


def fallback() -> ReaderFormat:
    """The format of a file nothing else claims."""
    found = [f for f in formats() if f.fallback]
    if len(found) != 1:
        raise LookupError("no fallback reader format is registered")
    return found[0]
