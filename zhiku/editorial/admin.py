"""The audit log in the admin (read-only, filterable, never editable or deletable), and the
admins of works and people (``catalog_admin.py``), which carry the editorial layer."""

from django.conf import settings
from django.contrib import admin
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

# registers accounts without escalation, and PersonAdmin, WorkAdmin
from zhiku.editorial import accounts_admin, catalog_admin  # noqa: F401
from zhiku.editorial.models import AuditEntry

admin.site.site_header = format_lazy("{} · {}", settings.ZHIKU_SITE_NAME, _("back office"))
admin.site.site_title = admin.site.site_header
admin.site.index_title = _("Editing")


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = ["time", "action", "actor_name", "target_repr", "ip", "detail_summary"]
    list_filter = ["action", ("time", admin.DateFieldListFilter), "target_type"]
    search_fields = ["actor_name", "target_repr", "ip"]
    date_hierarchy = "time"
    list_select_related = ["target_type"]
    readonly_fields = [f.name for f in AuditEntry._meta.fields]

    @admin.display(description=_("detail"))
    def detail_summary(self, obj):
        return "; ".join(f"{key}: {value}" for key, value in obj.detail.items())

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
