"""Per-client rate limits on search and the API: 429 Too Many Requests with Retry-After.

Each limit (``ZHIKU_RATE_LIMITS``) names path prefixes, a number of requests and a period.
Counting uses a sliding window made of two fixed slots: the estimate is
``previous_slot_hits × (share of the previous slot still inside the window) + current_hits``,
which smooths the double burst a plain fixed window allows at slot boundaries while needing
only two counters per client. Counters are shared by all workers (``counters.py``).

When the counter store fails (disk full, locked too long), requests are let through and the
failure is logged: the limits protect capacity; they must not take the site down themselves.
"""

from __future__ import annotations

import logging
import math
import time
from dataclasses import dataclass

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from zhiku.security.client import client_key
from zhiku.security.counters import open_store

log = logging.getLogger(__name__)

#: How often (seconds) a worker deletes expired counters.
PURGE_EVERY = 60


@dataclass(frozen=True)
class Limit:
    """``requests`` per ``seconds`` for each client, on paths starting with ``paths``."""

    name: str
    paths: tuple[str, ...]
    requests: int
    seconds: int

    @classmethod
    def from_setting(cls, entry: dict) -> Limit:
        return cls(
            name=entry["name"],
            paths=tuple(entry["paths"]),
            requests=int(entry["requests"]),
            seconds=int(entry["seconds"]),
        )


def estimate(limit: Limit, previous: int, current: int, elapsed: float) -> float:
    """Requests in the sliding window ending now, ``elapsed`` seconds into the current slot."""
    return previous * max(0.0, 1 - elapsed / limit.seconds) + current


def retry_after(limit: Limit, previous: int, current: int, elapsed: float) -> int:
    """Whole seconds until one more request fits, given hits that were allowed so far."""
    room = limit.requests - 1  # the next request must leave the estimate ≤ requests
    if current <= room and previous > 0:
        # Later in this slot: the previous slot's share decays until there is room.
        at = limit.seconds * (1 - (room - current) / previous)
        if at < limit.seconds:
            return max(1, math.ceil(at - elapsed))
    # Only in the next slot, where this slot's hits become the decaying share.
    wait_in_next = limit.seconds * (1 - room / current) if current > room else 0.0
    return max(1, math.ceil(limit.seconds - elapsed + wait_in_next))


class RateLimitMiddleware:
    """Counts requests per client and limit; refuses with 429 past the limit."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.limits = [Limit.from_setting(e) for e in settings.ZHIKU_RATE_LIMITS]
        self.limits = [limit for limit in self.limits if limit.requests > 0]
        self.store = open_store(settings.ZHIKU_RATE_LIMIT_STORE) if self.limits else None
        self.last_purge = 0.0

    def limit_for(self, path: str) -> Limit | None:
        for limit in self.limits:
            if path.startswith(limit.paths):
                return limit
        return None

    def __call__(self, request):
        limit = self.limit_for(request.path_info)
        if limit is None or self.store is None or request.method == "OPTIONS":
            return self.get_response(request)
        now = time.time()
        slot = int(now // limit.seconds)
        elapsed = now - slot * limit.seconds
        client = f"{limit.name}:{client_key(request)}"
        try:
            current = self.store.hit(client, slot, expires=(slot + 2) * limit.seconds)
            previous = self.store.count(client, slot - 1)
            used = estimate(limit, previous, current, elapsed)
            if used > limit.requests:
                self.store.undo(client, slot)
            if now - self.last_purge > PURGE_EVERY:
                self.last_purge = now
                self.store.purge(int(now))
        except Exception:  # the store failed: serve rather than refuse (see module docstring)
            log.exception("rate limit store failed; request %s let through", request.path)
            return self.get_response(request)
        if used > limit.requests:
            wait = retry_after(limit, previous, current - 1, elapsed)
            return too_many_requests(request, limit, wait)
        response = self.get_response(request)
        response.headers["X-RateLimit-Limit"] = f"{limit.requests};w={limit.seconds}"
        response.headers["X-RateLimit-Remaining"] = str(max(0, int(limit.requests - used)))
        return response


def too_many_requests(request, limit: Limit, wait: int) -> HttpResponse:
    """429 with Retry-After: JSON for programs, a short page for browsers."""
    message = _("Too many requests. Please wait %(seconds)d seconds and try again.") % {
        "seconds": wait
    }
    if "text/html" in request.headers.get("Accept", ""):
        body = render_to_string(
            "security/too_many_requests.html", {"message": message}, request=request
        )
        response = HttpResponse(body, status=429)
    else:
        response = JsonResponse({"detail": message, "retry_after": wait}, status=429)
    response.headers["Retry-After"] = str(wait)
    response.headers["X-RateLimit-Limit"] = f"{limit.requests};w={limit.seconds}"
    response.headers["X-RateLimit-Remaining"] = "0"
    response.headers["Cache-Control"] = "no-store"
    return response
