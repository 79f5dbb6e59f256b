"""Parsing an HTML page robustly, and dating it when its labels and markup do not."""

from __future__ import annotations

import re

from lxml import html as lxml_html


def parse_page(text: str) -> lxml_html.HtmlElement:
    """The page's tree. libxml2 stops at 256 levels of nesting and drops what lies deeper, so
    a page whose tree holds much less text than its markup is parsed again without that limit
    (``huge_tree``) rather than read as empty."""
    tree = lxml_html.document_fromstring(text)
    if len(tree.text_content()) * LOST_TEXT_RATIO < len(_visible(text)):
        deep = lxml_html.document_fromstring(text, parser=_DEEP_PARSER)
        if len(deep.text_content()) > len(tree.text_content()):
            return deep
    return tree


_DEEP_PARSER = lxml_html.HTMLParser(huge_tree=True)
#: A tree keeping less than 1/LOST_TEXT_RATIO of the page's visible text lost what was nested
#: too deep.
LOST_TEXT_RATIO = 4


def _visible(text: str) -> str:
    """The page's text without tags, scripts and styles (a rough measure, for ``parse_page``)."""
    text = re.sub(r"<(script|style)\b.*?</\1\s*>", " ", text, flags=re.I | re.S)
    return re.sub(r"\s+", "", re.sub(r"<[^>]*>", " ", text))


def page_date(text: str) -> str | None:
    """The publication date htmldate finds in the page (its markup, URL patterns and text),
    for a page whose labels and metadata named none."""
    import htmldate  # here, not at the top: web processes import this module, never use it

    try:
        found = htmldate.find_date(
            text, original_date=True, extensive_search=HTMLDATE_EXTENSIVE, outputformat="%Y-%m-%d"
        )
    except (ValueError, TypeError):
        return None
    return found or None


#: Whether htmldate may look at every date in the text (not only the markup and the patterns
#: of publication dates): measured on the development half, see docs/ingest.md.
HTMLDATE_EXTENSIVE = False
