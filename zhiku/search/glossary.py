"""The editors' glossary (``GlossaryEntry`` rows) as the glossary queries are expanded with.

Expansion is query-time only (``concepts.py``): glossary terms never change how texts are
segmented or indexed, so an edit needs no reindex and the change log is not involved. Each
process reads the table again when it changed: ``sync()``, called before every search, looks
at the table's size and latest edit at most every CHECK_SECONDS, and at once after an edit
made in this process (``post_save``/``post_delete``). Until the table can be read (a
database without the migration, a test without database access), and while it is empty (a
database flushed after the migration loaded it), the shipped glossary is used; an editor
retires an entry by unticking "active".
"""

from __future__ import annotations

import logging
import threading
import time

from django.db import DatabaseError
from django.db.models import Count, Max

from zhiku.search import vocabulary
from zhiku.search.vocabulary import GlossaryGroup

logger = logging.getLogger(__name__)

#: How often (seconds) a process checks whether the glossary table changed.
CHECK_SECONDS = 5.0

_lock = threading.Lock()
_state: dict[str, object] = {"checked": 0.0, "version": None}


def read() -> tuple[GlossaryGroup, ...]:
    """The active glossary entries as glossary groups."""
    from zhiku.search.models import GlossaryEntry

    groups = []
    for entry in GlossaryEntry.objects.filter(active=True).order_by("id"):
        variants = entry.variants()
        if len(variants) > 1:
            groups.append(GlossaryGroup(variants, entry.weight))
    return tuple(groups)


def _version() -> tuple:
    from zhiku.search.models import GlossaryEntry

    found = GlossaryEntry.objects.aggregate(count=Count("id"), latest=Max("updated"))
    return (found["count"], found["latest"])


def sync(force: bool = False) -> None:
    """Use the table's glossary if it changed since this process last read it."""
    now = time.monotonic()
    if not force and now - float(_state["checked"]) < CHECK_SECONDS:  # type: ignore[arg-type]
        return
    with _lock:
        _state["checked"] = now
        try:
            version = _version()
            if version != _state["version"]:
                vocabulary.set_glossary(read() if version[0] else None)
                _state["version"] = version
        except (DatabaseError, RuntimeError) as exc:  # no table yet; no database access
            logger.debug("search: the glossary table cannot be read (%s)", exc)


def changed(**kwargs) -> None:
    """An entry was saved or deleted here: read the table again before the next search."""
    _state["checked"] = 0.0
    _state["version"] = None


def forget() -> None:
    """Go back to the shipped glossary until the next ``sync`` (tests)."""
    changed()
    vocabulary.set_glossary(None)
