"""Revision history in the admin: the list, one revision's changes, and revert.

``RevisionAdminMixin`` goes before ``SimpleHistoryAdmin`` in a ModelAdmin's bases. The
history list links every revision to a page showing what it changed (a paragraph diff for long
text) and, for older revisions, what reverting to it would change, with the revert button.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zhiku.editorial.history import (
    RELATION_LABELS,
    REVERT_KEEPS,
    changes_between,
    reason_label,
    record_relations,
    revert,
)


def when(record) -> str:
    """The revision's time, local and formatted for the current language."""
    return date_format(localtime(record.history_date), "DATETIME_FORMAT")


class RevisionAdminMixin:
    object_history_list_template = "editorial/object_history_list.html"
    history_list_per_page = 50

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        view = self.admin_site.admin_view
        return [
            path(
                "<path:object_id>/history/<int:history_id>/changes/",
                view(self.revision_view),
                name="{}_{}_revision".format(*info),
            ),
            path(
                "<path:object_id>/history/<int:history_id>/revert/",
                view(require_POST(self.revert_view)),
                name="{}_{}_revert".format(*info),
            ),
            *super().get_urls(),
        ]

    def save_model(self, request, obj, form, change):
        if change and not form.has_changed():
            # Saved without touching a field (an inline changed, or nothing): no revision yet;
            # save_related makes one if an inline changed.
            obj.skip_history_when_saving = True
        try:
            super().save_model(request, obj, form, change)
        finally:
            obj.__dict__.pop("skip_history_when_saving", None)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # The revision keeps the inlines as saved (authors, positions, featured works).
        record_relations(form.instance, revision_made=not change or form.has_changed())

    def _revision(self, request, object_id, history_id):
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            raise Http404(_("No such object."))
        if not self.has_view_permission(request, obj):
            raise PermissionDenied
        record = get_object_or_404(obj.history.all(), history_id=history_id)
        return obj, record

    def revision_view(self, request, object_id, history_id):
        """What revision ``history_id`` changed; what reverting to it would change now."""
        obj, record = self._revision(request, object_id, history_id)
        latest = obj.history.first()
        is_latest = latest.history_id == record.history_id
        undo = [] if is_latest else changes_between(latest, record)
        undo = [change for change in undo if change.name not in REVERT_KEEPS]
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "object": obj,
            "record": record,
            "reason": reason_label(record.history_change_reason),
            "changes": changes_between(record.prev_record, record),
            "is_latest": is_latest,
            "revert_changes": undo,
            "can_revert": bool(undo) and self.has_change_permission(request, obj),
            "title": _("Revision of %(date)s") % {"date": when(record)},
        }
        return TemplateResponse(request, "editorial/revision.html", context)

    def revert_view(self, request, object_id, history_id):
        obj, record = self._revision(request, object_id, history_id)
        if not self.has_change_permission(request, obj):
            raise PermissionDenied
        changed = revert(record, request=request)
        if changed:
            labels = [
                str(RELATION_LABELS.get(name) or self.opts.get_field(name).verbose_name)
                for name in changed
            ]
            messages.success(
                request,
                _("Restored from the revision of %(date)s: %(fields)s.")
                % {"date": when(record), "fields": ", ".join(labels)},
            )
        else:
            messages.info(request, _("Nothing to restore: the content is already the same."))
        info = self.opts.app_label, self.opts.model_name
        return HttpResponseRedirect(reverse("admin:{}_{}_change".format(*info), args=[obj.pk]))
