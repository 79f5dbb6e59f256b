"""Places on catalog pages where the apps above the catalog add their part.

A catalog template names a slot (``{% slot "work-end" %}``, tag in ``templatetags/zhiku.py``);
an app registers the template it renders there from its ``AppConfig.ready`` (interop: page
metadata, citations, exports and feeds; search: related works under a work). The catalog thus
never names a higher app's template, and a page renders whole when no app fills a slot.
Contributed templates render with the page's context, in ``order``.
"""

from __future__ import annotations

_SLOTS: dict[str, list[tuple[int, str]]] = {}


def contribute(slot: str, template_name: str, order: int = 100) -> None:
    """Render ``template_name`` wherever a catalog template names ``slot`` (idempotent)."""
    entries = _SLOTS.setdefault(slot, [])
    if all(name != template_name for _, name in entries):
        entries.append((order, template_name))
        entries.sort()


def templates(slot: str) -> list[str]:
    """The templates contributed to ``slot``, in order."""
    return [name for _, name in _SLOTS.get(slot, [])]
