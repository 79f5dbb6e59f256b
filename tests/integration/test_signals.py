"""``works_changed`` fires for every write that changes what readers can find."""

import pytest

from tests.conftest import make_person, make_work
from zhiku.catalog.signals import works_changed

pytestmark = pytest.mark.django_db


@pytest.fixture
def received():
    seen: list[set[int]] = []

    def listener(sender, work_ids, **kwargs):
        seen.append(set(work_ids))

    works_changed.connect(listener)
    yield seen
    works_changed.disconnect(listener)


def test_work_save_and_delete_notify(received):
    work = make_work()
    work_id = work.pk
    received.clear()
    work.title = "新标题"
    work.save()
    work.delete()
    assert received == [{work_id}, {work_id}]


def test_renaming_a_person_notifies_their_works(received):
    person = make_person()
    first, second = make_work(authors=[person]), make_work(authors=[person], title="另一篇")
    received.clear()
    person.name_en = "Lu C."
    person.save()
    assert received[-1] == {first.pk, second.pk}
