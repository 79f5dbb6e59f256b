"""Database failures explained to people: operators at the command line, readers on a page.

A read-only database, a full disk or an unreachable server is not a bug to show as a traceback;
it is a condition someone must fix, so it gets one plain sentence saying what and where.
"""

from __future__ import annotations

import logging

from django.db import DatabaseError, OperationalError
from django.http import JsonResponse
from django.shortcuts import render

log = logging.getLogger("zhiku.errors")

#: Fragments of driver messages → what the operator should check.
HINTS: tuple[tuple[str, str], ...] = (
    ("readonly database", "the database file or its folder is read-only"),
    ("read-only", "the database is in read-only mode"),
    ("disk is full", "the disk is full"),
    ("disk i/o error", "the disk refused a write (full, over a size limit, or failing)"),
    ("no space left", "the disk is full"),
    ("database is locked", "another process held the write lock longer than the busy timeout"),
    ("unable to open database", "the database file cannot be opened (path or permissions)"),
    ("could not connect", "the PostgreSQL server cannot be reached"),
    ("connection refused", "the PostgreSQL server cannot be reached"),
)


def explain_database_error(exc: BaseException) -> str:
    """``exc``'s message followed by what it most likely means, in one line."""
    message = " ".join(str(exc).split()) or type(exc).__name__
    lowered = message.lower()
    for fragment, hint in HINTS:
        if fragment in lowered:
            return f"{message} ({hint})"
    return message


#: Where machine clients are served: they get the 503 as JSON, like the API's other errors.
JSON_PREFIXES = ("/api/",)
#: Seconds a client is asked to wait before trying again.
RETRY_AFTER = "60"


def database_unavailable_json(request, exception: BaseException) -> JsonResponse:
    """The API's 503: JSON in the API's error shape, with Retry-After; the cause is logged."""
    log.error("database unavailable for %s: %s", request.path, explain_database_error(exception))
    response = JsonResponse(
        {
            "detail": "The database is unavailable at the moment; try again in a minute.",
            "errors": [],
        },
        status=503,
    )
    response["Retry-After"] = RETRY_AFTER
    return response


class DatabaseUnavailableMiddleware:
    """Answer 503 when the database cannot serve a request: a readable page, or JSON for the
    API (its own handler answers first; this catches what fails outside its views)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, OperationalError | DatabaseError):
            return None
        if request.path.startswith(JSON_PREFIXES):
            return database_unavailable_json(request, exception)
        log.error("database unavailable for %s: %s", request.path, exception)
        response = render(request, "503.html", status=503)
        response["Retry-After"] = RETRY_AFTER
        return response


def unwritable(folder) -> str:
    """Why ``folder`` cannot be written ("" when it can): tried, not guessed from permission
    bits, which say nothing to root, an immutable folder or a read-only mount."""
    import os
    import tempfile

    try:
        os.makedirs(folder, exist_ok=True)
        with tempfile.TemporaryFile(dir=folder, prefix=".zhiku-write-test-"):
            return ""
    except OSError as exc:
        return f"the folder {folder} cannot be written ({exc.strerror or exc})"
