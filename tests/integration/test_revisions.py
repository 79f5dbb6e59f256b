"""Revisions: who changed what and when, the diff editors read, and revert."""

import pytest
from django.urls import reverse

from tests.conftest import make_person, make_user, make_work
from tests.integration.conftest import form_data
from zhiku.catalog.models import Person, Work
from zhiku.editorial.history import changes_between, text_diff
from zhiku.editorial.models import AuditEntry

pytestmark = pytest.mark.django_db


def change_url(obj) -> str:
    return reverse(f"admin:catalog_{obj._meta.model_name}_change", args=[obj.pk])


def revision_url(obj, record, view="revision") -> str:
    return reverse(f"admin:catalog_{obj._meta.model_name}_{view}", args=[obj.pk, record.history_id])


@pytest.fixture
def editor(client):
    user = make_user("editor", username="alice")
    client.force_login(user)
    return user


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("第一段。\n\n第二段。", "第一段。\n\n第二段。", []),
        (
            "中美在网络问题上取得进展",
            "中美在网络问题上取得重大进展",
            [[("equal", "中美在网络问题上取得"), ("insert", "重大"), ("equal", "进展")]],
        ),
        (
            "The talks made progress.",
            "The talks made real progress.",
            [[("equal", "The talks made "), ("insert", "real "), ("equal", "progress.")]],
        ),
        ("甲。\n\n乙。", "甲。", [[("equal", "甲。")], [("delete", "乙。")]]),
        (
            "一\n\n二\n\n三\n\n四\n\n五",
            "一\n\n二\n\n三\n\n四\n\n五改",
            [[("gap", "")], [("equal", "四")], [("equal", "五"), ("insert", "改")]],
        ),
    ],
)
def test_text_diff_marks_changed_characters_and_words(old, new, expected):
    assert text_diff(old, new) == expected


def test_an_admin_edit_is_a_revision_with_who_and_what(client, editor):
    work = make_work(body="第一段。\n\n第二段。")
    client.post(
        change_url(work), form_data(client, change_url(work), body="第一段。\n\n新的第二段。")
    )
    latest = work.history.first()
    assert latest.history_user == editor
    changes = changes_between(latest.prev_record, latest)
    assert [c.name for c in changes] == ["body"]
    page = client.get(reverse("admin:catalog_work_history", args=[work.pk])).content.decode()
    assert "alice" in page and revision_url(work, latest) in page
    diff = client.get(revision_url(work, latest)).content.decode()
    assert "<ins>新的</ins>" in diff


def test_revert_restores_the_text_and_keeps_the_status(client, editor):
    work = make_work(body="原文。", title="原标题")
    original = work.history.first()
    client.post(
        change_url(work), form_data(client, change_url(work), body="改坏了。", title="新标题")
    )
    Work.objects.filter(pk=work.pk).update(status=Work.Status.PUBLISHED)
    preview = client.get(revision_url(work, original)).content.decode()
    assert "<del>改坏了</del><ins>原文</ins>。" in preview

    response = client.post(revision_url(work, original, "revert"))
    assert response.status_code == 302
    work.refresh_from_db()
    assert (work.body, work.title, work.status) == ("原文。", "原标题", Work.Status.PUBLISHED)
    assert work.history.first().history_change_reason == f"revert:#{original.history_id}"
    entry = AuditEntry.objects.about(work).get(action="revert")
    assert entry.actor == editor and entry.detail["fields"] == ["title", "body"]
    assert "原文。" in client.get(work.get_absolute_url()).content.decode()


def test_revert_is_a_post_and_needs_the_right_to_edit(client):
    owner = make_person()
    work = make_work(authors=[owner], body="原文。")
    original = work.history.first()
    Work.objects.filter(pk=work.pk).update(body="新文。")
    work.body = "新文。"
    work.save()
    client.force_login(make_user("researcher", person=owner))
    assert client.get(revision_url(work, original, "revert")).status_code == 405
    # a researcher may read the history of their published work but not revert it
    assert client.get(revision_url(work, original)).status_code == 200
    assert client.post(revision_url(work, original, "revert")).status_code == 403
    assert Work.objects.get(pk=work.pk).body == "新文。"


def test_person_revisions_and_revert(client, editor):
    person = make_person(bio="旧简介")
    first = person.history.first()
    client.post(change_url(person), form_data(client, change_url(person), bio="新简介"))
    assert Person.objects.get(pk=person.pk).bio == "新简介"
    client.post(revision_url(person, first, "revert"))
    assert Person.objects.get(pk=person.pk).bio == "旧简介"


def test_imports_are_revisions_with_their_run(ingest):
    from tests.conftest import SAMPLES

    ingest(SAMPLES / "siis-profile-and-article.txt")
    work = Work.objects.get(title="中美在网络问题上取得进展")
    record = work.history.first()
    assert record.history_user is None
    assert record.history_change_reason.startswith("import:#")


def test_a_revision_of_another_object_is_not_found(client, editor):
    one, other = make_work(title="甲"), make_work(title="乙")
    url = reverse("admin:catalog_work_revision", args=[one.pk, other.history.first().history_id])
    assert client.get(url).status_code == 404


def test_saving_without_changes_adds_no_revision(client, editor):
    work = make_work()
    before = work.history.count()
    client.post(change_url(work), form_data(client, change_url(work)))
    assert work.history.count() == before


def test_reordering_authors_alone_is_a_revision_that_revert_undoes(client, editor):
    lu = make_person()
    work = make_work(authors=[lu, "张三"])
    work.save()  # a revision with its authors (the factory adds them after the first save)
    first = work.history.first()
    assert first.history_relations == {
        "authors": [
            {"name": "鲁传颖", "person": lu.pk, "role": "author"},
            {"name": "张三", "person": None, "role": "author"},
        ]
    }
    url = change_url(work)
    data = form_data(client, url)
    data["authorships-0-order"], data["authorships-1-order"] = "1", "0"
    data["authorships-1-role"] = "translator"
    assert client.post(url, data).status_code == 302
    assert [a.name_as_written for a in work.authorships.order_by("order")] == ["张三", "鲁传颖"]

    latest = work.history.first()
    assert latest.history_id != first.history_id and latest.history_user == editor
    changes = changes_between(first, latest)
    assert [(c.name, c.old, c.new) for c in changes] == [
        ("authors", "鲁传颖〔专家〕、张三", "张三（译者）、鲁传颖〔专家〕")
    ]
    page = client.get(revision_url(work, latest)).content.decode()
    assert "张三（译者）" in page

    client.post(revision_url(work, first, "revert"))
    authors = work.authorships.order_by("order").values_list("name_as_written", "person", "role")
    assert list(authors) == [("鲁传颖", lu.pk, "author"), ("张三", None, "author")]
    entry = AuditEntry.objects.about(work).get(action="revert")
    assert entry.detail["fields"] == ["authors"]
    assert work.history.first().history_relations == first.history_relations


def test_positions_are_part_of_a_person_revision(client, editor):
    from tests.conftest import make_unit

    centre = make_unit(name="美洲研究中心", slug="americas")
    other = make_unit(name="欧洲研究所", slug="europe")
    person = make_person(units=[centre])
    person.save()  # a revision with its position (the factory adds it after the first save)
    first = person.history.first()
    url = change_url(person)
    data = form_data(client, url)
    data["positions-0-unit"] = str(other.pk)
    data["positions-0-role"] = "所长"
    assert client.post(url, data).status_code == 302
    latest = person.history.first()
    [change] = changes_between(first, latest)
    assert change.name == "positions" and "欧洲研究所 所长" in change.new
    assert centre.name in change.old

    client.post(revision_url(person, first, "revert"))
    assert list(person.positions.values_list("unit", flat=True)) == [centre.pk]


def test_imported_works_revisions_keep_their_authors(ingest):
    from tests.conftest import SAMPLES

    ingest(SAMPLES / "siis-profile-and-article.txt")
    work = Work.objects.get(title="中美在网络问题上取得进展")
    [author] = work.history.first().history_relations["authors"]
    assert author["name"] == "鲁传颖" and author["person"] == work.authorships.get().person_id


def test_revisions_from_before_relations_were_kept_leave_authors_alone(client, editor):
    work = make_work(authors=["甲", "乙"], body="原文。")
    first = work.history.first()
    type(first).objects.filter(pk=first.pk).update(history_relations=None)  # an old revision
    work.body = "新文。"
    work.save()
    work.authorships.filter(name_as_written="乙").delete()
    assert changes_between(first, work.history.first())[0].name == "body"  # no "authors" row
    client.post(revision_url(work, work.history.last(), "revert"))
    work.refresh_from_db()
    assert work.body == "原文。"
    assert list(work.authorships.values_list("name_as_written", flat=True)) == ["甲"]
