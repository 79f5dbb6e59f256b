"""The answer to a login that django-axes refuses: 429 with Retry-After and a plain page."""

from __future__ import annotations

from axes.helpers import get_cool_off
from django.contrib import admin
from django.shortcuts import render


def lockout_response(request, original_response=None, credentials=None):
    """A translated page saying when to try again; status 429 and Retry-After."""
    cool_off = get_cool_off(request)
    seconds = int(cool_off.total_seconds()) if cool_off else 0
    response = render(
        request,
        "security/lockout.html",
        {**admin.site.each_context(request), "minutes": max(1, seconds // 60) if seconds else 0},
        status=429,
    )
    if seconds:
        response.headers["Retry-After"] = str(seconds)
    return response
