"""Rate-limit arithmetic and the shared counter file, without Django's database."""

import multiprocessing
import time

import pytest
from django.test import RequestFactory

from zhiku.security.client import client_ip, client_key
from zhiku.security.counters import SQLiteFileStore, open_store
from zhiku.security.ratelimit import Limit, estimate, retry_after

LIMIT = Limit("api", ("/api/",), requests=10, seconds=60)


@pytest.mark.parametrize(
    ("previous", "current", "elapsed", "expected"),
    [
        (0, 10, 0, 10),
        (10, 0, 30, 5),  # half of the previous slot is still inside the window
        (10, 4, 45, 6.5),
        (20, 0, 60, 0),
    ],
)
def test_estimate_weighs_the_previous_slot_by_its_overlap(previous, current, elapsed, expected):
    assert estimate(LIMIT, previous, current, elapsed) == pytest.approx(expected)


@pytest.mark.parametrize(
    ("previous", "current", "elapsed", "expected"),
    [
        # 10 allowed in this slot, none before: wait for the next slot, then until 10×(1-s/60)
        # leaves room for one: s = 6 s into the next slot.
        (0, 10, 20, 40 + 6),
        # the previous slot's 10 hits decay; at 6 s into this slot there is room for one more.
        (10, 0, 0, 6),
        (10, 0, 3, 3),
        # 5 now and 10 before: room once 10×(1-t/60) ≤ 4, at t = 36 s.
        (10, 5, 30, 6),
    ],
)
def test_retry_after_is_when_one_more_request_fits(previous, current, elapsed, expected):
    assert retry_after(LIMIT, previous, current, elapsed) == expected
    # and it is right: at that moment the request fits, a second earlier it did not
    at = elapsed + expected
    slot_shift = at >= LIMIT.seconds
    prev_then, cur_then = (current, 0) if slot_shift else (previous, current)
    later = at - LIMIT.seconds if slot_shift else at
    assert estimate(LIMIT, prev_then, cur_then + 1, later) <= LIMIT.requests


def _hammer(path: str, hits: int, queue) -> None:
    store = SQLiteFileStore(path)
    allowed = 0
    for _ in range(hits):
        if store.hit("api:1.2.3.4", 1, expires=2**40) <= 50:
            allowed += 1
        else:
            store.undo("api:1.2.3.4", 1)
    queue.put(allowed)


def test_counter_file_is_exact_across_processes(tmp_path):
    """Four processes (like gunicorn workers) share one allowance of 50 exactly."""
    path = str(tmp_path / "ratelimit.sqlite3")
    SQLiteFileStore(path).purge(0)  # create the file before the processes race for it
    queue = multiprocessing.get_context("fork").Queue()
    workers = [
        multiprocessing.get_context("fork").Process(target=_hammer, args=(path, 40, queue))
        for _ in range(4)
    ]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=60)
    assert sum(queue.get(timeout=5) for _ in workers) == 50
    assert SQLiteFileStore(path).count("api:1.2.3.4", 1) == 50


def test_counter_file_purges_expired_slots(tmp_path):
    store = open_store(f"sqlite:///{tmp_path / 'c.sqlite3'}")
    now = int(time.time())
    store.hit("a", 1, expires=now - 1)
    store.hit("b", 1, expires=now + 60)
    assert store.purge(now) == 1
    assert (store.count("a", 1), store.count("b", 1)) == (0, 1)


def test_unknown_store_is_refused_with_the_fix():
    with pytest.raises(ValueError, match="sqlite:////absolute/path"):
        open_store("memcached://localhost")  # redis:// is a store now


@pytest.mark.parametrize(
    ("remote", "forwarded", "proxies", "ip", "key"),
    [
        ("203.0.113.7", "", 0, "203.0.113.7", "203.0.113.7"),
        # without a trusted proxy, X-Forwarded-For is the client's own claim: ignored
        ("203.0.113.7", "198.51.100.1", 0, "203.0.113.7", "203.0.113.7"),
        # behind one proxy: the address that proxy saw (the rightmost entry)
        ("10.0.0.2", "6.6.6.6, 198.51.100.1", 1, "198.51.100.1", "198.51.100.1"),
        ("10.0.0.2", "6.6.6.6, 198.51.100.1, 10.0.0.9", 2, "198.51.100.1", "198.51.100.1"),
        ("2001:db8:1:2:3:4:5:6", "", 0, "2001:db8:1:2:3:4:5:6", "2001:db8:1:2::/64"),
        ("::ffff:192.0.2.5", "", 0, "192.0.2.5", "192.0.2.5"),
        ("not an address", "", 0, "", "unknown"),
    ],
)
def test_client_address_and_key(settings, remote, forwarded, proxies, ip, key):
    settings.ZHIKU_TRUSTED_PROXIES = proxies
    request = RequestFactory().get("/", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded)
    assert client_ip(request) == ip
    assert client_key(request) == key
