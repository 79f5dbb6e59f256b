"""The ingest pipeline, Django-free: path → Extractions, ready for ``load``.

Stages, in order:

1. read: bytes → text (``read.py``: encoding detection, binary and oversized files refused);
   a streamed format (JSON Lines) is read line by line instead, so a file of any length needs
   bounded memory;
2. extract: text → Extraction, by the reader registered for the input's format;
3. validate and clean, the record boundary every reader's records cross: text normalised
   (``validate.normalize_extraction``: lone surrogates, NUL and control characters removed),
   markup stripped from every field (``sanitize.py``, nh3), repeated paragraphs, works, people
   and listings removed (``clean.py``), and a record left without its title dropped. A record
   that fails any of it is reported with its line and dropped; the others of its batch go on.
   (The loader then checks every value against the length its model field allows before any
   write: ``validate.check_limits``.)

Loading (stage 4) is the package ``load``, the only code that touches the database. The formats
and their readers are declared by the reader modules themselves (``readers/registry.py``).
"""

from __future__ import annotations

import hashlib
import os
import stat
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from zhiku.ingest.clean import clean_extraction
from zhiku.ingest.read import (
    ReadError,
    check_file,
    decode_bytes,
    hash_file,
    iter_byte_lines,
    looks_binary,
    read_head,
    read_path,
)
from zhiku.ingest.readers import ReaderError, registry
from zhiku.ingest.readers.registry import ReaderFormat
from zhiku.ingest.records import EXTRACTOR_VERSION, Extraction
from zhiku.ingest.sanitize import plain_input, sanitize_extraction
from zhiku.ingest.validate import KINDS, check_limits, normalize_extraction, plain, where_of


class InputError(Exception):
    """An input that yields nothing loadable; the message names the reason."""


#: Files a folder walk skips (expected outputs, reports, editor droppings).
SKIPPED_SUFFIXES = (".expected.json", ".report.json", "~", ".swp", ".DS_Store", ".done")
#: Files a folder walk meets that are not inputs (unless a reader format claims the ending):
#: the loader reports them as skipped, not as failures.
NOT_INPUT_SUFFIXES = frozenset(
    ".pdf .doc .docx .xls .xlsx .ppt .pptx .jpg .jpeg .png .gif .webp .svg .ico .css .js .zip "
    ".gz .rar .7z .mp3 .mp4 .json .xml .md .py .exe".split()
)


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
    .txt name (scrapers save anything as .txt); otherwise the name, else sniffing
    (``readers.registry.detect``)."""
    return registry.detect(path.suffix, head).name


def not_an_input(path: Path) -> bool:
    """True for a file of a kind no reader format reads (a PDF, an image, a stylesheet …)."""
    suffix = path.suffix.lower()
    return suffix in NOT_INPUT_SUFFIXES and registry.by_suffix(suffix) is None


def iter_inputs(paths: Iterable[Path]) -> Iterator[Path]:
    """Files named by ``paths``, folders walked recursively in name order.

    A folder's entries that are neither folders nor regular files (a dangling symbolic link, a
    pipe, a socket) are yielded too, so that the loader reports them as skipped with the reason
    (``skip_reason``) instead of leaving them out silently.
    """
    for path in paths:
        if path.is_dir():
            for child in sorted(p for p in path.rglob("*") if not p.is_dir()):
                hidden = any(part.startswith(".") for part in child.relative_to(path).parts)
                if not child.name.endswith(SKIPPED_SUFFIXES) and not hidden:
                    yield child
        else:
            yield path


def skip_reason(path: Path) -> str | None:
    """Why ``path`` is no input to read, or None: a dangling symbolic link, something that is
    not a regular file, a file that cannot be read, or a kind of file no reader reads."""
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        if path.is_symlink():
            return f"dangling symbolic link (to {os.readlink(path)}, which does not exist)"
        return "no such file"
    except OSError as exc:  # a loop of links, a folder that cannot be searched
        return f"cannot be read: {(exc.strerror or str(exc)).lower()}"
    if not stat.S_ISREG(mode):
        return "not a regular file"
    if not os.access(path, os.R_OK):
        return "cannot be read: permission denied"
    if not_an_input(path):
        return f"not an input format ({path.suffix})"
    return None


def extract_path(path: Path) -> tuple[Input, Iterator[Extraction]]:
    """Stages 1–3 for one file: its Input description and its cleaned Extractions.

    Raises InputError for a file that cannot be read (PermissionError for one the process may
    not open); a reader's refusal (not a page, a BibTeX file with no readable entry) also
    surfaces as InputError while the Extractions are drawn.
    """
    try:
        check_file(path, limit=None)
        fmt = registry.detect(path.suffix, read_head(path))
        source = Input(path=path, format=fmt.name)
        if fmt.read_lines is not None:
            # 1. read, streamed: hashed in one pass, then decoded line by line while loading
            lines = iter_byte_lines(path)
            source.data_hash = hash_file(path)
            return source, _guarded(source, fmt.read_lines(lines))
        data, decoded = read_path(path, fmt.size_limit, fmt.noun)
    except ReadError as exc:
        raise InputError(str(exc)) from exc
    except PermissionError:
        raise
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
    return source, _guarded(source, fmt.read(_plain(decoded.text, fmt, source.warnings)))


def _plain(text: str, fmt: ReaderFormat, warnings: list[dict]) -> str:
    """``text`` without markup when ``fmt`` is a plain-text format, noting what was removed."""
    if not fmt.plain_text:
        return text
    text, lines = plain_input(text)
    if lines:
        warnings.append(
            {"code": "markup_removed", "detail": f"input: markup removed from {lines} line(s)"}
        )
    return text


def _guarded(source: Input, extractions: Iterator[Extraction]) -> Iterator[Extraction]:
    """Validated and cleaned Extractions (stage 3); a reader's or the stream's refusal, and
    anything else that stops the reader itself, becomes InputError."""
    try:
        for extraction in extractions:
            yield validated(extraction, source.warnings)
    except (ReaderError, ReadError) as exc:
        raise InputError(plain(str(exc))) from exc
    except OSError as exc:
        raise InputError(exc.strerror or str(exc)) from exc
    except Exception as exc:  # RecursionError, UnicodeError …: this input fails, not the run
        raise InputError(f"internal error: {type(exc).__name__}: {plain(str(exc))}") from exc


def validated(extraction: Extraction, input_warnings: list[dict] | None = None) -> Extraction:
    """Stage 3 on one Extraction: normalised, sanitised, cleaned and checked (see the module's
    doc). When something in it breaks a stage, its records go through one by one, and only the
    ones that break it are dropped, each reported with its line."""
    try:
        return _stage3(extraction, input_warnings)
    except Exception:  # retried record by record below
        shell = Extraction(warnings=extraction.warnings, subject=extraction.subject)
    pieces = []
    for attr, kind, _, _ in KINDS:
        for index, record in enumerate(getattr(extraction, attr)):
            piece = Extraction()
            getattr(piece, attr).append(record)
            try:
                pieces.append(_stage3(piece, None))
            except Exception as exc:  # reported; the batch goes on
                shell.warn(
                    "bad_record",
                    f"{where_of(kind, index, record)}: {type(exc).__name__}: "
                    f"{plain(str(exc))}: {kind} skipped",
                    line=getattr(record, "line", None),
                )
    try:
        shell = _stage3(shell, input_warnings)
    except Exception:  # a warning that cannot be cleaned is dropped, not the batch
        shell.warnings = [w for w in shell.warnings if w.code == "bad_record"]
    return merge([shell, *pieces])


def _stage3(extraction: Extraction, input_warnings: list[dict] | None) -> Extraction:
    extraction = sanitize_extraction(normalize_extraction(extraction))
    return check_limits(clean_extraction(extraction, input_warnings), lengths=False)


def extract_text(data: bytes, fmt: str = "text") -> Extraction:
    """Stages 1–3 on bytes already in memory (all its Extractions merged into one)."""
    try:
        decoded = decode_bytes(data)
    except ReadError as exc:
        raise InputError(str(exc)) from exc
    reader = registry.get(fmt)
    source = Input(path=Path("-"), format=fmt)
    text = _plain(decoded.text, reader, source.warnings)
    return merge(_guarded(source, reader.read(text)))


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
    fmt = registry.by_suffix(suffix)
    if fmt is None:
        accepted = ", ".join(registry.suffixes())
        return f"not an accepted file type ({suffix or 'no extension'}); accepted: {accepted}"
    if not head.strip():
        return "file is empty"
    if head.startswith((b"\xff\xfe", b"\xfe\xff")) or looks_binary(head):
        return "binary content: not a text file"
    return fmt.upload_check(head) if fmt.upload_check else None
