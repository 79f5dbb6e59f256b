"""The catalog's own back office: units and sources.

Works and people are registered by ``editorial`` (``editorial/catalog_admin.py``), whose
behaviour their admins carry; import runs by ``ingest`` (``ingest/admin.py``).
"""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from zhiku.catalog.models import Source, Unit


class ChildUnitInline(admin.TabularInline):
    model = Unit
    fk_name = "parent"
    extra = 0
    fields = ["order", "name", "name_en", "kind", "slug"]
    verbose_name = _("sub-unit")
    verbose_name_plural = _("sub-units")


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ["name", "name_en", "kind", "parent", "order"]
    list_filter = ["kind", "parent"]
    search_fields = ["name", "name_en"]
    prepopulated_fields = {}
    autocomplete_fields = ["parent"]
    inlines = [ChildUnitInline]


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ["uri", "work", "person", "extractor", "import_run", "created"]
    list_filter = ["extractor"]
    search_fields = ["uri", "work__title", "person__name"]
    readonly_fields = [f.name for f in Source._meta.fields]

    def has_add_permission(self, request):
        return False
