"""Upload limits: a request body larger than ``ZHIKU_MAX_REQUEST_BYTES`` is refused with 413.

Django caps form fields (``DATA_UPLOAD_MAX_MEMORY_SIZE``) but not uploaded files: a file of any
size would be streamed to a temporary file. Django reads a request body only up to its
Content-Length (a chunked body without one reads as empty), so checking that header before
anything reads the body bounds every upload. The import upload (ingest) checks the type and
content of what it accepts on top of this.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpResponse
from django.utils.translation import gettext as _


class RequestSizeMiddleware:
    """413 Payload Too Large for requests that announce a body above the limit."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        limit = int(settings.ZHIKU_MAX_REQUEST_BYTES)
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > limit:
            message = _("The upload is too large: at most %(mb)d MB are accepted.") % {
                "mb": limit // 2**20
            }
            return HttpResponse(message, status=413, content_type="text/plain; charset=utf-8")
        return self.get_response(request)
