"""The back office of works and people: search, filters, ordered inlines and the editorial layer.

Registered by ``editorial`` (imported from ``editorial/admin.py``) because these admins carry its
behaviour: revision history with diff and revert, the draft → review → published workflow, and
the researcher's own-records rule. Units and sources are registered by the catalog itself
(``catalog/admin.py``), import runs by ``ingest`` (``ingest/admin.py``).
"""

from django import forms
from django.contrib import admin
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from zhiku.catalog.adminsearch import people_matching
from zhiku.catalog.models import Authorship, Person, Position, Source, Work
from zhiku.editorial.forms import AuthorshipFormSet, FeaturedWorkInline, TitleInput
from zhiku.editorial.revisions_admin import RevisionAdminMixin
from zhiku.editorial.workflow_admin import ProfileAdminMixin, WorkflowAdminMixin


class PositionInline(admin.TabularInline):
    model = Position
    extra = 0
    autocomplete_fields = ["unit"]
    fields = ["order", "unit", "role", "start_date", "end_date"]
    ordering = ["order"]


class AuthorshipInline(admin.TabularInline):
    model = Authorship
    formset = AuthorshipFormSet
    extra = 0
    autocomplete_fields = ["person"]
    fields = ["order", "name_as_written", "person", "role", "featured"]
    ordering = ["order"]


class SourceInline(admin.TabularInline):
    model = Source
    extra = 0
    can_delete = False
    fields = ["uri", "extractor", "import_run", "created"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


class PersonForm(forms.ModelForm):
    class Meta:
        model = Person
        fields = "__all__"  # noqa: DJ007 (the admin's fieldsets choose what is shown)
        widgets = {"title": TitleInput}


@admin.register(Person)
class PersonAdmin(ProfileAdminMixin, RevisionAdminMixin, SimpleHistoryAdmin):
    form = PersonForm
    list_display = ["name", "name_en", "title", "unit_list", "updated"]
    list_filter = ["title", "positions__unit", "email_public"]
    search_fields = ["name", "name_en", "email", "slug"]
    inlines = [PositionInline, FeaturedWorkInline, SourceInline]
    readonly_fields = ["created", "updated"]

    def get_search_results(self, request, queryset, search_term):
        queryset, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        matched = people_matching(search_term)
        if matched is not None:
            queryset |= self.get_queryset(request).filter(pk__in=matched.values("pk"))
        return queryset, may_have_duplicates

    @admin.display(description=_("units"))
    def unit_list(self, obj):
        return "、".join(p.unit.name for p in obj.positions.all())

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("positions__unit")


class YearListFilter(admin.SimpleListFilter):
    title = _("year")
    parameter_name = "year"

    def lookups(self, request, model_admin):
        years = Work.objects.dates("date", "year", order="DESC")
        return [(d.year, d.year) for d in years]

    def queryset(self, request, queryset):
        return queryset.filter(date__year=self.value()) if self.value() else queryset


class NeedsReviewFilter(admin.SimpleListFilter):
    """Imported works kept as drafts because their page's evidence was weak."""

    title = _("import review")
    parameter_name = "needs_review"

    def lookups(self, request, model_admin):
        return [("yes", _("needs review after import"))]

    def queryset(self, request, queryset):
        return queryset.exclude(review_note="") if self.value() == "yes" else queryset


@admin.register(Work)
class WorkAdmin(WorkflowAdminMixin, RevisionAdminMixin, SimpleHistoryAdmin):
    # A link typed without a scheme is https (Django 6's default; says so explicitly now).
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = ["title", "author_list", "type", "language", "date", "status"]
    list_filter = [
        "status",
        NeedsReviewFilter,
        "type",
        "language",
        YearListFilter,
        "authorships__person__positions__unit",
    ]
    search_fields = [
        "title",
        "title_en",
        "external_id",
        "authorships__name_as_written",
        "authorships__person__name_en",
    ]
    date_hierarchy = "date"
    inlines = [AuthorshipInline, SourceInline]
    autocomplete_fields = ["translation_of"]
    readonly_fields = ["created", "updated", "content_hash", "review_note"]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "title",
                    "title_en",
                    "type",
                    "language",
                    "status",
                    "withdrawn_reason",
                    "review_note",
                ]
            },
        ),
        (_("date and source"), {"fields": ["date", "date_precision", "source", "url"]}),
        (_("text"), {"fields": ["abstract", "abstract_en", "body", "keywords"]}),
        (
            _("venue"),
            {
                "classes": ["collapse"],
                "fields": [
                    ("journal", "volume", "issue", "pages"),
                    ("publisher", "place"),
                    ("isbn", "issn", "doi"),
                ],
            },
        ),
        (
            _("identity"),
            {
                "classes": ["collapse"],
                "fields": ["external_id", "translation_of", "content_hash", "created", "updated"],
            },
        ),
    ]

    @admin.display(description=_("authors"))
    def author_list(self, obj):
        return "、".join(a.name_as_written for a in obj.ordered_authorships())

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("authorships")

    def get_search_results(self, request, queryset, search_term):
        queryset, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        matched = people_matching(search_term)
        if matched is not None:  # "lu chuanying", "luchuanying", "Chuanying Lu"
            queryset |= self.get_queryset(request).filter(
                authorships__person__in=matched.values("pk")
            )
        return queryset, True if search_term else may_have_duplicates
