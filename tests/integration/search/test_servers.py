"""Two app servers on one PostgreSQL database, each with its own local index following the
same change log, both find a work added or edited through either.

Each server is a real `zhiku serve` (gunicorn workers + its indexer process) with its own
ZHIKU_DATA_DIR; works are added by `zhiku ingest` run in one server's environment (as an
import on that machine would be) and edited by an editor in the admin of one server. The
delay until both servers find the change is printed; with the default 0.5 s poll it is about
a second, and the test allows FIND_TIMEOUT.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import REPO, database_vendor
from tests.servers import Browser

pytestmark = pytest.mark.skipif(
    database_vendor() != "postgresql", reason="several app servers share a PostgreSQL database"
)
#: Seconds a server may take to start, and a work to become searchable on both.
START_TIMEOUT, FIND_TIMEOUT = 60, 20


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def create_database(server_url: str, name: str) -> str:
    import psycopg

    with psycopg.connect(server_url, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
        connection.execute(f'CREATE DATABASE "{name}"')
    return server_url.rsplit("/", 1)[0] + f"/{name}"


def zhiku(env: dict, *args: str) -> subprocess.CompletedProcess:
    result = subprocess.run(
        [sys.executable, "-m", "zhiku", *args], env=env, cwd=REPO, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result


class Server:
    def __init__(self, env: dict, data_dir: Path) -> None:
        self.port = free_port()
        self.env = env | {"ZHIKU_DATA_DIR": str(data_dir), "ZHIKU_ACCESS_LOG": "/dev/null"}
        self.log = (data_dir.parent / f"server-{self.port}.log").open("w")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "zhiku", "serve", "--port", str(self.port), "--workers", "2"],
            env=self.env,
            cwd=REPO,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(self.url("/api/v1/search"), timeout=5)
                return
            except OSError:
                assert self.process.poll() is None, "server exited; see its log"
                time.sleep(0.3)
        raise AssertionError(f"server on {self.port} did not start")

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def total(self, q: str) -> int:
        query = urllib.parse.urlencode({"q": q})
        with urllib.request.urlopen(self.url(f"/api/v1/search?{query}"), timeout=10) as reply:
            return json.load(reply)["total"]

    def stop(self) -> int:
        self.process.send_signal(signal.SIGTERM)
        code = self.process.wait(30)
        self.log.close()
        return code


def write_work(path: Path, identifier: str, title: str) -> Path:
    record = {
        "id": identifier,
        "title": title,
        "authors": ["林晓川"],
        "date": "2024-05-01",
        "body": [f"{title}。这是测试正文。"],
    }
    path.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    return path


def wait_until_found(servers: list[Server], q: str) -> float:
    started = time.monotonic()
    while time.monotonic() - started < FIND_TIMEOUT:
        if all(server.total(q) == 1 for server in servers):
            return time.monotonic() - started
        time.sleep(0.1)
    totals = [server.total(q) for server in servers]
    raise AssertionError(f"{q!r} not found once on every server in {FIND_TIMEOUT} s: {totals}")


def test_two_app_servers_find_a_work_added_through_either(postgres_url, tmp_path):
    url = create_database(postgres_url, "zhiku_two_servers")
    env = {k: v for k, v in os.environ.items() if not k.startswith("ZHIKU_")}
    env |= {"ZHIKU_DATABASE_URL": url, "ZHIKU_DEBUG": "1"}
    env["DJANGO_SETTINGS_MODULE"] = "zhiku.settings"
    setup = env | {"ZHIKU_DATA_DIR": str(tmp_path / "migrate")}
    zhiku(setup, "migrate", "-v", "0")
    password = "a-long-test-password-91"
    zhiku(
        setup | {"DJANGO_SUPERUSER_PASSWORD": password},
        *("createsuperuser", "--noinput", "--username", "editor", "--email", "e@example.org"),
    )
    a = Server(env, tmp_path / "a")
    b = Server(env, tmp_path / "b")
    try:
        delays = []
        for server, identifier, title, word in (
            (a, "two-servers-1", "第一台服务器导入的北极治理成果", "北极治理"),
            (b, "two-servers-2", "第二台服务器导入的海洋权益成果", "海洋权益"),
        ):
            path = write_work(tmp_path / f"{identifier}.jsonl", identifier, title)
            zhiku(server.env, "ingest", str(path))
            delays.append(wait_until_found([a, b], word))
        print(f"found on both servers {max(delays):.2f} s after the import at most")
        assert a.total("林晓川") == b.total("林晓川") == 2

        # An editor changes the first work's title in server A's admin; B finds the new title.
        found = b.url("/api/v1/search?" + urllib.parse.urlencode({"q": "北极治理"}))
        with urllib.request.urlopen(found, timeout=10) as reply:
            work_id = json.load(reply)["results"][0]["id"]
        editor = Browser(a.url(""))
        login = {"username": "editor", "password": password}
        assert editor.submit("/admin/login/", login)[0] == 200
        status, page = editor.submit(
            f"/admin/catalog/work/{work_id}/change/", {"title": "第一台服务器修改后的量子通信成果"}
        )
        assert status == 200 and "errornote" not in page
        edited = wait_until_found([b, a], "量子通信")
        print(f"an edit in A's admin was found through B after {edited:.2f} s")
        with urllib.request.urlopen(found, timeout=10) as reply:  # the body still says 北极治理
            assert json.load(reply)["results"][0]["title"] == "第一台服务器修改后的量子通信成果"
    finally:
        codes = [a.stop(), b.stop()]
    assert codes == [0, 0]
    indexer = f"zhiku indexer --parent {a.process.pid}"
    leftover = subprocess.run(["pgrep", "-f", indexer], capture_output=True)
    assert leftover.returncode == 1, "the indexer outlived its server"
