"""Real zhiku processes for tests: the CLI and `zhiku serve` on a free port, own data folder."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from contextlib import contextmanager
from http.cookiejar import CookieJar
from pathlib import Path

import lxml.html

REPO = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def zhiku_env(data_dir: Path, database_url: str | None = None, **extra: str) -> dict[str, str]:
    """Environment for a zhiku process with its own data folder (and database)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ZHIKU_", "DJANGO_"))}
    env["ZHIKU_DATA_DIR"] = str(data_dir)
    if database_url:
        env["ZHIKU_DATABASE_URL"] = database_url
    env["ZHIKU_ACCESS_LOG"] = ""
    env.update(extra)
    return env


def run_zhiku(*args: str, env: dict[str, str], check: bool = True, **kwargs):
    """Run the zhiku CLI in a subprocess; raise with its output when ``check`` and it fails."""
    result = subprocess.run(
        [sys.executable, "-m", "zhiku", *args],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        **kwargs,
    )
    if check and result.returncode != 0:
        raise AssertionError(f"zhiku {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return result


def wait_until_up(url: str, timeout: float = 30.0, proc: subprocess.Popen | None = None) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            output = proc.stdout.read() if proc.stdout else ""
            raise AssertionError(
                f"server exited with {proc.returncode} before {url} answered:\n{output}"
            )
        try:
            with urllib.request.urlopen(url, timeout=2):  # our own loopback server
                return
        except (urllib.error.URLError, ConnectionError, OSError):
            time.sleep(0.2)
    raise AssertionError(f"server at {url} did not come up within {timeout}s")


@contextmanager
def serving(env: dict[str, str], workers: int = 2):
    """`zhiku serve` on a free port; yields its base URL; stops it afterwards."""
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "zhiku", "serve", "--port", str(port), "--workers", str(workers)],
        cwd=REPO,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(f"{base}/healthz", proc=proc)
        yield base, proc
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log = proc.stdout.read() if proc.stdout else ""
        errors = [line for line in log.splitlines() if " ERROR " in line]
        if errors:
            print("server errors:\n" + "\n".join(errors[-20:]))


class Browser:
    """A cookie-keeping HTTP client that submits Django forms as a user would."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))

    def get(self, path: str) -> tuple[int, str]:
        try:
            with self.opener.open(self.base + path, timeout=30) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read().decode(errors="replace")

    def submit(self, path: str, changes: dict[str, str]) -> tuple[int, str]:
        status, page = self.get(path)
        assert status == 200, (path, status)
        # the page's own form, not the admin header's logout form
        forms = [f for f in lxml.html.fromstring(page).forms if f.method.upper() == "POST"]
        form = max(forms, key=lambda f: len(f.inputs))
        fields = dict(form.form_values()) | changes
        data = urllib.parse.urlencode(fields).encode()
        request = urllib.request.Request(
            self.base + path, data=data, headers={"Referer": self.base + path}
        )
        try:
            with self.opener.open(request, timeout=30) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read().decode(errors="replace")
