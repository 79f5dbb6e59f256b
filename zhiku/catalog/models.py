"""The catalog: the single source of truth for units, people, works and their provenance."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from zhiku.catalog.genres import GENRES
from zhiku.catalog.provenance import ImportRun, ImportRunQuerySet, Source  # noqa: F401  (app models)
from zhiku.text.keys import text_key
from zhiku.text.titles import TITLE_EN


def title_key(title: str) -> str:
    """The indexed matching key of a title (see ``text_key``)."""
    return text_key(title)[:255]


class Unit(models.Model):
    """An organisational unit: the think tank, an institute, a centre, a department."""

    class Kind(models.TextChoices):
        INSTITUTION = "institution", _("institution")
        INSTITUTE = "institute", _("institute")
        CENTRE = "centre", _("centre")
        DEPARTMENT = "department", _("department")
        OTHER = "other", _("other")

    name = models.CharField(_("name"), max_length=200)
    name_en = models.CharField(_("English name"), max_length=300, blank=True)
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices, default=Kind.OTHER)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    slug = models.SlugField(max_length=200, unique=True, allow_unicode=False)
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        constraints = [
            models.UniqueConstraint(fields=["name", "parent"], name="unit_unique_name_in_parent"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("catalog:unit-detail", kwargs={"slug": self.slug})

    def ancestors(self) -> list[Unit]:
        """The chain of parents, nearest first (cycles are cut)."""
        chain, seen, node = [], {self.pk}, self.parent
        while node is not None and node.pk not in seen:
            chain.append(node)
            seen.add(node.pk)
            node = node.parent
        return chain

    def descendant_ids(self) -> set[int]:
        """Ids of this unit and every unit below it."""
        ids, frontier = {self.pk}, [self.pk]
        while frontier:
            frontier = list(
                Unit.objects.filter(parent_id__in=frontier)
                .exclude(pk__in=ids)
                .values_list("pk", flat=True)
            )
            ids.update(frontier)
        return ids


class PersonQuerySet(models.QuerySet):
    def in_unit(self, unit: Unit) -> PersonQuerySet:
        """People with a position in the unit or any unit below it."""
        return self.filter(positions__unit_id__in=unit.descendant_ids()).distinct()


class Person(models.Model):
    """A researcher. ``name`` is as written (鲁传颖); ``name_en`` is the romanised form."""

    name = models.CharField(_("name"), max_length=200, db_index=True)
    name_en = models.CharField(_("English name"), max_length=200, blank=True)
    name_en_generated = models.BooleanField(
        _("English name generated"),
        default=False,
        help_text=_("The English name was generated from pinyin, not given by the person."),
    )
    title = models.CharField(_("title"), max_length=100, blank=True)
    email = models.EmailField(_("email"), blank=True)
    email_public = models.BooleanField(
        _("show email"),
        default=False,
        help_text=_("The person agreed to show the email on their page."),
    )
    bio = models.TextField(_("biography"), blank=True)
    bio_en = models.TextField(_("English biography"), blank=True)
    slug = models.SlugField(max_length=200, unique=True)
    units = models.ManyToManyField(Unit, through="Position", related_name="people")
    # The account a researcher signs in with to edit this profile and their own works.
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="person",
        help_text=_("The account with which this expert edits their own profile and works."),
    )
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    objects = PersonQuerySet.as_manager()

    class Meta:
        ordering = ["name_en", "name"]
        verbose_name = _("expert")
        verbose_name_plural = _("experts")
        permissions = [("edit_any_person", _("Can edit the profile of every expert"))]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("catalog:person-detail", kwargs={"slug": self.slug})

    @property
    def title_en(self) -> str:
        return TITLE_EN.get(self.title, self.title)

    @property
    def public_email(self) -> str:
        """The address readers may see: only with the person's consent, else "".

        The one rule for every page, feed and API: never read ``email`` for display.
        """
        return self.email if self.email_public and self.email else ""


class Position(models.Model):
    """A person's place in a unit, in the order the source lists them."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="positions")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="positions")
    role = models.CharField(_("role"), max_length=100, blank=True)
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("position")
        verbose_name_plural = _("positions")
        constraints = [
            models.UniqueConstraint(fields=["person", "unit"], name="position_unique_person_unit"),
        ]

    def __str__(self) -> str:
        return f"{self.person} @ {self.unit}"


class WorkQuerySet(models.QuerySet):
    def published(self) -> WorkQuerySet:
        """The only works any reader may read, list, search, harvest or export."""
        return self.filter(status=Work.Status.PUBLISHED)

    def public(self) -> WorkQuerySet:
        """Works with a public page: published ones and tombstones of withdrawn ones.

        A withdrawn work shows only its title and the reason (HTTP 410); OAI-PMH reports it as
        deleted. Lists, search, feeds and exports use ``published()``.
        """
        return self.filter(status__in=[Work.Status.PUBLISHED, Work.Status.WITHDRAWN])

    def with_authors(self) -> WorkQuerySet:
        return self.prefetch_related(
            models.Prefetch(
                "authorships",
                queryset=Authorship.objects.select_related("person").order_by("order"),
            )
        )

    def by_authors(self, **authorship_filter) -> WorkQuerySet:
        """Works with an authorship matching ``authorship_filter`` (e.g. ``person=p``), by a
        subquery: a join would repeat a work per matching author and need a DISTINCT over
        every column, long texts included."""
        return self.filter(pk__in=Authorship.objects.filter(**authorship_filter).values("work_id"))

    def for_lists(self) -> WorkQuerySet:
        """Without the long texts no list shows (the body is most of a work's bytes)."""
        return self.defer("body", "abstract", "abstract_en")

    def newest_first(self) -> WorkQuerySet:
        return self.order_by(models.F("date").desc(nulls_last=True), "-pk")


class Work(models.Model):
    """A piece of output: article, commentary, paper, book, report, summary, interview."""

    #: The genres of the genre table (zhiku/catalog/genres.py): ARTICLE = "article", …
    Type = models.TextChoices("Type", GENRES.choices())  # type: ignore[misc]

    class Precision(models.TextChoices):
        DAY = "day", _("day")
        MONTH = "month", _("month")
        YEAR = "year", _("year")

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        REVIEW = "review", _("in review")
        PUBLISHED = "published", _("published")
        WITHDRAWN = "withdrawn", _("withdrawn")

    title = models.CharField(_("title"), max_length=500)
    title_en = models.CharField(_("English title"), max_length=500, blank=True)
    type = models.CharField(_("type"), max_length=30, choices=Type.choices, default=Type.ARTICLE)
    language = models.CharField(_("language"), max_length=20, default="zh")
    date = models.DateField(_("date"), null=True, blank=True)
    date_precision = models.CharField(
        _("date precision"), max_length=5, choices=Precision.choices, default=Precision.DAY
    )
    abstract = models.TextField(_("abstract"), blank=True)
    abstract_en = models.TextField(_("English abstract"), blank=True)
    body = models.TextField(
        _("body"), blank=True, help_text=_("Separate paragraphs with a blank line.")
    )
    # 文献来源: where the work first appeared. NULL means unknown; never the empty string.
    source = models.CharField(_("original source"), max_length=500, null=True, blank=True)  # noqa: DJ001
    journal = models.CharField(_("journal"), max_length=300, blank=True)
    volume = models.CharField(_("volume"), max_length=50, blank=True)
    issue = models.CharField(_("issue"), max_length=50, blank=True)
    pages = models.CharField(_("pages"), max_length=50, blank=True)
    publisher = models.CharField(_("publisher"), max_length=300, blank=True)
    place = models.CharField(_("place"), max_length=200, blank=True)
    isbn = models.CharField("ISBN", max_length=40, blank=True)
    issn = models.CharField("ISSN", max_length=40, blank=True)
    doi = models.CharField("DOI", max_length=200, blank=True)
    url = models.URLField(_("URL"), max_length=1000, blank=True)
    keywords = models.JSONField(_("keywords"), default=list, blank=True)
    # A work made by hand starts as a draft; ingest creates works published (see load.py).
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    withdrawn_reason = models.TextField(_("reason for withdrawal"), blank=True)
    # Why an import kept this work as a draft (weak evidence on its page): for the reviewer.
    review_note = models.TextField(_("why the import needs review"), blank=True)
    external_id = models.CharField(_("external id"), max_length=300, blank=True, db_index=True)
    content_hash = models.CharField(max_length=64, blank=True, db_index=True)
    # text_key(title), truncated: matches a work by normalised title without a table scan.
    title_key = models.CharField(max_length=255, blank=True, db_index=True, editable=False)
    translation_of = models.ForeignKey(
        "self",
        verbose_name=_("translation of"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="translations",
    )
    people = models.ManyToManyField(Person, through="Authorship", related_name="works")
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True, db_index=True)

    objects = WorkQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("work")
        verbose_name_plural = _("works")
        permissions = [
            ("publish_work", _("Can publish, send back, withdraw and reinstate works")),
            ("edit_any_work", _("Can edit the works of every author")),
        ]
        indexes = [
            models.Index(fields=["status", "date"], name="work_status_date"),
            models.Index(fields=["type", "date"], name="work_type_date"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(source=""), name="work_source_null_not_empty"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs) -> None:
        self.title_key = title_key(self.title)
        # Browsers submit textareas with CRLF line ends; paragraphs are split on "\n\n".
        for name in ("body", "abstract", "abstract_en"):
            value = getattr(self, name)
            if "\r" in value:
                setattr(self, name, value.replace("\r\n", "\n").replace("\r", "\n"))
        if kwargs.get("update_fields") is not None and "title" in kwargs["update_fields"]:
            kwargs["update_fields"] = {*kwargs["update_fields"], "title_key"}
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("catalog:work-detail", kwargs={"pk": self.pk})

    @property
    def paragraphs(self) -> list[str]:
        return [p.strip() for p in self.body.split("\n\n") if p.strip()]

    @property
    def year(self) -> int | None:
        return self.date.year if self.date else None

    @property
    def date_display(self) -> str:
        """The date at its known precision: 2013-07-15, 2013-07 or 2013."""
        if not self.date:
            return ""
        iso = self.date.isoformat()
        return {"year": iso[:4], "month": iso[:7]}.get(self.date_precision, iso)

    def ordered_authorships(self) -> list[Authorship]:
        return sorted(self.authorships.all(), key=lambda a: a.order)


#: Works a person may feature at the top of their page (``Authorship.featured``).
FEATURED_LIMIT = 5


class Authorship(models.Model):
    """Work ↔ Person, ordered. ``person`` is empty when the byline names nobody we know."""

    class Role(models.TextChoices):
        AUTHOR = "author", _("author")
        EDITOR = "editor", _("editor")
        TRANSLATOR = "translator", _("translator")

    work = models.ForeignKey(Work, on_delete=models.CASCADE, related_name="authorships")
    person = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="authorships"
    )
    name_as_written = models.CharField(_("name as written"), max_length=200)
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.AUTHOR)
    order = models.PositiveIntegerField(_("order"), default=0)
    featured = models.BooleanField(_("featured"), default=False)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("author")
        verbose_name_plural = _("authors")
        indexes = [models.Index(fields=["person", "work"], name="authorship_person_work")]

    def __str__(self) -> str:
        return self.name_as_written


class Generation(models.Model):
    """One counter that every committed catalog write advances; cached pages are keyed by it.

    A single row (pk 1). See ``zhiku.catalog.pagecache``.
    """

    value = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = _("catalog generation")

    def __str__(self) -> str:
        return str(self.value)
