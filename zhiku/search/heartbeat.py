"""The indexer's heartbeat: a small file it rewrites every few seconds while it runs.

``/healthz`` reads it (``zhiku.search.health``) where an indexer is expected
(``ZHIKU_SEARCH_EXPECT_INDEXER``, set by ``zhiku serve`` in its web workers): a heartbeat older
than ``ZHIKU_SEARCH_HEARTBEAT_SECONDS``, or none, means the indexer is dead or hung, and a
withdrawn work would stay searchable. The supervisor removes it when it reaps a dead indexer,
so the check fails at once rather than after the staleness bound.

The beat comes from a thread of the indexer process, so a long first build still beats; a
loop that is stuck rather than dead is caught by the lag check (``ZHIKU_SEARCH_MAX_LAG_SECONDS``).
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import threading
import time
from pathlib import Path

logger = logging.getLogger(__name__)

NAME = "indexer.heartbeat"


def path(data_dir: Path) -> Path:
    return Path(data_dir) / NAME


def beat(data_dir: Path) -> None:
    """Write this process's heartbeat (atomically: a reader never sees half a file)."""
    target = path(data_dir)
    temporary = target.with_name(f"{NAME}.{os.getpid()}.tmp")
    temporary.write_text(json.dumps({"pid": os.getpid(), "time": time.time()}))
    os.replace(temporary, target)


def clear(data_dir: Path, pid: int | None = None) -> None:
    """Remove the heartbeat (the indexer is known to be gone); with ``pid``, only that
    process's."""
    with contextlib.suppress(OSError, ValueError):
        if pid is not None and json.loads(path(data_dir).read_text()).get("pid") != pid:
            return
        path(data_dir).unlink()


def age(data_dir: Path) -> float | None:
    """Seconds since the last beat; None when there is no heartbeat."""
    try:
        data = json.loads(path(data_dir).read_text())
        return max(0.0, time.time() - float(data["time"]))
    except (FileNotFoundError, ValueError, KeyError, TypeError):
        return None


class Beating:
    """A daemon thread that beats every ``every`` seconds until ``stop()``."""

    def __init__(self, data_dir: Path, every: float) -> None:
        self.data_dir = Path(data_dir)
        self.every = max(0.1, every)
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self._run, name="zhiku-heartbeat", daemon=True)

    def start(self) -> Beating:
        self.thread.start()
        return self

    def _run(self) -> None:
        warned = False
        while not self.stopped.is_set():
            try:
                beat(self.data_dir)
                warned = False
            except OSError as exc:  # a read-only or full data folder: /healthz will say so
                if not warned:
                    logger.warning("search indexer: cannot write its heartbeat (%s)", exc)
                    warned = True
            self.stopped.wait(self.every)

    def stop(self) -> None:
        self.stopped.set()
        self.thread.join(timeout=2)
        clear(self.data_dir, os.getpid())
