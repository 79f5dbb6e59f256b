"""``zhiku serve``'s indexer: ``zhiku indexer`` as a child of the gunicorn master.

tantivy allows one writer per index, so one process applies the change log while the web
workers only read (``ZHIKU_SEARCH_READ_ONLY`` in the workers).

The master starts, reaps and restarts the child **from its own main loop**, the thread that
also forks the workers (see ``zhiku/ops/server.py``). A start from a second thread could
overlap a worker's fork, and the worker would inherit the start-up pipe that ``Popen`` waits
on (it waits until every copy of its write end is closed): the start never returned and a
killed indexer was never started again. Here nothing forks while a start is in progress, and
the child gets no pipe of the master's (``close_fds``, standard input from /dev/null; it
writes its log to the server's standard error).

A dead child is logged and started again after RESTART_SECONDS (doubling, up to
MAX_RESTART_SECONDS, while it keeps dying young). Its heartbeat is removed at once, so
``/healthz`` answers 503 until the new one beats. The child stops by itself if the master is
killed (``--parent``).
"""

from __future__ import annotations

import logging
import os
import signal
import subprocess
import sys
import time

from django.conf import settings

from zhiku.search import heartbeat

logger = logging.getLogger(__name__)

#: Seconds before a dead indexer is started again; doubled while it keeps dying young.
RESTART_SECONDS = 2.0
MAX_RESTART_SECONDS = 30.0
#: An indexer that ran this long before dying was healthy: the next delay starts over.
HEALTHY_SECONDS = 60.0


def describe(status: int | None) -> str:
    """A wait status as words: "exited with 1", "was killed by SIGKILL"."""
    if status is None:
        return "exited"
    if os.WIFSIGNALED(status):
        number = os.WTERMSIG(status)
        try:
            name = signal.Signals(number).name
        except ValueError:
            name = f"signal {number}"
        return f"was killed by {name}"
    return f"exited with {os.waitstatus_to_exitcode(status)}"


class IndexerChild:
    """The indexer child, driven by its parent's main loop: ``keep_running`` (start when due),
    ``reap`` (notice a death, on SIGCHLD) and ``stop``. Never call them from another thread."""

    def __init__(self, log: logging.Logger | None = None) -> None:
        self.log = log or logger
        self.process: subprocess.Popen | None = None
        self.started = 0.0
        self.due = 0.0  # monotonic time of the next start
        self.delay = RESTART_SECONDS
        self.stopping = False
        self.starts = 0

    def command(self) -> list[str]:
        return [sys.executable, "-m", "zhiku", "indexer", "--parent", str(os.getpid())]

    def keep_running(self) -> None:
        """Start the indexer when none runs and a start is due."""
        if self.stopping or self.process is not None or time.monotonic() < self.due:
            return
        try:
            self.process = subprocess.Popen(
                self.command(), stdin=subprocess.DEVNULL, close_fds=True
            )
        except OSError as exc:
            self.log.error("zhiku: could not start the search indexer (%s); retrying", exc)
            self.due = time.monotonic() + self.delay
            return
        self.started = time.monotonic()
        self.starts += 1
        verb = "started" if self.starts == 1 else "restarted"
        self.log.info("zhiku: search indexer %s (pid %s)", verb, self.process.pid)

    def reap(self) -> None:
        """If the indexer has died, log it and schedule its restart."""
        process = self.process
        if process is None:
            return
        try:
            pid, status = os.waitpid(process.pid, os.WNOHANG)
        except ChildProcessError:  # reaped by someone else's waitpid(-1): gone all the same
            pid, status = process.pid, None
        if pid == 0:
            return
        process.returncode = -1 if status is None else os.waitstatus_to_exitcode(status)
        self.process = None
        heartbeat.clear(settings.DATA_DIR, process.pid)
        if self.stopping:
            return
        lived = time.monotonic() - self.started
        if lived >= HEALTHY_SECONDS:
            self.delay = RESTART_SECONDS
        wait, self.delay = self.delay, min(MAX_RESTART_SECONDS, self.delay * 2)
        self.due = time.monotonic() + wait
        self.log.error(
            "zhiku: search indexer (pid %s) %s after %.0f s; restarting it in %.0f s",
            process.pid,
            describe(status),
            lived,
            wait,
        )

    def stop(self, timeout: float = 10.0) -> None:
        self.stopping = True
        process = self.process
        if process is None:
            return
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        self.process = None
        heartbeat.clear(settings.DATA_DIR, process.pid)


def read_only_worker(server, worker) -> None:
    """gunicorn's ``post_fork``: a web worker never writes the index, and its ``/healthz``
    requires the indexer's heartbeat."""
    settings.ZHIKU_SEARCH_READ_ONLY = True
    settings.ZHIKU_SEARCH_EXPECT_INDEXER = True
