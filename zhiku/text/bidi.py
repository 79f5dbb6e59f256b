"""Bidirectional-text controls in user text: isolated when displayed, so they stay contained.

A right-to-left override (U+202E) in a title reverses everything after it up to the end of
the paragraph: the rest of a list item, the site name after a page title. Wrapping the text
in an isolate (FSI U+2068 … PDI U+2069 in plain text, ``<bdi>`` in HTML) ends every
embedding and override the text opened, at its own end. Text without bidi controls is left
exactly as it is. Django-free, so every layer can use it; ``zhiku.interop.cite.escape``
builds the per-format escaping on it.
"""

from __future__ import annotations

import re

#: Bidi embeddings, overrides and isolates (LRE RLE PDF LRO RLO, LRI RLI FSI PDI).
BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")
FSI, PDI = "\u2068", "\u2069"


def has_bidi_controls(value: str) -> bool:
    """True when ``value`` holds an embedding, override or isolate character."""
    return bool(BIDI_CONTROLS.search(value))


def isolate(value: str) -> str:
    """``value`` wrapped in FSI … PDI when it holds bidi controls; unchanged otherwise."""
    return f"{FSI}{value}{PDI}" if has_bidi_controls(value) else value


def strip_bidi(value: str) -> str:
    """``value`` without embedding, override and isolate characters (for citation data)."""
    return BIDI_CONTROLS.sub("", value)
