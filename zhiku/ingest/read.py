"""Stage 1, read: bytes → text, with the encoding detected and binary files refused."""

from __future__ import annotations

import codecs
import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from charset_normalizer import from_bytes

from zhiku.ingest import rules

#: The most a file read whole (CSV, BibTeX, RIS) may be; larger files are refused, not half-read.
MAX_INPUT_BYTES = 64 * 1024 * 1024
#: The most a single page (text dump, HTML) may be. A real article page is well under 1 MB of
#: markup; one of many megabytes is a site dump or has inlined images, and would be mis-read.
MAX_PAGE_BYTES = 8 * 1024 * 1024
#: Bytes read per step when hashing or streaming a file.
CHUNK_BYTES = 1024 * 1024
#: The most bytes one line of a streamed format (a JSON Lines record) may have. A line of this
#: size costs the loader about 200 MB (its body is matched and fingerprinted); a longer line is
#: reported with its number and skipped without being read whole (``iter_byte_lines``).
MAX_LINE_BYTES = 2 * 1024 * 1024
#: How sure the detector must be (charset-normalizer "chaos" below this) to trust a guess.
MAX_CHAOS = 0.2
#: Encodings the detector may answer for Chinese text, and the superset we decode them with.
ENCODING_SUPERSETS = {
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "cp936": "gb18030",
    "hz": "gb18030",
    "gb18030": "gb18030",
    "big5": "big5hkscs",
    "cp950": "big5hkscs",
    "big5hkscs": "big5hkscs",
}
_HTML_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.I)
_XML_ENCODING = re.compile(rb"""^<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_\-]+)""", re.I)


class ReadError(Exception):
    """An input that cannot be read as text; the message says why."""


@dataclass
class Decoded:
    text: str
    encoding: str
    declared: bool  # the file said which encoding it is in (BOM, meta charset)
    guessed: bool  # not UTF-8 and not declared: the detector chose


def check_file(path: Path, limit: int | None = MAX_INPUT_BYTES, what: str = "file") -> int:
    """The size of ``path``; ReadError when it is missing, a folder, empty or over ``limit``."""
    if not path.exists():
        raise ReadError("no such file")
    if path.is_dir():
        raise ReadError("is a folder, not a file")
    size = path.stat().st_size
    if size == 0:
        raise ReadError("file is empty")
    if limit is not None and size > limit:
        mib = f"{size / 2**20:.1f} MiB"
        raise ReadError(f"{what} is {mib}, more than the {limit // 2**20} MiB limit for a {what}")
    return size


def read_path(
    path: Path, limit: int | None = MAX_INPUT_BYTES, what: str = "file"
) -> tuple[bytes, Decoded]:
    """The bytes of ``path`` and their text; ReadError for missing, empty, big or binary files."""
    check_file(path, limit, what)
    data = path.read_bytes()
    return data, decode_bytes(data)


def read_head(path: Path, size: int = 8192) -> bytes:
    """The first ``size`` bytes of ``path`` (for sniffing the format)."""
    with path.open("rb") as handle:
        return handle.read(size)


def hash_file(path: Path) -> str:
    """SHA-256 of the file's bytes, read in chunks (bounded memory for any size)."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK_BYTES):
            digest.update(chunk)
    return digest.hexdigest()


@dataclass(frozen=True)
class LongLine:
    """A line longer than the limit, skipped unread: only its size in bytes is known."""

    size: int
    limit: int

    def describe(self) -> str:
        return (
            f"{self.size / 2**20:.1f} MiB, more than the {self.limit / 2**20:g} MiB limit for a "
            "line: skipped"
        )


def iter_byte_lines(path: Path, max_line: int = MAX_LINE_BYTES) -> Iterator[bytes | LongLine]:
    """The file's lines as bytes, one at a time; refuses a binary file at its first bytes.

    A line of more than ``max_line`` bytes (its newline aside) is a ``LongLine``: it is read
    in chunks and counted, never held whole, so memory stays bounded whatever the file holds.
    """
    head = read_head(path)
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or looks_binary(head):
        raise ReadError("binary file (not text): refusing to read it")
    with path.open("rb") as handle:
        while line := handle.readline(max_line + 1):
            if len(line) <= max_line or line.endswith(b"\n"):
                yield line
                continue
            size = len(line)
            del line
            while chunk := handle.readline(CHUNK_BYTES):
                size += len(chunk)
                if chunk.endswith(b"\n"):
                    size -= 1
                    break
            yield LongLine(size, max_line)


def decode_bytes(data: bytes) -> Decoded:
    """Text of ``data``: BOM, declared charset, strict UTF-8, then a detector for GBK/Big5."""
    if not data.strip():
        raise ReadError("file is empty")
    for bom, name in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            return Decoded(_strict(data, name), name, declared=True, guessed=False)
    if looks_binary(data):
        raise ReadError("binary file (not text): refusing to read it")
    try:
        return Decoded(data.decode("utf-8"), "utf-8", declared=False, guessed=False)
    except UnicodeDecodeError as exc:
        mixed_encodings(data, exc.start)
    declared = _declared_encoding(data)
    if declared:
        try:
            return Decoded(_strict(data, declared), declared, declared=True, guessed=False)
        except (ReadError, LookupError):
            pass  # a wrong declaration is common on legacy sites: fall back to detection
    return _detect(data)


def mixed_encodings(data: bytes, offset: int) -> None:
    """Refuse a file that is UTF-8 with Chinese text up to ``offset`` and something else after
    it (pages pasted together from two sites): no single encoding reads it, and guessing one
    would turn half of it into mojibake."""
    head = data[:offset]
    if sum(1 for b in head if b >= 0xE0) >= MIXED_UTF8_LEADS:  # UTF-8 multi-byte characters
        raise ReadError(
            f"mixed encodings: valid UTF-8 up to byte offset {offset}, then bytes that are not "
            "UTF-8 (the file joins texts in two encodings; convert it to one and import again)"
        )


#: A file with this many UTF-8 multi-byte characters before its first invalid byte is UTF-8
#: mixed with another encoding, not a GBK or Big5 file.
MIXED_UTF8_LEADS = 8


def _strict(data: bytes, encoding: str) -> str:
    try:
        return data.decode(ENCODING_SUPERSETS.get(encoding.lower(), encoding))
    except UnicodeDecodeError as exc:
        raise ReadError(
            f"bytes at offset {exc.start} are not valid {encoding}: cannot decode confidently"
        ) from exc


def _declared_encoding(data: bytes) -> str | None:
    head = data[:4096]
    match = _XML_ENCODING.search(head) or _HTML_CHARSET.search(head)
    if not match:
        return None
    name = match.group(1).decode("ascii").lower()
    try:
        codecs.lookup(ENCODING_SUPERSETS.get(name, name))
    except LookupError:
        return None
    return name


def _detect(data: bytes) -> Decoded:
    best = from_bytes(data, cp_isolation=["gb18030", "big5", "utf_8", "cp1252", "latin_1"]).best()
    if best is None or best.chaos > MAX_CHAOS:
        raise ReadError("cannot decode confidently: not UTF-8 and no encoding fits the bytes")
    encoding = ENCODING_SUPERSETS.get(best.encoding.lower().replace("_", ""), best.encoding)
    encoding = ENCODING_SUPERSETS.get(best.encoding.lower(), encoding)
    text = _strict(data, encoding)
    if encoding in {"cp1252", "latin_1"} and re.search(r"[\x80-\xff]{2,}", text):
        # Runs of accented Latin in a Chinese-site file are mojibake, not French.
        raise ReadError("cannot decode confidently: bytes look like an unknown multi-byte encoding")
    return Decoded(text, encoding, declared=False, guessed=True)


def looks_binary(data: bytes) -> bool:
    """True for NUL bytes or too many control characters in the first 8 KiB."""
    sample = data[:8192]
    if b"\x00" in sample:
        return True
    control = len(sample) - len(sample.translate(None, _CONTROL_BYTES))
    return control / max(len(sample), 1) > rules.MAX_CONTROL_SHARE


#: C0 control bytes other than tab, newline, form feed, carriage return and escape.
_CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 12, 13, 27))
