"""Backups of the catalog database: SQLite through its online backup API, PostgreSQL through
pg_dump/pg_restore. The search index is derived data: it is rebuilt after a restore, never
backed up.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from django.db import connection

SQLITE_MAGIC = b"SQLite format 3\x00"
PGDUMP_MAGIC = b"PGDMP"


class BackupError(Exception):
    """A backup or restore that cannot be done; the message says why and what to do."""


def backup(dest: Path) -> Path:
    """Write a consistent copy of the database to ``dest`` (a file, or a folder to put one in)."""
    vendor = connection.vendor
    suffix = {"sqlite": ".sqlite3", "postgresql": ".pgdump"}.get(vendor)
    if suffix is None:
        raise BackupError(f"backups are not supported for the {vendor} database engine")
    if dest.is_dir() or str(dest).endswith(os.sep):
        try:
            dest.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise BackupError(f"cannot create the folder {dest}: {exc.strerror or exc}") from exc
        dest = dest / f"zhiku-{dt.datetime.now():%Y%m%d-%H%M%S}{suffix}"
    try:
        dest.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise BackupError(f"cannot create the folder {dest.parent}: {exc.strerror or exc}") from exc
    partial = dest.with_name(dest.name + ".partial")
    try:
        if vendor == "sqlite":
            _sqlite_backup(Path(connection.settings_dict["NAME"]), partial)
        else:
            _run_pg("pg_dump", "--format=custom", "--no-owner", f"--file={partial}")
    except BackupError:
        partial.unlink(missing_ok=True)
        raise
    try:
        partial.replace(dest)  # a half-written backup never carries the final name
    except OSError as exc:
        raise BackupError(f"cannot name the backup {dest}: {exc.strerror or exc}") from exc
    return dest


def restore(src: Path, *, force: bool = False) -> str:
    """Replace the database's contents with the backup ``src``; return the format restored."""
    if not src.is_file():
        raise BackupError(f"{src}: no such backup file")
    head = src.open("rb").read(16)
    vendor = connection.vendor
    if head.startswith(SQLITE_MAGIC):
        kind = "sqlite"
    elif head.startswith(PGDUMP_MAGIC):
        kind = "postgresql"
    else:
        raise BackupError(
            f"{src}: not a zhiku backup (neither an SQLite file nor a pg_dump archive)"
        )
    if kind != vendor:
        raise BackupError(
            f"{src} is a {kind} backup but this instance runs on {vendor}; restore it into a "
            f"{kind} instance"
        )
    if not force and _has_data():
        raise BackupError(
            "the database already holds works or people; restore with --force to replace them"
        )
    connection.close()
    if kind == "sqlite":
        _sqlite_backup(src, Path(connection.settings_dict["NAME"]))
    else:
        _run_pg("pg_restore", "--clean", "--if-exists", "--no-owner", "--single-transaction",
                str(src), database_flag="--dbname")  # fmt: skip
    return kind


def _has_data() -> bool:
    from django.db.utils import DatabaseError

    from zhiku.catalog.models import Person, Work

    try:
        return Work.objects.exists() or Person.objects.exists()
    except DatabaseError:
        return False  # an empty, unmigrated database


def _sqlite_backup(src: Path, dest: Path) -> None:
    if not src.exists():
        raise BackupError(f"{src}: the SQLite database does not exist")
    try:
        dest.parent.mkdir(parents=True, exist_ok=True)
        source = sqlite3.connect(f"file:{src}?mode=ro", uri=True)
    except (OSError, sqlite3.Error) as exc:
        raise BackupError(f"cannot open {src} or {dest}: {exc}") from exc
    try:
        target = sqlite3.connect(dest)
    except sqlite3.Error as exc:
        source.close()
        raise BackupError(f"cannot write {dest}: {exc}{_hint(dest)}") from exc
    try:
        # Copies page by page while other connections keep reading and writing; the copy is
        # a consistent snapshot (the API restarts a step when a writer changed the source).
        source.backup(target, pages=1024)
        check = target.execute("PRAGMA integrity_check").fetchone()[0]
        if check != "ok":
            raise BackupError(f"the copy failed its integrity check: {check}")
    except sqlite3.Error as exc:
        raise BackupError(f"cannot copy {src} to {dest}: {exc}{_hint(src, dest)}") from exc
    finally:
        target.close()
        source.close()


def _hint(*paths: Path) -> str:
    """Which of the folders involved cannot be written, as a clause ("" when all can).

    SQLite in WAL mode writes a ``-shm`` file beside the database even to read it, so a
    read-only data folder stops a backup as surely as a read-only destination."""
    from zhiku.errors import unwritable

    problems = [problem for path in paths if (problem := unwritable(path.parent))]
    if not problems:
        return ""
    return "; " + "; ".join(problems) + " (SQLite needs to write beside the database to read it)"


def pg_binary(name: str) -> str:
    """Path of a PostgreSQL client program: on PATH, else in Debian's versioned folders."""
    found = shutil.which(name)
    if found:
        return found
    for folder in sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True):
        if (folder / name).exists():
            return str(folder / name)
    raise BackupError(f"{name} not found: install PostgreSQL's client programs")


def _run_pg(program: str, *args: str, database_flag: str = "--dbname") -> None:
    db = connection.settings_dict
    env = dict(os.environ)
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = db["PASSWORD"]
    conn = [f"--username={db.get('USER') or 'postgres'}"]
    if db.get("HOST"):
        conn.append(f"--host={db['HOST']}")
    if db.get("PORT"):
        conn.append(f"--port={db['PORT']}")
    cmd = [pg_binary(program), *conn, *args, f"{database_flag}={db['NAME']}"]
    result = subprocess.run(cmd, env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise BackupError(f"{program} failed: {result.stderr.strip() or result.returncode}")
