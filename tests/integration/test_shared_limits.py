"""Several app servers share one allowance and one lockout (issue 14, "Roles that hold").

Two `zhiku serve` instances, as on two machines: each with its own data folder (so nothing is
shared through a per-machine file), one database, and rate-limit counters in one Redis
(`ZHIKU_RATE_LIMIT_STORE=redis://…`). The test starts Debian's `redis-server` itself.
"""

import contextlib
import shutil
import subprocess
import time
import urllib.error
import urllib.request

import pytest

from tests.servers import Browser, free_port, run_zhiku, serving, zhiku_env

REDIS = shutil.which("redis-server")
pytestmark = pytest.mark.skipif(
    REDIS is None, reason="redis-server is not installed (Debian package redis-server)"
)
API = "/api/v1/openapi.json"


@contextlib.contextmanager
def redis_server(folder):
    port = free_port()
    options = ["--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", str(folder)]
    proc = subprocess.Popen(
        [REDIS, "--port", str(port), *options],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        import redis

        client = redis.Redis(port=port)
        deadline = time.monotonic() + 10
        while True:
            try:
                client.ping()
                break
            except redis.ConnectionError:
                assert time.monotonic() < deadline, "redis-server did not start"
                time.sleep(0.1)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def status(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:  # our own loopback server
            return response.status
    except urllib.error.HTTPError as exc:
        return exc.code


def test_two_servers_share_the_rate_limit_and_the_lockout(tmp_path):
    database = f"sqlite:///{tmp_path / 'shared.sqlite3'}"
    with redis_server(tmp_path) as store, contextlib.ExitStack() as stack:
        envs = [
            zhiku_env(
                tmp_path / f"machine-{name}",
                database,
                ZHIKU_RATE_LIMIT_STORE=store,
                ZHIKU_RATE_LIMIT_API="10/60",
                ZHIKU_LOGIN_FAILURE_LIMIT="3",
                DJANGO_SUPERUSER_PASSWORD="a-long-test-password-91",
            )
            for name in "ab"
        ]
        run_zhiku("migrate", "-v0", env=envs[0])
        run_zhiku(
            "createsuperuser", "--noinput", "--username", "editor", "--email", "e@example.org",
            env=envs[0],
        )  # fmt: skip
        a, b = (stack.enter_context(serving(env))[0] for env in envs)

        # one allowance of 10 requests a minute, whichever server counts them
        statuses = [status(a + API) for _ in range(6)] + [status(b + API) for _ in range(8)]
        assert statuses == [200] * 10 + [429] * 4

        # failed sign-ins on either server count towards one lockout of the account
        def fail(base: str) -> int:
            return Browser(base).submit(
                "/admin/login/", {"username": "editor", "password": "wrong-password"}
            )[0]

        assert [fail(a), fail(b)] == [200, 200]
        fail(a)  # the third failure reaches the limit
        assert [fail(b), fail(a)] == [429, 429]
        correct = {"username": "editor", "password": "a-long-test-password-91"}
        assert Browser(b).submit("/admin/login/", correct)[0] == 429  # locked even so
