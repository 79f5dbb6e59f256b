"""Template helpers of search: related works for a work page."""

import logging

from django import template

from zhiku.search.related import related_works as find_related

register = template.Library()
logger = logging.getLogger(__name__)


@register.simple_tag
def related_works(work, limit: int = 5) -> list[dict]:
    """Works like ``work`` (by its most distinctive terms); empty when search is unavailable."""
    try:
        return find_related(work.pk, limit=limit)
    except Exception:  # a work page must render even when the index cannot answer
        logger.exception("related works of %s failed", work.pk)
        return []
