"""A benchmark instance: the synthetic corpus loaded into SQLite or PostgreSQL, and servers on it.

Loading 100,000 works takes minutes, so a loaded instance is cached under var/bench/ (git-ignored)
and reused while the corpus parameters are the same.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

from bench.corpus import DEFAULT_SEED, write_corpus

REPO = Path(__file__).resolve().parent.parent
CACHE = REPO / "var" / "bench"


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Instance:
    """A data folder + database URL; ``zhiku(...)`` runs the CLI against it."""

    def __init__(self, name: str, database_url: str | None = None) -> None:
        self.data = CACHE / name
        self.data.mkdir(parents=True, exist_ok=True)
        self.database_url = database_url or f"sqlite:///{self.data / 'zhiku.sqlite3'}"

    def env(self, **extra: str) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("ZHIKU_", "DJANGO_"))}
        env.update(
            ZHIKU_DATA_DIR=str(self.data),
            ZHIKU_DATABASE_URL=self.database_url,
            ZHIKU_ACCESS_LOG="",
            ZHIKU_LOG_LEVEL="ERROR",
        )
        env.update(extra)
        return env

    def zhiku(self, *args: str, check: bool = True, **kwargs) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "-m", "zhiku", *args],
            cwd=REPO,
            env=self.env(),
            capture_output=True,
            text=True,
            check=check,
            **kwargs,
        )

    def query(self, code: str) -> object:
        """Run Python ``code`` (which prints JSON) in Django's shell; return the JSON."""
        out = self.zhiku("shell", "-v", "0", "-c", code).stdout
        return json.loads(out.strip().splitlines()[-1])

    def load(self, works: int, seed: int = DEFAULT_SEED) -> float:
        """Migrate and ingest the corpus once; return the seconds the ingest took (0 if cached)."""
        stamp = self.data / f"loaded-{works}-{seed}"
        if stamp.exists():
            return 0.0
        corpus = write_corpus(CACHE / f"corpus-{works}-{seed}.jsonl", works, seed)
        self.zhiku("migrate", "-v0")
        start = time.perf_counter()
        self.zhiku("ingest", str(corpus))
        elapsed = time.perf_counter() - start
        stamp.write_text(f"{elapsed:.1f}")
        return elapsed

    @contextmanager
    def serving(self, workers: int | None = None, port: int | None = None):
        """`zhiku serve` on this instance; yields (base URL, process)."""
        port = port or free_port()
        args = [sys.executable, "-m", "zhiku", "serve", "--port", str(port)]
        if workers:
            args += ["--workers", str(workers)]
        proc = subprocess.Popen(
            args,
            cwd=REPO,
            env=self.env(
                ZHIKU_DEBUG="0",
                ZHIKU_SECRET_KEY="bench-secret-" + "x" * 40,
                ZHIKU_SSL_REDIRECT="0",
                ZHIKU_ALLOWED_HOSTS="127.0.0.1",
                # The limits are per client and wrk is one client: with them on, a load run
                # measures the limiter's 429s, not the pages.
                ZHIKU_RATE_LIMIT_SEARCH="0",
                ZHIKU_RATE_LIMIT_API="0",
            ),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        base = f"http://127.0.0.1:{port}"
        try:
            wait_for(f"{base}/healthz", proc)
            yield base, proc
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()


def wait_for(url: str, proc: subprocess.Popen | None = None, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"server exited: {proc.stderr.read() if proc.stderr else ''}")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"{url} did not answer within {timeout}s")
