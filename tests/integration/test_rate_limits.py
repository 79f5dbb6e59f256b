"""Search and the API are rate-limited per client, with 429 and Retry-After, and the limit holds
across several server processes."""

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.test import Client

from tests.conftest import REPO
from zhiku.security.counters import DatabaseStore

pytestmark = pytest.mark.django_db
API = "/api/v1/openapi.json"


@pytest.fixture
def limits(settings):
    settings.ZHIKU_RATE_LIMITS = [
        {"name": "search", "paths": ["/search/", "/en/search/"], "requests": 3, "seconds": 60},
        {"name": "api", "paths": ["/api/"], "requests": 5, "seconds": 60},
    ]
    return settings


def test_the_api_answers_429_with_retry_after_past_the_limit(limits):
    client = Client(REMOTE_ADDR="203.0.113.1")
    statuses = [client.get(API).status_code for _ in range(7)]
    assert statuses == [200] * 5 + [429] * 2
    refused = client.get(API)
    assert refused.status_code == 429
    # a sliding window may need part of the next period too, so the wait can pass one period
    assert 1 <= int(refused.headers["Retry-After"]) <= 2 * 60
    assert refused.json()["retry_after"] == int(refused.headers["Retry-After"])
    assert refused.headers["X-RateLimit-Remaining"] == "0"


def test_each_client_has_its_own_allowance(limits):
    first, second = Client(REMOTE_ADDR="203.0.113.1"), Client(REMOTE_ADDR="203.0.113.2")
    for _ in range(5):
        first.get(API)
    assert first.get(API).status_code == 429
    assert second.get(API).status_code == 200


def test_a_forged_forwarded_for_header_does_not_reset_the_allowance(limits):
    client = Client(REMOTE_ADDR="203.0.113.1")
    for i in range(5):
        client.get(API, HTTP_X_FORWARDED_FOR=f"10.0.0.{i}")
    assert client.get(API, HTTP_X_FORWARDED_FOR="10.9.9.9").status_code == 429


def test_search_pages_in_both_languages_share_one_limit_and_say_so_in_html(limits):
    client = Client(REMOTE_ADDR="203.0.113.1")
    for path in ("/search/?q=a", "/en/search/?q=b", "/search/?q=c"):
        assert client.get(path).status_code != 429
    page = client.get("/search/?q=d", HTTP_ACCEPT="text/html")
    assert page.status_code == 429 and "Retry-After" in page.headers
    assert "请求过于频繁" in page.content.decode()
    assert client.get("/experts/").status_code == 200  # other pages are not limited


def test_a_failing_store_lets_requests_through(limits, tmp_path):
    limits.ZHIKU_RATE_LIMIT_STORE = f"sqlite:///{tmp_path}"  # a folder: cannot be opened
    client = Client(REMOTE_ADDR="203.0.113.1")
    assert [client.get(API).status_code for _ in range(7)] == [200] * 7


def test_the_database_store_counts_atomically():
    store = DatabaseStore()
    assert [store.hit("api:a", 7, expires=100) for _ in range(3)] == [1, 2, 3]
    store.undo("api:a", 7)
    assert store.count("api:a", 7) == 2
    assert store.count("api:a", 6) == 0
    store.hit("api:b", 7, expires=10**10)
    assert store.purge(1000) == 1
    assert store.count("api:b", 7) == 1


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def get_status(url: str) -> int:
    request = urllib.request.Request(url, headers={"Connection": "close"})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as exc:
        return exc.code


def test_the_limit_holds_across_gunicorn_workers(tmp_path):
    """Three worker processes, one allowance: in-process counters would allow three times."""
    port = free_port()
    env = {
        **os.environ,
        "ZHIKU_DATA_DIR": str(tmp_path),
        "ZHIKU_RATE_LIMIT_API": "10/60",
        "ZHIKU_ACCESS_LOG": str(tmp_path / "access.log"),
    }
    server = subprocess.Popen(
        [sys.executable, "-m", "zhiku", "serve", "--port", str(port), "--workers", "3"],
        cwd=REPO,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        url = f"http://127.0.0.1:{port}{API}"
        deadline = time.monotonic() + 30
        while True:  # wait until the workers answer (the first probe is one of the 10)
            try:
                first = get_status(url)
                break
            except OSError:
                assert time.monotonic() < deadline, "the server did not start"
                time.sleep(0.2)
        with ThreadPoolExecutor(max_workers=6) as pool:  # concurrent: several workers busy
            statuses = [first, *pool.map(get_status, [url] * 24)]
        assert statuses.count(200) == 10 and statuses.count(429) == 15
    finally:
        server.terminate()
        server.wait(timeout=20)
