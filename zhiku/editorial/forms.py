"""Forms of the editorial admin: the withdrawal reason, featured works, the title vocabulary."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.forms.models import BaseInlineFormSet
from django.utils.translation import gettext_lazy as _

from zhiku.catalog.models import FEATURED_LIMIT, Authorship
from zhiku.editorial.permissions import may_change_person
from zhiku.text.titles import TITLE_EN


class TransitionForm(forms.Form):
    """The note that goes with a workflow step (required to withdraw)."""

    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
    )


class WithdrawActionForm(forms.Form):
    """The reason asked once for a bulk withdrawal."""

    reason = forms.CharField(
        label=_("Reason for withdrawal (shown to the public)"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
    )


class TitleInput(forms.TextInput):
    """A free-text 职称 field that suggests the vocabulary, each with its English form."""

    template_name = "editorial/widgets/title_input.html"

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["attrs"]["list"] = f"{context['widget']['attrs']['id']}-titles"
        context["titles"] = sorted(TITLE_EN.items())
        return context


def featured_count_error(person, extra: int):
    return forms.ValidationError(
        _("%(person)s can feature at most %(limit)d works (%(count)d chosen).")
        % {"person": person, "limit": FEATURED_LIMIT, "count": extra}
    )


class FeaturedFormSet(BaseInlineFormSet):
    """The works a person features (on the person's page): at most FEATURED_LIMIT."""

    def clean(self):
        super().clean()
        chosen = [
            form
            for form in self.forms
            if form.cleaned_data.get("featured") and not form.cleaned_data.get("DELETE")
        ]
        shown = {form.instance.pk for form in self.forms if form.instance.pk}
        elsewhere = (
            Authorship.objects.filter(person=self.instance, featured=True)
            .exclude(pk__in=shown)
            .count()
        )
        if len(chosen) + elsewhere > FEATURED_LIMIT:
            raise featured_count_error(self.instance, len(chosen) + elsewhere)


class AuthorshipFormSet(BaseInlineFormSet):
    """A work's authors: featuring it must keep each person within FEATURED_LIMIT."""

    def clean(self):
        super().clean()
        for form in self.forms:
            data = getattr(form, "cleaned_data", {})
            person = data.get("person")
            if not person or not data.get("featured") or data.get("DELETE"):
                continue
            others = (
                Authorship.objects.filter(person=person, featured=True)
                .exclude(work=self.instance)
                .count()
            )
            if others + 1 > FEATURED_LIMIT:
                form.add_error("featured", featured_count_error(person, others + 1))


class FeaturedWorkInline(admin.TabularInline):
    """On a person's page: their published works, with the "featured" choice."""

    model = Authorship
    fk_name = "person"
    formset = FeaturedFormSet
    extra = 0
    max_num = 0  # choose among existing works; authors are added on the work's page
    can_delete = False
    fields = ["work", "featured"]
    readonly_fields = ["work"]
    verbose_name = _("featured work")
    verbose_name_plural = _("featured works (at most 5, shown first on the expert's page)")

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .filter(work__status="published")
            .select_related("work")
            .order_by("-featured", "-work__date")
        )

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return may_change_person(request.user, obj)
