"""The glossary in the admin: editors add, change and retire groups of equivalent terms.

Registered here, by the search app, with a plain ModelAdmin: ``search`` may not import
``editorial`` (tests/unit/test_layers.py). An edit takes effect in every process within
``glossary.CHECK_SECONDS`` and needs no reindex (expansion is query-time only).
"""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from zhiku.search.models import GlossaryEntry


@admin.register(GlossaryEntry)
class GlossaryEntryAdmin(admin.ModelAdmin):
    list_display = ["summary", "weight", "active", "note", "updated"]
    list_editable = ["weight", "active"]
    list_filter = ["active"]
    search_fields = ["terms", "note"]
    fields = ["terms", "weight", "active", "note"]

    @admin.display(description=_("terms"), ordering="terms")
    def summary(self, obj):
        return str(obj)
