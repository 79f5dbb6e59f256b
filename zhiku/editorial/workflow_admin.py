"""The workflow in the admin: a status panel with the allowed steps, their confirmation page
(which, before publishing, shows what changed since the last published version), bulk publish
and withdraw, and the per-object rules for researchers (own profile, own draft works).
"""

from __future__ import annotations

from django.contrib import admin, messages
from django.contrib.admin import actions as site_actions
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zhiku.catalog import access
from zhiku.catalog.models import Authorship, Person, Work
from zhiku.editorial import permissions, workflow
from zhiku.editorial.forms import TransitionForm, WithdrawActionForm
from zhiku.editorial.history import changes_between, record_relations

#: Statuses a reader or harvester has seen: such a work is withdrawn, never deleted.
PUBLIC_STATUSES = (Work.Status.PUBLISHED, Work.Status.WITHDRAWN)
#: Fields nobody edits in the work form: the workflow steps set them.
WORKFLOW_FIELDS = ("status", "withdrawn_reason")


class WorkflowAdminMixin:
    """For WorkAdmin: workflow steps, bulk actions, and researchers' own-works rule."""

    change_form_template = "editorial/work_change_form.html"
    actions = ["publish_selected", "withdraw_selected", "delete_selected"]

    # --- who sees and edits what -------------------------------------------------------------

    def get_queryset(self, request):
        return permissions.visible_works(request.user, super().get_queryset(request))

    def has_change_permission(self, request, obj=None):
        if obj is None:
            return super().has_change_permission(request)
        return permissions.may_change_work(request.user, obj)

    def has_delete_permission(self, request, obj=None):
        if not super().has_delete_permission(request, obj):
            return False
        if obj is not None and obj.status in PUBLIC_STATUSES:
            return False  # once public, a work is withdrawn (a tombstone), never deleted
        return obj is None or not access.is_restricted(request.user, Work)

    def has_publish_permission(self, request):
        return request.user.has_perm(workflow.PUBLISH_PERMISSION)

    def get_readonly_fields(self, request, obj=None):
        fields = [*super().get_readonly_fields(request, obj), *WORKFLOW_FIELDS]
        if access.is_restricted(request.user, Work):
            fields += ["external_id"]
        return fields

    def save_model(self, request, obj, form, change):
        if not change:
            obj.status = Work.Status.DRAFT  # whatever the form said: new works start as drafts
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        person = permissions.own_person(request.user)
        work = form.instance
        if (
            person is not None
            and access.is_restricted(request.user, Work)
            and not work.authorships.filter(person=person).exists()
        ):
            # A researcher's new work is theirs: without this they could not open it again.
            Authorship.objects.create(
                work=work,
                person=person,
                name_as_written=person.name,
                order=work.authorships.count(),
            )
            record_relations(work, revision_made=True)

    # --- the status panel and its steps --------------------------------------------------

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None:
            context["workflow_steps"] = workflow.available(request.user, obj)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path(
                "<path:object_id>/workflow/<str:step>/",
                self.admin_site.admin_view(self.workflow_view),
                name="{}_{}_workflow".format(*info),
            ),
            *super().get_urls(),
        ]

    def workflow_view(self, request, object_id, step):
        """Confirm one workflow step (GET), then apply it (POST)."""
        work = self.get_object(request, unquote(object_id))
        if work is None:
            raise Http404(_("No such work."))
        if not self.has_view_permission(request, work):
            raise PermissionDenied
        try:
            transition = workflow.check(request.user, work, step)
        except workflow.TransitionError as exc:
            messages.error(request, str(exc))
            return self._to_change_page(work)
        form = TransitionForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                workflow.apply(
                    request.user, work, step, reason=form.cleaned_data["reason"], request=request
                )
            except workflow.TransitionError as exc:
                form.add_error("reason", str(exc))
            else:
                messages.success(
                    request,
                    _("“%(work)s”: %(step)s done.") % {"work": work, "step": transition.label},
                )
                return self._to_change_page(work)
        last_published = work.history.filter(status=Work.Status.PUBLISHED).first()
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "object": work,
            "transition": transition,
            "form": form,
            "title": f"{transition.label}: {work}",
            "since_published": changes_between(last_published, work.history.first())
            if step == "publish"
            else None,
            "ever_published": last_published is not None,
        }
        return TemplateResponse(request, "editorial/workflow_step.html", context)

    def _to_change_page(self, work):
        info = self.opts.app_label, self.opts.model_name
        return HttpResponseRedirect(reverse("admin:{}_{}_change".format(*info), args=[work.pk]))

    # --- bulk actions ----------------------------------------------------------------------

    @admin.action(permissions=["publish"], description=gettext_lazy("Publish selected works"))
    def publish_selected(self, request, queryset):
        self._bulk(request, queryset, "publish", "")

    @admin.action(permissions=["publish"], description=gettext_lazy("Withdraw selected works"))
    def withdraw_selected(self, request, queryset):
        form = WithdrawActionForm(request.POST if "apply" in request.POST else None)
        if form.is_valid():
            self._bulk(request, queryset, "withdraw", form.cleaned_data["reason"])
            return None
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "works": queryset,
            "selected": request.POST.getlist(admin.helpers.ACTION_CHECKBOX_NAME),
            "form": form,
            "title": _("Withdraw works"),
        }
        return TemplateResponse(request, "editorial/withdraw_selected.html", context)

    @admin.action(permissions=["delete"], description=gettext_lazy("Delete selected drafts"))
    def delete_selected(self, request, queryset):
        """Django's bulk delete, for drafts and works in review only: readers and harvesters
        keep a public work's address (OAI-PMH ``deletedRecord`` is persistent), so it is
        withdrawn instead."""
        public = list(queryset.filter(status__in=PUBLIC_STATUSES).values_list("title", flat=True))
        if public:
            messages.error(
                request,
                _(
                    "Nothing was deleted: %(count)d of the selected works are published or "
                    "withdrawn (%(titles)s). Withdraw a published work instead, so that its "
                    "address and harvested record stay."
                )
                % {"count": len(public), "titles": _some(public)},
            )
            return None
        return site_actions.delete_selected(self, request, queryset)

    def _bulk(self, request, queryset, step: str, reason: str) -> None:
        done, refused = 0, []
        for work in queryset:
            try:
                workflow.apply(request.user, work, step, reason=reason, request=request)
                done += 1
            except workflow.TransitionError as exc:
                refused.append(f"“{work}”: {exc}")
        if done:
            messages.success(request, _("%(count)d work(s) done.") % {"count": done})
        for line in refused:
            messages.warning(request, line)


class ProfileAdminMixin:
    """For PersonAdmin: researchers see and edit only the profile linked to their account."""

    def get_queryset(self, request):
        return permissions.visible_people(request.user, super().get_queryset(request))

    def has_change_permission(self, request, obj=None):
        if obj is None:
            return super().has_change_permission(request)
        return permissions.may_change_person(request.user, obj)

    def has_delete_permission(self, request, obj=None):
        if not super().has_delete_permission(request, obj):
            return False
        return not access.is_restricted(request.user, Person)

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not request.user.has_perm("auth.change_user"):
            fields.append("user")  # linking an account grants rights: administrators only
        if access.is_restricted(request.user, Person):
            fields += ["slug", "name_en_generated"]
        return fields


def _some(titles: list[str], shown: int = 3) -> str:
    return "、".join(titles[:shown]) + ("…" if len(titles) > shown else "")
