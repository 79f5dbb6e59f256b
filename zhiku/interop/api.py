"""The JSON API under /api/v1/: one NinjaAPI; each app contributes a router.

The OpenAPI schema is generated from the code at /api/v1/openapi.json (docs at /api/v1/docs).
"""

from ninja import NinjaAPI

from zhiku.interop import api_people, api_units, api_works
from zhiku.interop.api_support import UTF8JSONRenderer, install_error_handlers

api = NinjaAPI(
    title="zhiku API",
    version="1",
    description="Experts, works and units of a think tank, and search over them.",
    urls_namespace="api",
    renderer=UTF8JSONRenderer(),
)
install_error_handlers(api)

api.add_router("/works", api_works.router)
api.add_router("/people", api_people.router)
api.add_router("/units", api_units.router)
