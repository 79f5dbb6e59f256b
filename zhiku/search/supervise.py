"""``zhiku serve``'s indexer: ``zhiku indexer`` as a child of the gunicorn master.

tantivy allows one writer per index, so one process applies the change log while the web
workers only read (``ZHIKU_SEARCH_READ_ONLY`` in the workers). The child is restarted if it
dies, stopped with the server, and stops by itself if the server is killed (``--parent``).
"""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import threading

from django.conf import settings

logger = logging.getLogger(__name__)

#: Seconds before a crashed indexer is started again.
RESTART_SECONDS = 2.0


class IndexerProcess:
    """Start with ``start()`` (from the server's master), stop with ``stop()``."""

    def __init__(self) -> None:
        self.process: subprocess.Popen | None = None
        self.stopping = threading.Event()
        self.thread: threading.Thread | None = None

    def start(self) -> None:
        self.thread = threading.Thread(target=self._run, name="zhiku-indexer", daemon=True)
        self.thread.start()

    def _run(self) -> None:
        command = [sys.executable, "-m", "zhiku", "indexer", "--parent", str(os.getpid())]
        while not self.stopping.is_set():
            self.process = subprocess.Popen(command)
            code = self.process.wait()
            if not self.stopping.is_set():
                logger.error("search indexer exited with %s; restarting", code)
                self.stopping.wait(RESTART_SECONDS)

    def stop(self, timeout: float = 10.0) -> None:
        self.stopping.set()
        process = self.process
        if process is not None and process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def indexer_hooks() -> dict:
    """gunicorn settings that run one IndexerProcess with the server and make the web
    workers read-only (``post_fork`` runs in each worker)."""
    indexer = IndexerProcess()

    def read_only(server, worker) -> None:
        settings.ZHIKU_SEARCH_READ_ONLY = True

    return {
        "when_ready": lambda server: indexer.start(),
        "on_exit": lambda server: indexer.stop(),
        "post_fork": read_only,
    }
