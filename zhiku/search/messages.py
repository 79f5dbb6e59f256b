"""What each query notice says to a reader, in the interface language."""

from __future__ import annotations

from django.utils.translation import gettext as _

from zhiku.search.query import MAX_QUERY_CHARS, Notice


def notice_message(notice: Notice) -> str:
    """The reader-facing message of a parser or search notice."""
    value = notice.value
    messages = {
        "query_truncated": _("Your query was long; only its first %(n)s characters were used.")
        % {"n": MAX_QUERY_CHARS},
        "query_too_long": _(
            "Your query has %(value)s characters, too many to search. Please shorten it: "
            "the first 500 characters are kept in the box."
        ),
        "unbalanced_quote": _("A quotation mark was not closed; the phrase runs to the end."),
        "empty_filter": _("The filter “%(value)s:” has no value and was ignored."),
        "unknown_type": _("There is no work type “%(value)s”; that filter was ignored."),
        "unknown_language": _("“%(value)s” is not a language code; that filter was ignored."),
        "unknown_unit": _("No unit is called “%(value)s”; that filter was ignored."),
        "unknown_person": _("No expert has the id “%(value)s”; that filter was ignored."),
        "bad_year": _("“%(value)s” is not a year or a range such as 2013..2016; ignored."),
        "nothing_searchable": _("Your query has nothing to search for (only symbols or emoji)."),
        "relaxed": _("Few works contain all your words; works with some of them follow."),
        "page_past_end": _("There are only %(value)s pages of results."),
        "page_too_deep": _("Results can be paged up to page %(value)s; refine your query."),
        "index_unavailable": _("Search is being prepared; please try again shortly."),
    }
    message = messages.get(notice.code, notice.code)
    return message % {"value": value} if "%(value)s" in message else message
