"""Shared hit counters for rate limits: atomic across threads, worker processes and machines.

gunicorn runs several worker processes, so a counter kept in a worker's memory (Django's
LocMemCache) would let a client make N × workers requests. Django's cache API does not help
either: ``cache.incr`` is get-then-set (lossy under concurrency) on the file and database
backends, and atomic only on Redis/Memcached, which zhiku does not otherwise need.

So counters live in a table updated by one atomic UPSERT (``INSERT … ON CONFLICT DO UPDATE …
RETURNING``), in one of two places chosen by ``ZHIKU_RATE_LIMIT_STORE``:

- ``sqlite:///path`` (default ``<data dir>/ratelimit.sqlite3``): a small SQLite file of its own,
  shared by every worker on the machine. It is not the catalog's database, so counting never
  waits for an import holding the catalog's write lock. One machine.
- ``database``: the table ``security_ratecounter`` in the main database. With PostgreSQL this is
  shared by every machine behind the load balancer. Several machines.
- ``redis://host:port/db`` (also ``rediss://``, ``unix://``): a Redis server, where ``INCR``
  is atomic and each counter expires by itself. Several machines, and no counting load on the
  catalog's database.
"""

from __future__ import annotations

import os
import sqlite3
import threading
from dataclasses import dataclass
from pathlib import Path

from django.db import connection


@dataclass(frozen=True)
class Statements:
    """The four statements of a store. Table names are ours; every value is a parameter."""

    upsert: str
    undo: str
    count: str
    purge: str

    @classmethod
    def for_table(cls, table: str, p: str) -> Statements:
        """Statements for ``table`` with the driver's placeholder ``p`` (? or %s)."""
        where = f"WHERE client = {p} AND slot = {p}"
        return cls(
            upsert=(
                f"INSERT INTO {table} (client, slot, hits, expires) VALUES ({p}, {p}, 1, {p}) "  # noqa: S608
                f"ON CONFLICT (client, slot) DO UPDATE SET hits = {table}.hits + 1 "
                "RETURNING hits"
            ),
            undo=f"UPDATE {table} SET hits = hits - 1 {where}",  # noqa: S608
            count=f"SELECT hits FROM {table} {where}",  # noqa: S608
            purge=f"DELETE FROM {table} WHERE expires < {p}",  # noqa: S608
        )


class SQLiteFileStore:
    """Counters in their own SQLite file; one connection per thread and process."""

    TABLE = "ratelimit"

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._local = threading.local()
        self.sql = Statements.for_table(self.TABLE, "?")

    def _db(self) -> sqlite3.Connection:
        db = getattr(self._local, "db", None)
        if db is None or self._local.pid != os.getpid():  # never reuse a connection across fork
            self.path.parent.mkdir(parents=True, exist_ok=True)
            db = sqlite3.connect(self.path, timeout=5, isolation_level=None)
            # Counters are disposable: losing the last second of them in a power cut is fine.
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=OFF")
            db.execute(
                f"CREATE TABLE IF NOT EXISTS {self.TABLE} (client TEXT NOT NULL, "
                "slot INTEGER NOT NULL, hits INTEGER NOT NULL, expires INTEGER NOT NULL, "
                "PRIMARY KEY (client, slot)) WITHOUT ROWID"
            )
            self._local.db, self._local.pid = db, os.getpid()
        return db

    def hit(self, client: str, slot: int, expires: int) -> int:
        """Count one hit for (client, slot); return the slot's hits including this one."""
        return self._db().execute(self.sql.upsert, (client, slot, expires)).fetchone()[0]

    def undo(self, client: str, slot: int) -> None:
        """Take back one hit (a refused request does not use up the allowance)."""
        self._db().execute(self.sql.undo, (client, slot))

    def count(self, client: str, slot: int) -> int:
        """Hits counted for (client, slot)."""
        row = self._db().execute(self.sql.count, (client, slot)).fetchone()
        return row[0] if row else 0

    def purge(self, now: int) -> int:
        """Delete counters that expired before ``now`` (epoch seconds); return how many."""
        return self._db().execute(self.sql.purge, (now,)).rowcount


class DatabaseStore:
    """Counters in the main database (table of ``zhiku.security.models.RateCounter``)."""

    def __init__(self) -> None:
        from zhiku.security.models import RateCounter

        table = connection.ops.quote_name(RateCounter._meta.db_table)
        self.sql = Statements.for_table(table, "%s")

    def _run(self, sql: str, params: tuple) -> tuple | None:
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchone() if cursor.description else None

    def hit(self, client: str, slot: int, expires: int) -> int:
        row = self._run(self.sql.upsert, (client, slot, expires))
        assert row is not None  # RETURNING always yields the row
        return row[0]

    def undo(self, client: str, slot: int) -> None:
        self._run(self.sql.undo, (client, slot))

    def count(self, client: str, slot: int) -> int:
        row = self._run(self.sql.count, (client, slot))
        return row[0] if row else 0

    def purge(self, now: int) -> int:
        with connection.cursor() as cursor:
            cursor.execute(self.sql.purge, (now,))
            return cursor.rowcount


class RedisStore:
    """Counters in Redis: one key per (client, slot), counted by INCR, expiring by itself.

    redis-py's connection pool opens new connections in a forked worker, so the store may be
    made before gunicorn forks. Timeouts are short: a Redis that does not answer lets the
    request through (see ratelimit.py) instead of holding it."""

    PREFIX = "zhiku:ratelimit:"

    def __init__(self, url: str, timeout: float = 0.5) -> None:
        import redis

        self.redis = redis.Redis.from_url(
            url, socket_timeout=timeout, socket_connect_timeout=timeout
        )

    def _key(self, client: str, slot: int) -> str:
        return f"{self.PREFIX}{client}:{slot}"

    def hit(self, client: str, slot: int, expires: int) -> int:
        key = self._key(client, slot)
        pipe = self.redis.pipeline()  # MULTI/EXEC: the count and its expiry together
        pipe.incr(key)
        pipe.expireat(key, expires)
        hits, _ = pipe.execute()
        return int(hits)

    def undo(self, client: str, slot: int) -> None:
        self.redis.decr(self._key(client, slot))

    def count(self, client: str, slot: int) -> int:
        value = self.redis.get(self._key(client, slot))
        return int(value) if value is not None else 0

    def purge(self, now: int) -> int:
        return 0  # every key expires by itself


REDIS_SCHEMES = ("redis://", "rediss://", "unix://")


def open_store(spec: str) -> SQLiteFileStore | DatabaseStore | RedisStore:
    """The store named by ``ZHIKU_RATE_LIMIT_STORE``: ``sqlite:///path``, ``database`` or a
    ``redis://`` URL."""
    if spec == "database":
        return DatabaseStore()
    if spec.startswith("sqlite:///"):
        return SQLiteFileStore(Path(spec.removeprefix("sqlite:///")))
    if spec.startswith(REDIS_SCHEMES):
        return RedisStore(spec)
    raise ValueError(
        f"ZHIKU_RATE_LIMIT_STORE={spec!r}: use 'sqlite:////absolute/path.sqlite3', 'database' "
        "or 'redis://host:port/db'"
    )
