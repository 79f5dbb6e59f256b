"""``works_changed``: the one notice that what readers can find about some works has changed.

Sent inside the writing transaction with the ids of the works concerned. Saves and deletes of
Work, Authorship and Person, of Position and a Unit's move under another parent (they change
which units a work belongs to) send it through the receivers below; code that writes in bulk
(``bulk_create``, ``QuerySet.update``) bypasses model signals and must send it itself. Derived
stores (the search index) listen to it instead of to each model. ``input_imported`` and
``import_finished`` tell them that an import committed an input, or is done (``ingest.load``).
"""

from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import Signal, receiver

from zhiku.catalog.models import Authorship, Person, Position, Unit, Work
from zhiku.catalog.pagecache import bump_after_commit

#: Arguments: ``work_ids`` (a set of Work primary keys).
works_changed = Signal()
#: Arguments: ``works`` (saved Work instances). Sent for works inserted in bulk, which skips
#: ``post_save``: listeners that keep per-object records (revisions) add them here.
works_inserted = Signal()
#: Arguments: ``run`` (the ImportRun). Sent by an import after each input it loaded (committed,
#: unless the run is a dry run), and once when the run is done: derived stores catch up.
input_imported = Signal()
import_finished = Signal()


def notify(work_ids) -> None:
    """Send ``works_changed`` for ``work_ids`` (ignored when empty)."""
    ids = {int(i) for i in work_ids if i is not None}
    if ids:
        works_changed.send(sender=Work, work_ids=ids)


@receiver(works_changed)
def _pages_outdated(sender, work_ids, **kwargs):
    bump_after_commit()


@receiver(post_save, sender=Unit)
@receiver(post_delete, sender=Unit)
@receiver(post_save, sender=Position)
@receiver(post_delete, sender=Position)
@receiver(post_delete, sender=Person)
def _structure_written(sender, instance, **kwargs):
    # Units, positions and people appear on pages beyond the works they touch.
    bump_after_commit()


@receiver(post_save, sender=Work)
@receiver(post_delete, sender=Work)
def _work_written(sender, instance, **kwargs):
    notify({instance.pk})


@receiver(post_save, sender=Authorship)
@receiver(post_delete, sender=Authorship)
def _authorship_written(sender, instance, **kwargs):
    notify({instance.work_id})


@receiver(post_save, sender=Person)
def _person_written(sender, instance, created, **kwargs):
    # A new person has no works yet; a renamed one changes how their works are found.
    bump_after_commit()
    if not created:
        notify(instance.authorships.values_list("work_id", flat=True))


@receiver(post_save, sender=Position)
@receiver(post_delete, sender=Position)
def _position_written(sender, instance, **kwargs):
    # A work belongs to its authors' units: a new or removed position changes that.
    notify(
        Authorship.objects.filter(person_id=instance.person_id).values_list("work_id", flat=True)
    )


@receiver(pre_save, sender=Unit)
def _unit_moving(sender, instance, **kwargs):
    instance._parent_before = (
        Unit.objects.filter(pk=instance.pk).values_list("parent_id", flat=True).first()
        if instance.pk
        else None
    )


@receiver(post_save, sender=Unit)
def _unit_written(sender, instance, created, **kwargs):
    # Moved under another parent: its people's works now belong to other institutes.
    if not created and instance.parent_id != getattr(instance, "_parent_before", None):
        notify(
            Authorship.objects.filter(
                person__positions__unit_id__in=instance.descendant_ids()
            ).values_list("work_id", flat=True)
        )
