"""Response headers every page gets: Content-Security-Policy and Permissions-Policy.

Django's SecurityMiddleware sets HSTS, X-Content-Type-Options, Referrer-Policy and
Cross-Origin-Opener-Policy from settings; this adds the two it does not know. The policy needs
no inline script and no inline style anywhere (zhiku's pages and Django's admin alike), so it
carries no nonces and no 'unsafe-inline': see docs/security.md.
"""

from __future__ import annotations

from django.conf import settings


def policy_header(directives: dict[str, list[str]]) -> str:
    """A CSP header value from ``{"directive": ["source", …]}``, in the given order."""
    return "; ".join(
        " ".join([name, *sources]) if sources else name for name, sources in directives.items()
    )


class SecurityHeadersMiddleware:
    """Adds ZHIKU_CSP and ZHIKU_PERMISSIONS_POLICY to responses that do not set their own."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.csp = policy_header(settings.ZHIKU_CSP)
        self.permissions = settings.ZHIKU_PERMISSIONS_POLICY

    def __call__(self, request):
        response = self.get_response(request)
        if self.csp:
            response.headers.setdefault("Content-Security-Policy", self.csp)
        if self.permissions:
            response.headers.setdefault("Permissions-Policy", self.permissions)
        return response
