"""The JSON API under /api/v1/: one NinjaAPI; each app contributes a router.

The OpenAPI schema is generated from the code at /api/v1/openapi.json (docs at /api/v1/docs).
"""

from typing import Any

from ninja import NinjaAPI
from ninja.parser import Parser

from zhiku.interop.api import people, search, units, works
from zhiku.interop.api.support import UTF8JSONRenderer, install_error_handlers

#: What every operation may also answer: the per-client rate limit (zhiku.security.ratelimit)
#: refuses before the view runs, so the views' own schemas cannot declare it.
RATE_LIMITED = {
    "description": "Too many requests from this client; retry after the given seconds.",
    "headers": {"Retry-After": {"description": "seconds to wait", "schema": {"type": "integer"}}},
    "content": {
        "application/json": {
            "schema": {
                "type": "object",
                "properties": {
                    "detail": {"type": "string"},
                    "retry_after": {"type": "integer"},
                },
                "required": ["detail", "retry_after"],
            }
        }
    },
}


#: Operation ids are public (clients generate code from them) and were made from the module a
#: view lived in: they keep the names of the modules before the API became a package.
OPERATION_ID_MODULES = {
    "zhiku.interop.api.works": "zhiku.interop.api_works",
    "zhiku.interop.api.people": "zhiku.interop.api_people",
    "zhiku.interop.api.units": "zhiku.interop.api_units",
    "zhiku.interop.api.search": "zhiku.search.api",
}


class ZhikuAPI(NinjaAPI):
    def get_openapi_operation_id(self, operation: Any) -> str:
        module = operation.view_func.__module__
        name = f"{OPERATION_ID_MODULES.get(module, module)}_{operation.view_func.__name__}"
        return name.replace(".", "_")

    def get_openapi_schema(self, *args: Any, **kwargs: Any) -> Any:
        schema = super().get_openapi_schema(*args, **kwargs)
        for operations in schema.get("paths", {}).values():
            for operation in operations.values():
                operation.setdefault("responses", {}).setdefault("429", RATE_LIMITED)
        return schema


class OneValueParser(Parser):
    """A parameter that takes one value but is given several times (``?page=1&page=2``) is
    refused with a 400 naming it, rather than silently read as its last value."""

    def parse_querydict(self, data, list_fields, request):
        result = {}
        for key in data:
            values = data.getlist(key)
            result[key] = values if key in list_fields or len(values) > 1 else values[0]
        return result


api = ZhikuAPI(
    title="zhiku API",
    version="1",
    description="Experts, works and units of a think tank, and search over them.",
    urls_namespace="api",
    renderer=UTF8JSONRenderer(),
    parser=OneValueParser(),
)
install_error_handlers(api)

api.add_router("/works", works.router)
api.add_router("/people", people.router)
api.add_router("/units", units.router)
api.add_router("/search", search.router)
api.add_router("/suggest", search.suggest_router)
