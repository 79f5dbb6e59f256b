"""HEAD is answered wherever GET is (RFC 9110 §9.3.2): the GET response, without its body.

Django's ``require_GET`` and django-ninja's ``router.get`` accept GET only, so HEAD on the API,
the citation exports and the sitemaps answered 405. Rather than list HEAD on every view (and in
the OpenAPI schema), this middleware runs a HEAD request as a GET, through every middleware after
it (rate limit, caching, conditional GET), and drops the body on the way out, keeping the
headers — Content-Length included — that the GET would have sent.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponseBase, StreamingHttpResponse


class HeadAsGetMiddleware:
    """First in MIDDLEWARE: everything inside it sees a GET."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if request.method != "HEAD":
            return self.get_response(request)
        request.method = "GET"
        try:
            response = self.get_response(request)
        finally:
            request.method = "HEAD"
        if isinstance(response, StreamingHttpResponse) or getattr(response, "streaming", False):
            streamed = response.streaming_content  # type: ignore[attr-defined]
            close = getattr(streamed, "close", None)
            if close is not None:
                close()
            response.streaming_content = iter(())  # type: ignore[attr-defined]
        else:
            content = response.content  # type: ignore[attr-defined]
            if not response.has_header("Content-Length"):
                response["Content-Length"] = str(len(content))
            response.content = b""  # type: ignore[attr-defined]
        return response
