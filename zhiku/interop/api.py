"""The JSON API under /api/v1/: one NinjaAPI; each app contributes a router.

The OpenAPI schema is generated from the code at /api/v1/openapi.json (docs at /api/v1/docs).
"""

from ninja import NinjaAPI

from zhiku.search.api import router as search_router

api = NinjaAPI(
    title="zhiku API",
    version="1",
    description="Experts, works and units of a think tank, and search over them.",
    urls_namespace="api",
)
api.add_router("/search", search_router)
