"""URL map: localised pages (Chinese at /, English under /en/), admin, machine interfaces."""

from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from zhiku.catalog.language import switch_language
from zhiku.interop.api.root import api
from zhiku.ops.health import healthz

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("language/<str:code>/", switch_language, name="switch-language"),
    path("", include("zhiku.interop.urls")),
]
urlpatterns += i18n_patterns(
    path("", include("zhiku.catalog.urls")),
    path("search/", include("zhiku.search.urls")),
    prefix_default_language=False,
)
