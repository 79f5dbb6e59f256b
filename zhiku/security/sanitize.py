"""Sanitising imported markup with nh3: the one place every reader and writer calls.

No Django here, so the ingest pipeline can use it. Three functions:

- ``clean_html(html)``: HTML that will be shown *as HTML*: a small allowlist of text tags,
  links only to http(s)/mailto, no attributes that run code or restyle the page;
- ``plain_text(value)``: a text field (titles, names, paragraphs: zhiku stores text, not HTML):
  tags removed, the bodies of script/style-like elements dropped, entities decoded;
- ``safe_url(url)``: an http(s) URL, or "" for anything else (``javascript:``, ``data:`` …).
"""

from __future__ import annotations

import html
import re
from urllib.parse import urlsplit

import nh3

#: Tags kept by ``clean_html``: structure and emphasis of running text, nothing that loads,
#: embeds, styles or runs anything.
ALLOWED_TAGS = frozenset(
    "a abbr b blockquote br cite code em h2 h3 h4 i li ol p pre q strong sub sup u ul".split()
)
#: Attributes kept per tag; everything else (on*, style, class, id, src …) goes.
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "q": {"cite"}}
#: Link schemes ``clean_html`` keeps; relative links are dropped too (an import has no base).
LINK_SCHEMES = frozenset({"http", "https", "mailto"})
#: Schemes ``safe_url`` accepts for a work's own URL.
URL_SCHEMES = frozenset({"http", "https"})
#: Elements removed together with their content: their text is code or furniture, not prose.
DROPPED_WITH_CONTENT = frozenset(
    "script style template noscript iframe frame frameset object embed applet svg math "
    "textarea select option head title".split()
)
#: How many decode passes ``plain_text`` makes: markup hidden behind entities
#: (``&lt;script&gt;``) surfaces after one decode; twice-encoded after two.
MAX_DECODE_PASSES = 3

_HTML_CLEANER = nh3.Cleaner(
    tags=set(ALLOWED_TAGS),
    clean_content_tags=set(DROPPED_WITH_CONTENT),
    attributes={tag: set(attrs) for tag, attrs in ALLOWED_ATTRIBUTES.items()},
    url_schemes=set(LINK_SCHEMES),
    link_rel="noopener noreferrer nofollow",
    strip_comments=True,
)
_TEXT_CLEANER = nh3.Cleaner(
    tags=set(),
    clean_content_tags=set(DROPPED_WITH_CONTENT),
    attributes={},
    strip_comments=True,
)
# Anything a browser could read as markup: a tag, comment, doctype or character reference.
_MARKUP = re.compile(r"<[A-Za-z!/?]|&(?:#[0-9]+|#[xX][0-9A-Fa-f]+|[A-Za-z][A-Za-z0-9]*);?")
_CONTROL = re.compile(r"[\x00-\x20\x7f]")


def has_markup(value: str) -> bool:
    """True when ``value`` contains something a browser would read as a tag or entity."""
    return bool(_MARKUP.search(value))


def clean_html(value: str) -> str:
    """``value`` as safe HTML: allowlisted tags and attributes only, safe links only."""
    return _HTML_CLEANER.clean(value)


def plain_text(value: str) -> str:
    """``value`` as plain text: tags removed, script/style bodies dropped, entities decoded.

    Text without markup is returned unchanged, so clean input is never rewritten.
    """
    if not has_markup(value):
        return value
    text = value
    for _ in range(MAX_DECODE_PASSES):
        decoded = html.unescape(_TEXT_CLEANER.clean(text))
        if decoded == text:
            break
        text = decoded
    if has_markup(text) and "<" in text:
        # Still markup after the last pass (nested encodings): drop what is left of tags.
        text = html.unescape(_TEXT_CLEANER.clean(text)).replace("<", "‹").replace(">", "›")
    return text.strip()


def safe_url(value: str) -> str:
    """``value`` when it is an absolute http(s) URL; "" otherwise."""
    url = value.strip()
    if not url or _CONTROL.search(url):
        return ""
    try:
        parts = urlsplit(url)
    except ValueError:
        return ""
    if parts.scheme.lower() not in URL_SCHEMES or not parts.netloc:
        return ""
    return url
