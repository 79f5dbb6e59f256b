"""draft → in review → published → withdrawn: who may do each step, and what it leaves behind."""

import pytest

from tests.conftest import make_person, make_user, make_work
from zhiku.catalog.models import Work
from zhiku.editorial import workflow
from zhiku.editorial.models import AuditEntry

pytestmark = pytest.mark.django_db
S = Work.Status


@pytest.fixture
def people():
    author = make_person()
    return {
        "author": author,
        "researcher": make_user("researcher", person=author, username="lu"),
        "other_researcher": make_user(
            "researcher", person=make_person(name="王五", name_en="Wang Wu"), username="wang"
        ),
        "editor": make_user("editor", username="alice"),
        "second_editor": make_user("editor", username="bob"),
        "admin": make_user("administrator", username="root"),
        "nobody": make_user(None, username="guest"),
    }


# (who, status before, step, allowed)
RULES = [
    ("researcher", S.DRAFT, "submit", True),
    ("other_researcher", S.DRAFT, "submit", False),
    ("nobody", S.DRAFT, "submit", False),
    ("editor", S.DRAFT, "submit", True),
    ("researcher", S.REVIEW, "publish", False),
    ("editor", S.REVIEW, "publish", True),
    ("admin", S.REVIEW, "publish", True),
    ("editor", S.DRAFT, "publish", False),  # a draft is reviewed before it is published
    ("editor", S.REVIEW, "return", True),
    ("researcher", S.REVIEW, "return", False),
    ("editor", S.PUBLISHED, "submit", False),
    ("researcher", S.PUBLISHED, "withdraw", False),
    ("editor", S.WITHDRAWN, "reinstate", True),
    ("editor", S.WITHDRAWN, "publish", False),
]


@pytest.mark.parametrize(("who", "status", "step", "allowed"), RULES)
def test_who_may_take_each_step(people, who, status, step, allowed):
    work = make_work(authors=[people["author"]], status=status)
    names = [t.name for t in workflow.available(people[who], work)]
    assert (step in names) is allowed
    if not allowed:
        with pytest.raises(workflow.TransitionError):
            workflow.apply(people[who], work, step, reason="x")
        work.refresh_from_db()
        assert work.status == status


def test_the_full_path_leaves_revisions_and_an_audit_trail(people):
    work = make_work(authors=[people["author"]], status=S.DRAFT)
    workflow.apply(people["researcher"], work, "submit")
    workflow.apply(people["editor"], work, "publish")
    workflow.apply(people["editor"], work, "withdraw", reason="版权原因")
    work.refresh_from_db()
    assert (work.status, work.withdrawn_reason) == (S.WITHDRAWN, "版权原因")
    entries = list(
        AuditEntry.objects.about(work).order_by("pk").values_list("action", "actor_name")
    )
    assert entries == [("submit", "lu"), ("publish", "alice"), ("withdraw", "alice")]
    reasons = list(
        work.history.order_by("history_id").values_list("history_change_reason", flat=True)
    )
    assert reasons[-3:] == ["workflow:submit", "workflow:publish", "workflow:withdraw"]
    workflow.apply(people["editor"], work, "reinstate")
    work.refresh_from_db()
    assert (work.status, work.withdrawn_reason) == (S.PUBLISHED, "")


def test_the_submitter_cannot_publish_their_own_work(people, settings):
    settings.ZHIKU_REVIEW_BY_SECOND_EDITOR = True
    work = make_work(status=S.DRAFT)
    workflow.apply(people["editor"], work, "submit")
    with pytest.raises(workflow.TransitionError, match="另一位编辑"):
        workflow.apply(people["editor"], work, "publish")
    workflow.apply(people["second_editor"], work, "publish")
    assert Work.objects.get(pk=work.pk).status == S.PUBLISHED


def test_one_editor_may_publish_alone_when_configured(people, settings):
    settings.ZHIKU_REVIEW_BY_SECOND_EDITOR = False
    work = make_work(status=S.DRAFT)
    workflow.apply(people["editor"], work, "submit")
    workflow.apply(people["editor"], work, "publish")
    assert Work.objects.get(pk=work.pk).status == S.PUBLISHED


@pytest.mark.parametrize("reason", ["", "   "])
def test_withdrawing_needs_a_reason(people, reason):
    work = make_work()
    with pytest.raises(workflow.TransitionError, match="撤回原因"):
        workflow.apply(people["editor"], work, "withdraw", reason=reason)
    assert Work.objects.get(pk=work.pk).status == S.PUBLISHED


def test_a_stale_page_cannot_publish_twice(people):
    """Two editors press "publish" on the same page: the second is refused, not repeated."""
    work = make_work(status=S.REVIEW)
    stale = Work.objects.get(pk=work.pk)
    workflow.apply(people["editor"], work, "publish")
    with pytest.raises(workflow.TransitionError):
        workflow.apply(people["second_editor"], stale, "publish")
    assert AuditEntry.objects.about(work).filter(action="publish").count() == 1


def test_an_editor_who_changed_the_work_since_the_submit_cannot_publish(people, settings):
    settings.ZHIKU_REVIEW_BY_SECOND_EDITOR = True
    work = make_work(authors=[people["author"]], status=S.DRAFT)
    workflow.apply(people["researcher"], work, "submit")
    work.refresh_from_db()
    work.body = "审核期间改写的正文。"
    work._history_user = people["editor"]
    work.save()
    assert "publish" not in [t.name for t in workflow.available(people["editor"], work)]
    with pytest.raises(workflow.TransitionError, match="另一位编辑审核"):
        workflow.apply(people["editor"], work, "publish")
    assert Work.objects.get(pk=work.pk).status == S.REVIEW
    workflow.apply(people["second_editor"], work, "publish")
    assert Work.objects.get(pk=work.pk).status == S.PUBLISHED


def test_workflow_revisions_name_who_made_them(people):
    work = make_work(authors=[people["author"]], status=S.DRAFT)
    workflow.apply(people["researcher"], work, "submit")
    assert work.history.first().history_user == people["researcher"]
