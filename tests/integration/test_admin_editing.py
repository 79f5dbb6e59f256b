"""The back office by role: researchers edit only what is theirs; editors publish; new works
start as drafts whatever the form says."""

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from tests.conftest import make_person, make_user, make_work
from tests.integration.conftest import form_data
from zhiku.catalog.models import Person, Work

pytestmark = pytest.mark.django_db
S = Work.Status


def change_url(obj) -> str:
    return reverse(f"admin:catalog_{obj._meta.model_name}_change", args=[obj.pk])


@pytest.fixture
def lu(client):
    person = make_person()
    user = make_user("researcher", person=person, username="lu")
    client.force_login(user)
    return person


def test_a_researcher_sees_only_their_own_works(client, lu):
    own = make_work(authors=[lu], title="自己的成果")
    make_work(authors=[make_person(name="王五", name_en="Wang Wu")], title="别人的成果")
    page = client.get(reverse("admin:catalog_work_changelist")).content.decode()
    assert "自己的成果" in page and "别人的成果" not in page
    assert client.get(change_url(own)).status_code == 200


def test_a_researcher_cannot_open_someone_elses_work(client, lu):
    other = make_work(authors=[make_person(name="王五", name_en="Wang Wu")], title="别人的成果")
    response = client.get(change_url(other), follow=True)
    assert "别人的成果" not in response.content.decode()
    response = client.post(change_url(other), {"title": "改了"})
    assert Work.objects.get(pk=other.pk).title == "别人的成果"


def test_a_researcher_edits_their_draft_but_not_their_published_work(client, lu):
    draft = make_work(authors=[lu], status=S.DRAFT, body="旧段落。")
    client.post(change_url(draft), form_data(client, change_url(draft), body="新段落。"))
    assert Work.objects.get(pk=draft.pk).body == "新段落。"

    published = make_work(authors=[lu], body="已发布。")
    page = client.get(change_url(published)).content.decode()
    assert 'name="body"' not in page  # shown read-only
    response = client.post(change_url(published), {"body": "偷偷改"})
    assert response.status_code == 403
    assert Work.objects.get(pk=published.pk).body == "已发布。"


def test_a_researcher_edits_only_their_own_profile(client, lu):
    data = form_data(client, change_url(lu), bio_en="Research on cyberspace governance.")
    assert client.post(change_url(lu), data).status_code == 302
    assert Person.objects.get(pk=lu.pk).bio_en == "Research on cyberspace governance."
    other = make_person(name="王五", name_en="Wang Wu")
    client.post(change_url(other), {"name": "改名"})
    assert Person.objects.get(pk=other.pk).name == "王五"


def test_a_researcher_cannot_link_accounts_or_publish(client, lu):
    page = client.get(change_url(lu)).content.decode()
    assert 'name="user"' not in page  # linking an account is for administrators
    work = make_work(authors=[lu], status=S.REVIEW)
    url = reverse("admin:catalog_work_workflow", args=[work.pk, "publish"])
    client.post(url, {"reason": ""})
    assert Work.objects.get(pk=work.pk).status == S.REVIEW


def test_a_researchers_new_work_is_a_draft_of_theirs(client, lu):
    url = reverse("admin:catalog_work_add")
    data = form_data(client, url, title="新草稿", body="第一段。", type="article", language="zh")
    assert client.post(url, data).status_code == 302
    work = Work.objects.get(title="新草稿")
    assert work.status == S.DRAFT
    assert [a.person for a in work.authorships.all()] == [lu]
    assert client.get(change_url(work)).status_code == 200  # and they can open it again


def test_a_new_work_starts_as_a_draft_even_if_the_form_says_published(client):
    client.force_login(make_user("editor"))
    url = reverse("admin:catalog_work_add")
    data = form_data(client, url, title="编辑新建", type="article", language="zh")
    data["status"] = "published"  # a forged field: status is not in the form
    client.post(url, data)
    assert Work.objects.get(title="编辑新建").status == S.DRAFT
    assert client.get(Work.objects.get(title="编辑新建").get_absolute_url()).status_code == 200


def test_the_editor_reviews_the_changes_then_publishes(client):
    work = make_work(status=S.DRAFT, body="旧的第一段。")
    author = make_user("editor", username="alice")
    client.force_login(author)
    client.post(change_url(work), form_data(client, change_url(work), body="新的第一段。"))
    client.post(reverse("admin:catalog_work_workflow", args=[work.pk, "submit"]), {"reason": ""})

    client.force_login(make_user("editor", username="bob"))
    page = client.get(change_url(work)).content.decode()
    assert 'data-step="publish"' in page and 'data-step="return"' in page
    url = reverse("admin:catalog_work_workflow", args=[work.pk, "publish"])
    review = client.get(url).content.decode()
    assert "<ins>新的第一段。</ins>" in review  # never published: all of it is new
    response = client.post(url, {"reason": ""})
    assert response.status_code == 302
    assert Work.objects.get(pk=work.pk).status == S.PUBLISHED


def test_bulk_publish_skips_works_not_in_review_and_says_why(client):
    client.force_login(make_user("editor"))
    ready = make_work(title="待发布", status=S.REVIEW)
    draft = make_work(title="还是草稿", status=S.DRAFT)
    response = client.post(
        reverse("admin:catalog_work_changelist"),
        {"action": "publish_selected", "_selected_action": [ready.pk, draft.pk]},
        follow=True,
    )
    assert Work.objects.get(pk=ready.pk).status == S.PUBLISHED
    assert Work.objects.get(pk=draft.pk).status == S.DRAFT
    assert "还是草稿" in response.content.decode()  # the refusal names the work


def test_bulk_withdraw_asks_for_the_reason_first(client):
    client.force_login(make_user("editor"))
    works = [make_work(title=f"成果{i}") for i in range(2)]
    ids = [w.pk for w in works]
    changelist = reverse("admin:catalog_work_changelist")
    page = client.post(changelist, {"action": "withdraw_selected", "_selected_action": ids})
    assert page.status_code == 200 and 'name="reason"' in page.content.decode()
    assert all(w.status == S.PUBLISHED for w in Work.objects.filter(pk__in=ids))
    client.post(
        changelist,
        {"action": "withdraw_selected", "_selected_action": ids, "apply": "1", "reason": "重复"},
    )
    assert set(Work.objects.filter(pk__in=ids).values_list("status", "withdrawn_reason")) == {
        (S.WITHDRAWN, "重复")
    }


def test_researchers_have_no_bulk_actions(client, lu):
    page = client.get(reverse("admin:catalog_work_changelist")).content.decode()
    assert "publish_selected" not in page and "withdraw_selected" not in page


def test_a_public_work_is_withdrawn_never_deleted(client):
    """Readers and harvesters keep a public work's address (OAI-PMH deletedRecord=persistent)."""
    client.force_login(make_user("editor"))
    published = make_work(title="已发布的成果")
    withdrawn = make_work(title="已撤回的成果", status=S.WITHDRAWN, withdrawn_reason="重复")
    draft = make_work(title="一篇草稿", status=S.DRAFT)
    for work in (published, withdrawn):
        assert 'class="deletelink"' not in client.get(change_url(work)).content.decode()
        delete_url = reverse("admin:catalog_work_delete", args=[work.pk])
        assert client.post(delete_url, {"post": "yes"}).status_code == 403

    assert 'class="deletelink"' in client.get(change_url(draft)).content.decode()

    changelist = reverse("admin:catalog_work_changelist")
    mixed = {"action": "delete_selected", "_selected_action": [published.pk, draft.pk]}
    page = client.post(changelist, mixed | {"post": "yes"}, follow=True).content.decode()
    assert Work.objects.filter(pk__in=[published.pk, draft.pk]).count() == 2  # nothing deleted
    assert "已发布的成果" in page and ("撤回" in page or "Withdraw" in page)

    drafts = {"action": "delete_selected", "_selected_action": [draft.pk]}
    assert "一篇草稿" in client.post(changelist, drafts).content.decode()  # Django's confirmation
    client.post(changelist, drafts | {"post": "yes"})
    assert not Work.objects.filter(pk=draft.pk).exists()


def test_an_editor_who_changed_a_work_in_review_cannot_publish_it(client):
    """Issue 14 #13: only the last submitter was checked, so an editor could rewrite a work
    someone else submitted and publish the unreviewed text. The revisions since the submit
    now say who changed it; another editor reviews and publishes."""
    work = make_work(status=S.DRAFT, body="审过的第一段。")
    client.force_login(make_user("editor", username="alice"))
    client.post(reverse("admin:catalog_work_workflow", args=[work.pk, "submit"]), {"reason": ""})
    assert Work.objects.get(pk=work.pk).status == S.REVIEW

    client.force_login(make_user("editor", username="bob"))
    data = form_data(client, change_url(work), body="未经审核的第一段。")
    assert client.post(change_url(work), data).status_code == 302
    page = client.get(change_url(work)).content.decode()
    assert 'data-step="publish"' not in page  # not offered …
    url = reverse("admin:catalog_work_workflow", args=[work.pk, "publish"])
    client.post(url, {"reason": ""})  # … and refused when forced
    client.post(
        reverse("admin:catalog_work_changelist"),
        {"action": "publish_selected", "_selected_action": [work.pk]},
    )
    assert Work.objects.get(pk=work.pk).status == S.REVIEW
    client.logout()
    assert client.get(work.get_absolute_url()).status_code == 404  # readers do not see it

    client.force_login(make_user("editor", username="carol"))  # made no change: may publish
    assert client.post(url, {"reason": ""}).status_code == 302
    published = Work.objects.get(pk=work.pk)
    assert (published.status, published.body) == (S.PUBLISHED, "未经审核的第一段。")


def test_a_resubmitted_work_may_be_published_by_an_earlier_editor(client):
    """The rule looks at the revisions since the *last* submit: bob's edit of an earlier round
    was sent back, and the author submitted again, so bob reviews the new round."""
    author = make_person()
    lu = make_user("researcher", person=author, username="lu")
    work = make_work(authors=[author], status=S.DRAFT)
    client.force_login(lu)
    client.post(reverse("admin:catalog_work_workflow", args=[work.pk, "submit"]), {"reason": ""})
    client.force_login(make_user("editor", username="bob"))
    client.post(change_url(work), form_data(client, change_url(work), body="修改后的正文。"))
    client.post(reverse("admin:catalog_work_workflow", args=[work.pk, "return"]), {"reason": ""})
    assert Work.objects.get(pk=work.pk).status == S.DRAFT
    client.force_login(lu)
    client.post(reverse("admin:catalog_work_workflow", args=[work.pk, "submit"]), {"reason": ""})
    client.force_login(User.objects.get(username="bob"))
    url = reverse("admin:catalog_work_workflow", args=[work.pk, "publish"])
    assert client.post(url, {"reason": ""}).status_code == 302
    assert Work.objects.get(pk=work.pk).status == S.PUBLISHED
