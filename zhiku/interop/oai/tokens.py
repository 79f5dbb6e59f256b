"""OAI-PMH resumption tokens: the state of an incomplete list, signed so it cannot be forged.

A token carries everything needed to continue (verb, format, from/until, set, the last id sent,
the cursor and the complete size) so the server keeps no session. It is signed with the site's
secret and expires after ``ZHIKU_OAI_TOKEN_HOURS``; a forged, altered, expired or misused token
is answered with ``badResumptionToken``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass

from django.conf import settings
from django.core import signing

SALT = "zhiku.oai.resumption-token"


class BadToken(ValueError):
    """A token this repository cannot continue from; the message says why."""


@dataclass(frozen=True)
class ListState:
    """Where a ListIdentifiers/ListRecords harvest stands."""

    verb: str
    prefix: str
    frm: str | None  # the request's from/until as given (their granularity matters)
    until: str | None
    set: str | None
    cutoff: float  # the harvest's upper bound on datestamps (UTC epoch seconds), fixed at start
    after: int  # the last work id already sent
    cursor: int  # how many records were sent before this page
    size: int  # completeListSize when the harvest started


def lifetime() -> dt.timedelta:
    return dt.timedelta(hours=getattr(settings, "ZHIKU_OAI_TOKEN_HOURS", 24))


def encode(state: ListState) -> str:
    """The signed, URL-safe token for ``state``."""
    return signing.dumps(asdict(state), salt=SALT, compress=True)


def decode(token: str, verb: str) -> ListState:
    """The state a token carries; BadToken when it is forged, expired or for another verb."""
    try:
        data = signing.loads(token, salt=SALT, max_age=lifetime())
    except signing.SignatureExpired as exc:
        raise BadToken("The resumptionToken has expired; start the list again.") from exc
    except signing.BadSignature as exc:
        raise BadToken("The resumptionToken was not issued by this repository.") from exc
    try:
        state = ListState(**data)
    except TypeError as exc:
        raise BadToken("The resumptionToken is from an older version of this repository.") from exc
    if state.verb != verb:
        raise BadToken(f"The resumptionToken belongs to {state.verb}, not {verb}.")
    return state
