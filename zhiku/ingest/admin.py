"""The import in the admin: editors upload files on the ImportRun pages and read the report there.

``ImportRunUploadMixin`` is mixed into ``ImportRunAdmin`` (registered here, by ingest). An
upload is limited in size (``ZHIKU_MAX_UPLOAD_MB``, enforced while the request body is read, so
an oversized file is never stored) and checked by extension and by content
(``pipeline.upload_problem``, from each reader format's ``upload_check``:
``readers/registry.py``); accepted files run through the same import as ``zhiku ingest``, then
are deleted (the catalog and the report keep what came of them).
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.defaultfilters import filesizeformat
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.decorators import method_decorator
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from django.views.decorators.csrf import csrf_exempt, csrf_protect

from zhiku.catalog.models import ImportRun
from zhiku.ingest.load import ingest_paths
from zhiku.ingest.pipeline import upload_problem
from zhiku.ingest.read import read_head
from zhiku.ingest.readers import registry


class SizeLimitUploadHandler(FileUploadHandler):
    """Stops reading the request once its files pass ``limit`` bytes (nothing is kept)."""

    def __init__(self, request: HttpRequest, limit: int) -> None:
        super().__init__(request)
        self.limit, self.total = limit, 0
        request.upload_too_large = False  # type: ignore[attr-defined]

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes | None:
        self.total += len(raw_data)
        if self.total > self.limit:
            self.request.upload_too_large = True  # type: ignore[union-attr]
            raise StopUpload(connection_reset=False)
        return raw_data

    def file_complete(self, file_size: int) -> None:
        return None


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """A file field that takes several files (Django's documented pattern)."""

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        return (
            [single(d, initial) for d in data]
            if isinstance(data, list | tuple)
            else [single(data, initial)]
        )


class UploadForm(forms.Form):
    files = MultipleFileField(
        label=gettext_lazy("files"),
        allow_empty_file=True,  # reported by name with the other checks, below
        help_text=gettext_lazy("Pages (.txt, .html), JSON Lines, CSV of people, BibTeX, RIS."),
    )
    dry_run = forms.BooleanField(
        label=gettext_lazy("dry run"),
        required=False,
        help_text=gettext_lazy("Show what would change, write nothing."),
    )


#: Who may upload files to import: editors and administrators (their roles grant it).
IMPORT_PERMISSION = "catalog.import_records"


def may_import(request: HttpRequest) -> bool:
    return request.user.has_perm(IMPORT_PERMISSION)


class ImportRunUploadMixin:
    """Adds "Upload files" to the ImportRun admin and shows each run's report as a table."""

    change_list_template = "admin/ingest/importrun_change_list.html"

    def get_urls(self):
        upload = self.admin_site.admin_view(self.upload_entry)  # type: ignore[attr-defined]
        return [path("upload/", upload, name="ingest_importrun_upload"), *super().get_urls()]  # type: ignore[misc]

    @method_decorator(csrf_exempt)
    def upload_entry(self, request: HttpRequest) -> HttpResponse:
        # The size limit must be in place before anything reads the body, CSRF included:
        # so the CSRF check runs after it, in ``upload_view``.
        limit = settings.ZHIKU_UPLOAD_MAX_BYTES
        request.upload_handlers.insert(0, SizeLimitUploadHandler(request, limit))
        return self.upload_view(request)

    @method_decorator(csrf_protect)
    def upload_view(self, request: HttpRequest) -> HttpResponse:
        if not may_import(request):
            return HttpResponse(status=403)
        form = UploadForm(request.POST or None, request.FILES or None)
        problems: list[str] = []
        if request.method == "POST":
            if getattr(request, "upload_too_large", False):
                problems.append(
                    _("The upload is larger than the limit of %(size)s.")
                    % {"size": filesizeformat(settings.ZHIKU_UPLOAD_MAX_BYTES)}
                )
            elif form.is_valid():
                response = self._import(request, form.cleaned_data["files"], form, problems)
                if response is not None:
                    return response
        context = {
            **self.admin_site.each_context(request),  # type: ignore[attr-defined]
            "opts": self.model._meta,  # type: ignore[attr-defined]
            "title": _("Import files"),
            "form": form,
            "problems": problems,
            "accepted": ", ".join(registry.suffixes()),
            "limit": filesizeformat(settings.ZHIKU_UPLOAD_MAX_BYTES),
        }
        return TemplateResponse(request, "admin/ingest/importrun_upload.html", context)

    def _import(self, request, uploads, form, problems) -> HttpResponse | None:
        folder = Path(tempfile.mkdtemp(prefix="upload-", dir=_uploads_dir()))
        try:
            saved: dict[Path, str] = {}
            for upload in uploads:
                name = Path(upload.name).name
                target = folder / f"{len(saved):03d}-{get_valid_filename(name)}"
                with target.open("wb") as out:
                    for chunk in upload.chunks():
                        out.write(chunk)
                problem = upload_problem(name, read_head(target))
                if problem:
                    problems.append(f"{name}: {problem}")
                else:
                    saved[target] = name
            if problems:
                return None
            run = ingest_paths(
                sorted(saved),
                dry_run=form.cleaned_data["dry_run"],
                user=request.user.get_username(),
                uri_for=lambda p: f"upload:{saved[p]}",
            )
        finally:
            shutil.rmtree(folder, ignore_errors=True)
        if form.cleaned_data["dry_run"]:
            context = {
                **self.admin_site.each_context(request),  # type: ignore[attr-defined]
                "opts": self.model._meta,  # type: ignore[attr-defined]
                "title": _("Dry run: nothing was written"),
                "run": run,
                "report": report_html(run.report),
            }
            return TemplateResponse(request, "admin/ingest/importrun_dry_run.html", context)
        level = messages.WARNING if run.failed else messages.SUCCESS
        messages.add_message(
            request,
            level,
            _("Import finished: %(created)s created, %(updated)s updated, %(failed)s failed.")
            % {"created": run.created, "updated": run.updated, "failed": run.failed},
        )
        return HttpResponseRedirect(reverse("admin:catalog_importrun_change", args=[run.pk]))

    @admin.display(description=pgettext_lazy("import run", "report"))
    def report_view(self, obj) -> str:
        return report_html(obj.report)


def report_html(report: dict) -> str:
    """The report of a run as an HTML table (every value escaped)."""
    from django.template.loader import render_to_string

    return render_to_string(
        "admin/ingest/import_report.html",
        {"inputs": report.get("inputs", []), "interrupted": report.get("interrupted")},
    )


def _uploads_dir() -> Path:
    folder = Path(settings.DATA_DIR) / "uploads"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@admin.register(ImportRun)
class ImportRunAdmin(ImportRunUploadMixin, admin.ModelAdmin):
    list_display = [
        "pk",
        "started",
        "state",
        "dry_run",
        "created",
        "updated",
        "unchanged",
        "failed",
    ]
    list_filter = ["state", "dry_run"]
    readonly_fields = [f.name for f in ImportRun._meta.fields if f.name != "report"] + [
        "report_view"
    ]
    exclude = ["report"]

    def has_add_permission(self, request):
        return False

    def changelist_view(self, request, extra_context=None):
        ImportRun.objects.close_interrupted()  # a killed import shows as such, not "running"
        extra_context = {**(extra_context or {}), "may_import": may_import(request)}
        return super().changelist_view(request, extra_context)
