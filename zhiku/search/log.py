"""The change log, read in order: what an index has not applied yet, and where it stands.

An index records a *watermark* with itself (``zhiku.json``):

- SQLite: ``{"id": N}``, every row up to id N applied. One writer at a time and AUTOINCREMENT
  ids make id order commit order.
- PostgreSQL: ``{"txid": T, "id": N}``, every row up to (transaction T, row N) applied, in
  (txid, id) order, and only rows of transactions older than every transaction still running
  are read: their set can no longer grow, so nothing committed late is ever stepped over. A
  long transaction holds later changes back until it ends (their rows wait, they are not lost).

Applying a row twice is harmless (an upsert or a delete by work id), so a crash between the
index commit and the state write only repeats work.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import connection
from django.db.models import Max, Q
from django.utils import timezone

from zhiku.search.models import Change

#: Rows read per pass; a bigger backlog is applied in several commits.
BATCH = 5000
_AFTER_EVERYTHING = 2**62


def record(work_ids) -> None:
    """Append a row per work id (inside the caller's transaction)."""
    Change.objects.bulk_create([Change(work_id=i) for i in sorted(work_ids)])


def postgres() -> bool:
    """True when the catalog is on PostgreSQL (transaction-id watermarks)."""
    return connection.vendor == "postgresql"


def horizon() -> int:
    """PostgreSQL: the oldest transaction still running (every older one has ended)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_snapshot_xmin(pg_current_snapshot())::text::bigint")
        return int(cursor.fetchone()[0])


def start_watermark() -> dict[str, int]:
    """Where an index built from the database as of now starts following the log.

    Taken before the works are read: anything committed later is applied again (harmless).
    """
    if postgres():
        return {"txid": horizon() - 1, "id": _AFTER_EVERYTHING}
    last = Change.objects.aggregate(last=Max("id"))["last"] or 0
    return {"id": last}


@dataclass
class Pending:
    """Work ids to apply, the watermark after them, and whether more rows are waiting."""

    work_ids: list[int]
    watermark: dict[str, int]
    more: bool


def pending(watermark: dict[str, int], limit: int = BATCH) -> Pending:
    """The next rows after ``watermark`` that are safe to apply (at most ``limit``)."""
    if postgres():
        rows = list(_after(watermark).values_list("txid", "id", "work_id")[: limit + 1])
        more = len(rows) > limit
        rows = rows[:limit]
        if rows:
            watermark = {"txid": rows[-1][0], "id": rows[-1][1]}
        return Pending([r[2] for r in rows], watermark, more)
    rows = list(_after(watermark).values_list("id", "work_id")[: limit + 1])
    more = len(rows) > limit
    rows = rows[:limit]
    if rows:
        watermark = {"id": rows[-1][0]}
    return Pending([r[1] for r in rows], watermark, more)


def _after(watermark: dict[str, int]):
    """Rows after ``watermark`` that are safe to apply, in the order they must be applied."""
    if postgres():
        txid, last = watermark.get("txid", -1), watermark.get("id", _AFTER_EVERYTHING)
        return (
            Change.objects.filter(txid__lt=horizon())
            .filter(Q(txid__gt=txid) | Q(txid=txid, id__gt=last))
            .order_by("txid", "id")
        )
    return Change.objects.filter(id__gt=watermark.get("id", 0)).order_by("id")


def oldest_pending(watermark: dict[str, int]) -> dt.datetime | None:
    """When the oldest change not yet applied after ``watermark`` was made (None: none)."""
    return _after(watermark).values_list("created", flat=True).first()


def prune(days: int) -> int:
    """Delete rows older than ``days``; return how many. Indexes idle longer are rebuilt."""
    cutoff = timezone.now() - dt.timedelta(days=days)
    deleted, _ = Change.objects.filter(created__lt=cutoff).delete()
    return deleted
