"""What every API router shares: JSON errors, pagination with next links, conditional GETs."""

from __future__ import annotations

import hashlib
import json
import re
from typing import Annotated, Any

from django.db import DatabaseError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.cache import get_conditional_response
from django.utils.http import http_date, quote_etag
from ninja import NinjaAPI, Schema
from ninja.errors import HttpError, ValidationError
from ninja.renderers import JSONRenderer
from pydantic import BeforeValidator

from zhiku.errors import database_unavailable_json

#: Results per page unless the client asks (page_size), and the most it may ask for.
DEFAULT_PAGE_SIZE = 20
MAX_PAGE_SIZE = 100
#: The largest id the databases store (a signed 64-bit integer).
MAX_ID = 2**63 - 1


def _whole_number(value: Any) -> Any:
    """A query or path value given for an integer must be written as one: ``2``, not ``2.0``
    (pydantic would read "2.0" as 2, and a client that sent it meant something else)."""
    if isinstance(value, str) and not _WHOLE.fullmatch(value):
        raise ValueError("must be a whole number written with the digits 0-9, like 2")
    return value


_WHOLE = re.compile(r"\s*[+-]?[0-9]+\s*")
#: ``int`` for parameters: strict about how the number is written, as the schema says.
WholeNumber = Annotated[int, BeforeValidator(_whole_number)]
#: An optional one: the check wraps the union, so ``Query(None, ge=…)`` bounds stay in the schema.
OptionalWholeNumber = Annotated[int | None, BeforeValidator(_whole_number)]


class UTF8JSONRenderer(JSONRenderer):
    """JSON with Chinese as UTF-8 text rather than \\u escapes: readable in curl, half the size."""

    media_type = "application/json; charset=utf-8"
    json_dumps_params = {"ensure_ascii": False}


class ParameterError(Schema):
    parameter: str
    location: str
    message: str


class Error(Schema):
    """A JSON error: ``detail`` says what was wrong; ``errors`` names each bad parameter."""

    detail: str
    errors: list[ParameterError] = []


class Gone(Schema):
    """A withdrawn work: its id stays reserved and says why it went."""

    detail: str
    withdrawn_reason: str


def error(status: int, detail: str, parameter: str = "", location: str = "query") -> JsonResponse:
    """A JSON error response, naming the parameter when one is at fault."""
    errors = (
        [{"parameter": parameter, "location": location, "message": detail}] if parameter else []
    )
    return JsonResponse(
        {"detail": detail, "errors": errors},
        status=status,
        json_dumps_params={"ensure_ascii": False},
    )


def _validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    errors = []
    for item in exc.errors:
        loc = [str(part) for part in item.get("loc", ())]
        location = loc[0] if loc else "query"
        # ninja nests parameters under their source model: ("query", "page") or ("path", "id")
        parameter = loc[-1] if len(loc) > 1 else location
        errors.append({"parameter": parameter, "location": location, "message": item["msg"]})
    names = ", ".join(dict.fromkeys(e["parameter"] for e in errors)) or "request"
    return error_response({"detail": f"Invalid parameter: {names}", "errors": errors}, 400)


def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    return error_response({"detail": str(exc), "errors": []}, exc.status_code)


def error_response(body: dict[str, Any], status: int) -> JsonResponse:
    return JsonResponse(body, status=status, json_dumps_params={"ensure_ascii": False})


def install_error_handlers(api: NinjaAPI) -> None:
    """Make the API answer bad parameters with 400 and a JSON body naming them, and a database
    it cannot use with 503 and a JSON body (ninja's own handler would give a 500 with DEBUG on,
    and the pages' HTML 503 with it off)."""
    api.add_exception_handler(ValidationError, _validation_error)
    api.add_exception_handler(HttpError, _http_error)
    api.add_exception_handler(DatabaseError, database_unavailable_json)


def page_of(request: HttpRequest, items, page: int, page_size: int, serialize) -> dict[str, Any]:
    """One page of a stably ordered queryset: count, absolute next/previous links, results.

    Raises HttpError(404) for a page past the last one.
    """
    count = items.count()
    start = (page - 1) * page_size
    if start >= count and page > 1:
        last = max(1, -(-count // page_size))
        raise HttpError(404, f"page: there is no page {page}; the last is {last}")
    results = [serialize(obj) for obj in items[start : start + page_size]]

    def link(number: int) -> str:
        query = request.GET.copy()
        query["page"] = str(number)
        return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")

    return {
        "count": count,
        "next": link(page + 1) if start + page_size < count else None,
        "previous": link(page - 1) if page > 1 else None,
        "results": results,
    }


def conditional(
    request: HttpRequest, response: HttpResponse, payload: Any, last_modified: float | None
) -> HttpResponse | None:
    """Set ETag (from the payload) and Last-Modified; a 304 when the client is up to date."""
    body = json.dumps(payload, sort_keys=True, default=str, ensure_ascii=False)
    etag = quote_etag(hashlib.sha256(body.encode()).hexdigest()[:32])
    not_modified = get_conditional_response(
        request, etag=etag, last_modified=int(last_modified) if last_modified else None
    )
    if not_modified is not None:
        return not_modified
    response["ETag"] = etag
    if last_modified:
        response["Last-Modified"] = http_date(last_modified)
    return None
