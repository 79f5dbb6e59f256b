"""System checks of zhiku's own settings, run by ``zhiku check`` (``--deploy`` for production).

Django's ``security.W009`` judges a secret by its length and variety; zhiku's development secret
passes that and is published with the code, so ``check --deploy`` reports it here.
"""

from __future__ import annotations

from django.conf import settings
from django.core import checks


@checks.register(checks.Tags.security, deploy=True)
def development_secret(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    """zhiku.E001: the secret (or a fallback) is the published development secret."""
    published = getattr(settings, "ZHIKU_DEVELOPMENT_SECRET", "")
    keys = [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]
    if not published or not any(isinstance(k, str) and k.strip() == published for k in keys):
        return []
    return [
        checks.Error(
            "SECRET_KEY is zhiku's published development secret.",
            hint="Set ZHIKU_SECRET_KEY to a long random secret, e.g. from: "
            "python3 -c 'import secrets; print(secrets.token_urlsafe(50))'",
            id="zhiku.E001",
        )
    ]
