"""Citation formats, one module each, behind one registry.

``FORMATS`` maps a key (used in URLs: ``/cite/works/12/bibtex/``) to a ``Format``: its label,
media type, file extension and renderer. Every renderer takes a list of ``CitationRecord`` and
returns text, so a single work, an expert's list and a result set go through the same code.
A new style (GB/T 7714-2025, say) is one ``Format`` entry here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from zhiku.interop.cite import apa, bibtex, csljson, gbt7714, ris
from zhiku.interop.cite.record import CitationRecord, Name, split_name

__all__ = ["FORMATS", "CitationRecord", "Format", "Name", "render", "split_name"]


@dataclass(frozen=True)
class Format:
    """One citation format: how it is named, served and rendered."""

    key: str
    label: str
    media_type: str
    extension: str
    render: Callable[[list[CitationRecord]], str]
    #: A reading style (shown in the cite box) rather than a file for reference managers.
    text_style: bool = False


FORMATS: dict[str, Format] = {
    f.key: f
    for f in (
        Format(
            "gbt7714-2015",
            "GB/T 7714-2015",
            "text/plain",
            "txt",
            lambda records: gbt7714.render_list(records, gbt7714.GBT7714_2015),
            text_style=True,
        ),
        Format("apa", "APA 7", "text/plain", "txt", apa.render_list, text_style=True),
        Format("bibtex", "BibTeX", "application/x-bibtex", "bib", bibtex.render_list),
        Format("ris", "RIS", "application/x-research-info-systems", "ris", ris.render_list),
        Format("csl-json", "CSL-JSON", "application/vnd.citationstyles.csl+json", "json",
               csljson.render_list),
    )
}  # fmt: skip


def render(key: str, records: list[CitationRecord]) -> str:
    """The records in the format ``key`` (a key of ``FORMATS``; KeyError otherwise)."""
    return FORMATS[key].render(records)
