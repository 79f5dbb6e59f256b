"""Showing an email address to people but not to plain scrapers, without any script.

The address is written with ``&#64;``/``&#46;`` character references (no literal
``name@host.tld`` in the HTML for a regex to find), and hidden decoy text is placed inside it
(``display:none`` by the site stylesheet, ``aria-hidden``): a scraper that takes the page's
text gets ``…nospam…@….invalid``, which bounces, while a browser shows, and copies, the real
address. Screen readers skip the decoys too.
"""

from __future__ import annotations

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

#: Hidden text put inside the address; ``.invalid`` is a reserved, never-resolving TLD.
DECOY_LOCAL = "nospam"
DECOY_DOMAIN = ".invalid"


def _decoy(text: str) -> str:
    return f'<span class="zk-x" aria-hidden="true">{escape(text)}</span>'


def _encoded(text: str) -> str:
    """``text`` escaped, with @ and . as numeric character references."""
    return escape(text).replace("@", "&#64;").replace(".", "&#46;")


def protect_email(address: str) -> SafeString:
    """HTML that shows ``address`` in a browser but not to text or regex scrapers."""
    local, _sep, domain = address.strip().partition("@")
    if not local or not domain:
        return mark_safe("")
    cut = max(1, len(local) // 2)
    html = (
        '<span class="email">'
        f"{_encoded(local[:cut])}{_decoy(DECOY_LOCAL)}{_encoded(local[cut:])}"
        f"&#64;{_encoded(domain)}{_decoy(DECOY_DOMAIN)}"
        "</span>"
    )
    return mark_safe(html)  # noqa: S308 (every piece is escaped above)
