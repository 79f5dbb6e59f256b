"""Upload limits: a request body larger than ``ZHIKU_MAX_REQUEST_BYTES`` is refused.

Django caps form fields (``DATA_UPLOAD_MAX_MEMORY_SIZE``) but not uploaded files: a file of any
size is streamed to a temporary file. Two guards close that gap:

- ``RequestSizeMiddleware`` answers 413 before reading a body whose Content-Length is too big;
- ``LimitedUploadHandler`` (first in ``FILE_UPLOAD_HANDLERS``) counts the bytes actually
  received, for chunked requests and lying Content-Lengths, and aborts the request past it.

The import upload (ingest) checks the type and content of what it accepts on top of this.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.core.files.uploadhandler import FileUploadHandler
from django.http import HttpResponse
from django.utils.translation import gettext as _


def max_request_bytes() -> int:
    return int(settings.ZHIKU_MAX_REQUEST_BYTES)


class RequestSizeMiddleware:
    """413 Payload Too Large for requests that announce a body above the limit."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > max_request_bytes():
            message = _("The upload is too large: at most %(mb)d MB are accepted.") % {
                "mb": max_request_bytes() // 2**20
            }
            return HttpResponse(message, status=413, content_type="text/plain; charset=utf-8")
        return self.get_response(request)


class LimitedUploadHandler(FileUploadHandler):
    """Counts uploaded bytes across all files of a request; too many aborts the request."""

    def __init__(self, request=None):
        super().__init__(request)
        self.received = 0

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > max_request_bytes():
            raise RequestDataTooBig("uploaded files exceed ZHIKU_MAX_REQUEST_BYTES")
        return raw_data  # hand the chunk on to the next handler

    def file_complete(self, file_size):
        return None  # the next handlers build the file
