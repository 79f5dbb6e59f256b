"""Revisions of people and works: why a revision was made, what it changed, and revert.

Every save of a Person or Work adds a historical row (django-simple-history) with the user of
the request (``HistoryRequestMiddleware``). Its ``history_change_reason`` is a small code
rendered in the reader's language by ``reason_label``: ``workflow:publish``, ``revert:#12``,
``import:#3``; empty for ordinary edits.

A revision also keeps the related rows a reader sees as part of the object (``relations``): a
work's authors in order, with their roles and linked experts; a person's positions and featured
works. The admin saves those inlines after the object, so ``record_relations`` completes the
revision once they are saved (or makes one when only an inline changed).

Revert restores a revision's *content*, relations included. It keeps what is not content: the
workflow status (a revert never publishes or unpublishes), the withdrawal reason, the URL slug
and the linked account.
"""

from __future__ import annotations

import contextvars
import difflib
import re
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.db import models, transaction
from django.db.models.signals import post_save
from django.dispatch import receiver
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.signals import pre_create_historical_record

from zhiku.catalog.models import Authorship, ImportRun, Person, Position, Unit, Work
from zhiku.catalog.signals import works_inserted
from zhiku.editorial import audit
from zhiku.editorial.models import AuditEntry

#: Fields a revert leaves as they are now (see the module docstring).
REVERT_KEEPS = frozenset(
    {"id", "status", "withdrawn_reason", "slug", "user", "created", "updated", "title_key"}
)
#: Fields never shown in a diff: identity, timestamps and derived keys.
NOT_SHOWN = frozenset({"id", "created", "updated", "title_key", "content_hash"})
#: Fields shown as a text diff (paragraph by paragraph) rather than old → new.
LONG_TEXT_FIELDS = frozenset({"body", "abstract", "abstract_en", "bio", "bio_en"})
#: Unchanged paragraphs shown around a change in a long-text diff.
CONTEXT_PARAGRAPHS = 1

_reason: contextvars.ContextVar[str] = contextvars.ContextVar("history_reason", default="")
# Latin words, runs of space, and single other characters (a CJK character, punctuation):
# Chinese text diffs character by character, English word by word.
_TOKEN = re.compile(r"[A-Za-z0-9_]+|\s+|.", re.DOTALL)


@contextmanager
def change_reason(reason: str):
    """Revisions saved inside the block get ``reason`` unless they carry their own."""
    token = _reason.set(reason)
    try:
        yield
    finally:
        _reason.reset(token)


@receiver(pre_create_historical_record)
def _fill_reason(sender, history_instance, **kwargs):
    if not history_instance.history_change_reason and _reason.get():
        history_instance.history_change_reason = _reason.get()


@receiver(pre_create_historical_record)
def _fill_relations(sender, instance, history_instance, **kwargs):
    history_instance.history_relations = relations(instance)


@receiver(works_inserted)
def _bulk_revisions(sender, works, **kwargs):
    # An import inserts works in bulk (no post_save): give them their first revision in bulk,
    # with the authors the loader attached (``revision_relations``).
    history = sender.history.model
    now, reason = timezone.now(), _reason.get()
    history.objects.bulk_create(
        [
            history(
                history_date=now,
                history_user=history.get_default_history_user(work),
                history_change_reason=reason,
                history_type="+",
                history_relations=getattr(work, "revision_relations", None),
                **{f.attname: getattr(work, f.attname) for f in history.tracked_fields},
            )
            for work in works
        ]
    )


@receiver(post_save, sender=ImportRun)
def _import_reason(sender, instance, created, **kwargs):
    # ingest_paths creates the run, loads, then saves it finished: revisions made in between
    # are the import's. The receiver runs in the importing thread's context.
    if created and instance.state == ImportRun.State.RUNNING:
        _reason.set(f"import:#{instance.pk}")
    elif not created and instance.state != ImportRun.State.RUNNING:
        _reason.set("")


def reason_label(code: str | None) -> str:
    """A stored change reason in words, in the current language."""
    if not code:
        return ""
    kind, _sep, arg = code.partition(":")
    if kind == "workflow":
        return dict(AuditEntry.Action.choices).get(arg, arg)
    if kind == "revert":
        return _("reverted to revision %(id)s") % {"id": arg}
    if kind == "import":
        return _("import run %(id)s") % {"id": arg}
    if kind == "baseline":
        return _("as it was when revision history began")
    return code


# --- relations ------------------------------------------------------------------------------

#: The related rows a revision keeps, by key, with their labels.
RELATION_LABELS = {
    "authors": gettext_lazy("authors"),
    "positions": gettext_lazy("positions"),
    "featured": gettext_lazy("featured works"),
}


def relations(obj) -> dict[str, list] | None:
    """The related rows of a work or person as plain data (ids, names, dates as text)."""
    if obj.pk is None:
        return None
    if isinstance(obj, Work):
        authors = Authorship.objects.filter(work_id=obj.pk).order_by("order", "pk")
        return {
            "authors": [
                {"name": a.name_as_written, "person": a.person_id, "role": a.role} for a in authors
            ]
        }
    if isinstance(obj, Person):
        positions = Position.objects.filter(person_id=obj.pk).order_by("order", "pk")
        featured = Authorship.objects.filter(person_id=obj.pk, featured=True)
        return {
            "positions": [
                {
                    "unit": p.unit_id,
                    "role": p.role,
                    "start": p.start_date.isoformat() if p.start_date else None,
                    "end": p.end_date.isoformat() if p.end_date else None,
                }
                for p in positions
            ],
            "featured": sorted(featured.values_list("work_id", flat=True)),
        }
    return None


def record_relations(obj, *, revision_made: bool) -> None:
    """After the admin saved ``obj``'s inlines: complete the revision the save made with the
    relations as saved, or, if the save made none (only an inline changed), make one."""
    now = relations(obj)
    latest = obj.history.first()
    if revision_made and latest is not None:
        if latest.history_relations != now:
            type(latest).objects.filter(pk=latest.pk).update(history_relations=now)
    elif latest is None or latest.history_relations != now:
        obj.save(update_fields=["updated"])  # a revision (with the relations) and a new date


def relation_changes(old, new) -> list[FieldChange]:
    """Relations that differ from revision ``old`` to ``new`` (none when either is unknown)."""
    after = getattr(new, "history_relations", None)
    before = {} if old is None else getattr(old, "history_relations", None)
    if after is None or before is None:
        return []
    changes = []
    for key, label in RELATION_LABELS.items():
        if key not in after:
            continue
        old_text = _relation_text(key, before.get(key, []))
        new_text = _relation_text(key, after[key])
        if old_text != new_text:
            changes.append(FieldChange(key, str(label), old_text, new_text))
    return changes


def _relation_text(key: str, rows: list) -> str:
    if key == "authors":
        people = _names(Person, {r["person"] for r in rows if r["person"]})
        roles = dict(Authorship.Role.choices)
        out = []
        for r in rows:
            text = r["name"]
            if r["role"] != Authorship.Role.AUTHOR:
                text += f"（{roles.get(r['role'], r['role'])}）"
            if r["person"]:  # linked to an expert's profile
                linked = people.get(r["person"], f"#{r['person']}")
                if linked == r["name"]:
                    text += f"〔{_('expert')}〕"
                else:
                    text += "〔" + _("expert: %(name)s") % {"name": linked} + "〕"
            out.append(text)
        return "、".join(out)
    if key == "positions":
        units = _names(Unit, {r["unit"] for r in rows})
        out = []
        for r in rows:
            text = " ".join(x for x in (units.get(r["unit"], f"#{r['unit']}"), r["role"]) if x)
            if r["start"] or r["end"]:
                text += f"（{r['start'] or ''}–{r['end'] or ''}）"
            out.append(text)
        return "；".join(out)
    titles = _names(Work, set(rows), field="title")
    return "；".join(titles.get(pk, f"#{pk}") for pk in rows)


def _names(model, pks: set[int], field: str = "name") -> dict[int, str]:
    return dict(model._default_manager.filter(pk__in=pks).values_list("pk", field))


def restore_relations(current, snapshot: dict[str, list] | None) -> list[str]:
    """Make ``current``'s related rows those of ``snapshot``; return the keys changed. Rows
    pointing at an expert, unit or work deleted since are restored without that link."""
    if snapshot is None:
        return []
    now = relations(current) or {}
    changed = [key for key in snapshot if snapshot[key] != now.get(key)]
    if "authors" in changed:
        people = set(Person.objects.filter(pk__in=[a["person"] for a in snapshot["authors"]])
                     .values_list("pk", flat=True))  # fmt: skip
        Authorship.objects.filter(work=current).delete()
        Authorship.objects.bulk_create(
            Authorship(
                work=current,
                person_id=a["person"] if a["person"] in people else None,
                name_as_written=a["name"],
                role=a["role"],
                order=order,
            )
            for order, a in enumerate(snapshot["authors"])
        )
    if "positions" in changed:
        units = set(Unit.objects.filter(pk__in=[p["unit"] for p in snapshot["positions"]])
                    .values_list("pk", flat=True))  # fmt: skip
        Position.objects.filter(person=current).delete()
        Position.objects.bulk_create(
            Position(
                person=current,
                unit_id=p["unit"],
                role=p["role"],
                start_date=p["start"],
                end_date=p["end"],
                order=order,
            )
            for order, p in enumerate(snapshot["positions"])
            if p["unit"] in units
        )
    if "featured" in changed:
        mine = Authorship.objects.filter(person=current)
        mine.exclude(work_id__in=snapshot["featured"]).update(featured=False)
        mine.filter(work_id__in=snapshot["featured"]).update(featured=True)
    return changed


# --- diff -----------------------------------------------------------------------------------


@dataclass
class FieldChange:
    """One field that differs between two revisions."""

    name: str
    label: str
    old: str
    new: str
    # For long text: paragraphs as lists of (kind, text) segments, kind equal|delete|insert;
    # a paragraph of [("gap", "")] stands for unchanged paragraphs left out.
    paragraphs: list[list[tuple[str, str]]] = field(default_factory=list)


def tracked_fields(record) -> list[models.Field]:
    """The model fields a historical record keeps, in model order."""
    names = {f.attname for f in record.tracked_fields}
    return [f for f in record.instance_type._meta.concrete_fields if f.attname in names]


def changes_between(old, new) -> list[FieldChange]:
    """What differs from revision ``old`` (or None: nothing before) to revision ``new``."""
    changes = []
    for spec in tracked_fields(new):
        if spec.name in NOT_SHOWN:
            continue
        before = _display(spec, old) if old is not None else ""
        after = _display(spec, new)
        if before == after:
            continue
        change = FieldChange(spec.name, str(spec.verbose_name), before, after)
        if spec.name in LONG_TEXT_FIELDS:
            change.paragraphs = text_diff(before, after)
        changes.append(change)
    return changes + relation_changes(old, new)


def _display(spec: models.Field, record) -> str:
    value = getattr(record, spec.attname)
    if value is None:
        return ""
    if spec.choices:
        return str(dict(spec.flatchoices).get(value, value))
    if spec.is_relation:
        target = spec.related_model._default_manager.filter(pk=value).first()
        return str(target) if target is not None else f"#{value}"
    if isinstance(value, list):
        return "、".join(str(v) for v in value)
    return str(value)


def text_diff(old: str, new: str) -> list[list[tuple[str, str]]]:
    """Paragraph-by-paragraph diff with the changed words or characters marked."""
    a, b = _paragraphs(old), _paragraphs(new)
    if a == b:
        return []
    out: list[list[tuple[str, str]]] = []
    opcodes = difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
    for index, (op, i1, i2, j1, j2) in enumerate(opcodes):
        if op == "equal":
            block = a[i1:i2]
            head = block[:CONTEXT_PARAGRAPHS] if index > 0 else []
            tail = block[-CONTEXT_PARAGRAPHS:] if index < len(opcodes) - 1 else []
            if len(block) <= len(head) + len(tail):
                out += [[("equal", p)] for p in block]
            else:
                out += [[("equal", p)] for p in head] + [[("gap", "")]]
                out += [[("equal", p)] for p in tail]
        elif op == "replace" and i2 - i1 == j2 - j1:
            out += [_inline_diff(x, y) for x, y in zip(a[i1:i2], b[j1:j2], strict=True)]
        else:
            out += [[("delete", p)] for p in a[i1:i2]]
            out += [[("insert", p)] for p in b[j1:j2]]
    return out


def _paragraphs(text: str) -> list[str]:
    return [p.strip() for p in re.split(r"\n\s*\n|\n", text or "") if p.strip()]


def _inline_diff(old: str, new: str) -> list[tuple[str, str]]:
    a, b = _TOKEN.findall(old), _TOKEN.findall(new)
    segments: list[tuple[str, str]] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            segments.append(("equal", "".join(a[i1:i2])))
            continue
        if i2 > i1:
            segments.append(("delete", "".join(a[i1:i2])))
        if j2 > j1:
            segments.append(("insert", "".join(b[j1:j2])))
    return segments


# --- revert ---------------------------------------------------------------------------------


def revert(record, *, request=None) -> list[str]:
    """Restore the content of revision ``record``; return the names of the fields changed."""
    model = record.instance_type
    with transaction.atomic():
        current = model._default_manager.select_for_update().get(pk=record.id)
        changed = restore_relations(current, record.history_relations)
        for spec in tracked_fields(record):
            if spec.name in REVERT_KEEPS:
                continue
            value = getattr(record, spec.attname)
            if getattr(current, spec.attname) != value:
                setattr(current, spec.attname, value)
                changed.append(spec.name)
        if not changed:
            return []
        current._change_reason = f"revert:#{record.history_id}"
        current.save()
        audit.record(
            AuditEntry.Action.REVERT,
            request=request,
            target=current,
            revision=record.history_id,
            fields=changed,
        )
    return changed
