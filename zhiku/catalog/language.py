"""Which language a reader gets: the one they chose, else their browser's, else Chinese.

Chinese pages live at ``/…`` and English ones at ``/en/…``; an ``/en/`` URL always means
English. An unprefixed URL is where the choice is made:

- a reader who picked a language with the switch has the language cookie: its language wins;
- otherwise the browser's Accept-Language decides (``en`` first → redirected to ``/en/…``);
- otherwise (crawlers, no header) Chinese, the default.

The switch is a plain link to ``/language/<code>/?next=<page>``: it stores the choice in the
language cookie and redirects to the page in that language, without JavaScript.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpResponseRedirect
from django.urls import translate_url
from django.utils.cache import patch_vary_headers
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import (
    activate,
    get_language_from_path,
    get_supported_language_variant,
    override,
)
from django.utils.translation.trans_real import parse_accept_lang_header

#: Interfaces without /en/ twins whose language follows the reader's choice (cookie, browser).
UNPREFIXED_INTERFACES = ("/admin/",)


def preferred_language(request) -> str:
    """The language this reader asked for: cookie, then Accept-Language, then the default."""
    chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    codes = [chosen] if chosen else []
    accepted = parse_accept_lang_header(request.headers.get("Accept-Language", ""))
    codes += [code for code, _q in accepted]
    for code in codes:
        if code == "*":
            continue
        try:
            return get_supported_language_variant(code)
        except LookupError:
            continue
    return settings.LANGUAGE_CODE


class PreferredLanguageMiddleware:
    """Redirects an unprefixed page to its /en/ twin when the reader prefers English."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info.startswith(UNPREFIXED_INTERFACES):
            # The back office has one address per page: it follows the reader's choice directly
            # (LocaleMiddleware would otherwise pin every unprefixed URL to the default).
            request.LANGUAGE_CODE = preferred_language(request)
            activate(request.LANGUAGE_CODE)
            response = self.get_response(request)
            patch_vary_headers(response, ("Accept-Language", "Cookie"))
            return response
        localizable = request.method in ("GET", "HEAD") and not get_language_from_path(
            request.path_info
        )
        if localizable:
            language = preferred_language(request)
            if language != settings.LANGUAGE_CODE:
                with override(settings.LANGUAGE_CODE):  # the unprefixed URL is the default's
                    target = translate_url(request.get_full_path(), language)
                if target != request.get_full_path():
                    response = HttpResponseRedirect(target)
                    patch_vary_headers(response, ("Accept-Language", "Cookie"))
                    return response
        response = self.get_response(request)
        if localizable:
            patch_vary_headers(response, ("Accept-Language", "Cookie"))
        return response


def switch_language(request, code: str):
    """Store ``code`` as the reader's language and go to ``next`` in that language."""
    try:
        language = get_supported_language_variant(code)
    except LookupError:
        language = settings.LANGUAGE_CODE
    target = request.GET.get("next", "/")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = "/"
    # Resolve ``next`` in its own language (its prefix), then reverse it in the chosen one.
    with override(get_language_from_path(target) or settings.LANGUAGE_CODE):
        target = translate_url(target, language)
    response = HttpResponseRedirect(target)
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )
    return response
