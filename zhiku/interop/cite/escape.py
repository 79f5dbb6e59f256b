"""Escaping shared by every output format: citations, feeds, crawler metadata, page text.

A stored record may hold anything a reader let through: markup, control characters, line
breaks, bidi overrides, a DOI with a brace in it. Each output format has its own rules for
what it can carry, but the character classes are the same, so they live here:

- ``xml_text``: drops what XML 1.0 cannot carry (C0 controls other than tab, LF and CR;
  lone surrogates; U+FFFE/U+FFFF) and the C1 controls it discourages. Feeds and sitemaps
  use it, so one bad title cannot make a whole feed fail;
- ``citation_text``: a value for a citation field: markup stripped (``plain_text``), controls
  and bidi embeddings/overrides/isolates removed, every line break (CR, LF, VT, FF, U+0085,
  U+2028, U+2029, the information separators) turned into a space. RIS, GB/T 7714 and APA
  are line-based: a value that held a line break could forge a tag or a second record;
- ``isolate`` (from ``zhiku.text.bidi``): text that contains bidi controls wrapped in
  FSI … PDI (U+2068 … U+2069), so an unclosed right-to-left override cannot reach the text
  that follows it (a page title's site suffix, the next author in a list). Text without bidi
  controls is returned unchanged. Citation text drops bidi controls instead;
- ``valid_doi`` and ``valid_url``: a DOI (``10.NNNN/suffix``, no whitespace, braces, quotes
  or backslashes) or an http(s) URL percent-encoded where needed, or "" when the value is
  not one. An invalid value is dropped from the output, never emitted.

``clean_record`` applies these to every field of a ``CitationRecord``; each citation style
calls it before it formats anything. Ordinary text goes through every function unchanged.
"""

from __future__ import annotations

import dataclasses
import re
from urllib.parse import quote, urlsplit

from zhiku.interop.cite.record import CitationRecord, Name
from zhiku.security.sanitize import has_markup, plain_text
from zhiku.text.bidi import BIDI_CONTROLS, has_bidi_controls, isolate

__all__ = [
    "BIDI_CONTROLS",
    "citation_text",
    "clean_record",
    "has_bidi_controls",
    "isolate",
    "one_line",
    "valid_doi",
    "valid_url",
    "xml_text",
]

#: Characters XML 1.0 cannot carry (or discourages: C1), lone surrogates and non-characters.
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]")
#: Line and paragraph separators (what ``str.splitlines`` splits on), and tab.
LINE_BREAKS = re.compile("\r\n|[\t\n\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")
#: Controls that are neither line breaks nor carried by XML: removed from citation text.
CONTROLS = re.compile("[\x00-\x08\x0e-\x1b\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]")

#: A DOI as Crossref issues them; the suffix may hold anything but whitespace, quotes,
#: braces, backslashes and controls (which would end or forge a field in some format).
DOI = re.compile(
    r"10\.\d{4,9}/[^\s{}\"'\\\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069"
    r"\ud800-\udfff\ufffe\uffff]+"
)
#: What ``valid_url`` leaves as it is; everything else is percent-encoded (as UTF-8).
URL_SAFE = ":/?#[]@!$&'()*+,;=-._~%"
_STRAY_PERCENT = re.compile(r"%(?![0-9A-Fa-f]{2})")
_HOST = re.compile(r"[A-Za-z0-9.\-]+|\[[0-9A-Fa-f:.]+\]")


def xml_text(value: str) -> str:
    """``value`` without the characters an XML 1.0 document cannot hold."""
    return NOT_XML.sub("", value)


def one_line(value: str) -> str:
    """``value`` with every line break (and tab) replaced by a space."""
    return LINE_BREAKS.sub(" ", value)


def citation_text(value: str, newlines: bool = False) -> str:
    """A citation field value: no markup, controls, bidi overrides or line breaks.

    With ``newlines``, LF (and CR LF) is kept as LF: BibTeX and CSL-JSON carry an abstract's
    paragraphs safely; every other separator still becomes a space.
    """
    value = BIDI_CONTROLS.sub("", CONTROLS.sub("", value))
    if has_markup(value):  # after: markup may decode to controls (&#x202e;)
        value = BIDI_CONTROLS.sub("", CONTROLS.sub("", plain_text(value)))
    if newlines:
        return "\n".join(one_line(line) for line in value.replace("\r\n", "\n").split("\n"))
    return one_line(value)


def valid_doi(value: str) -> str:
    """The DOI when ``value`` is one (10.NNNN/suffix), else ""."""
    value = value.strip()
    return value if DOI.fullmatch(value) else ""


def valid_url(value: str) -> str:
    """``value`` as an http(s) URL percent-encoded where needed, or "" if it is not one."""
    value = value.strip()
    if not value or CONTROLS.search(value):  # a control or lone surrogate: not a link
        return ""
    encoded = _STRAY_PERCENT.sub("%25", quote(value, safe=URL_SAFE))
    try:
        parts = urlsplit(encoded)
        host = parts.hostname
        parts.port  # noqa: B018 - raises ValueError for a malformed port
    except ValueError:
        return ""
    if parts.scheme.lower() not in {"http", "https"} or not host:
        return ""
    if not _HOST.fullmatch(host) and not _HOST.fullmatch(f"[{host}]"):
        return ""
    return encoded


def _name(name: Name) -> Name:
    return Name(citation_text(name.family).strip(), citation_text(name.given).strip())


def clean_record(record: CitationRecord, newlines: bool = False) -> CitationRecord:
    """``record`` with every text field through ``citation_text`` and DOI/URL validated."""
    changes: dict[str, object] = {}
    for spec in dataclasses.fields(record):
        value = getattr(record, spec.name)
        if spec.name == "doi":
            cleaned: object = valid_doi(value)
        elif spec.name == "url":
            cleaned = valid_url(value)
        elif isinstance(value, str):
            cleaned = citation_text(value, newlines=newlines and spec.name == "abstract")
        elif spec.name in ("authors", "editors", "translators"):
            cleaned = tuple(n for n in map(_name, value) if n.family or n.given)
        elif spec.name == "keywords":
            cleaned = tuple(k for k in (citation_text(k).strip() for k in value) if k)
        else:
            continue
        if cleaned != value:
            changes[spec.name] = cleaned
    return dataclasses.replace(record, **changes) if changes else record  # type: ignore[arg-type]
