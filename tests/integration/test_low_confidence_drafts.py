"""A page whose evidence is weak is imported as a draft, with the reasons shown to editors."""

from django.urls import reverse

from zhiku.catalog.models import Work
from zhiku.ingest.load import ingest_paths

#: A page with a heading and text but no byline, date or source anywhere.
UNLABELLED = """首页 | 研究 | 关于我们

数字贸易规则的新进展

数字贸易规则正在成为国际经贸谈判的焦点，各方围绕数据跨境流动、数字服务税和电子传输关税展开了激烈争论。
对发展中国家而言，参与规则制定既是机遇也是挑战，需要在开放与安全之间找到平衡，同时提升自身的数字治理能力。
"""

#: The same text with a byline and a date under its title.
LABELLED = UNLABELLED.replace(
    "数字贸易规则的新进展\n", "数字贸易规则的新进展\n作者：张明远\n发布时间：2021-05-06\n"
)


def _import(tmp_path, text, name="page.txt"):
    page = tmp_path / name
    page.write_text(text, encoding="utf-8")
    ingest_paths([page])
    return Work.objects.get(title="数字贸易规则的新进展")


def test_a_page_without_byline_date_or_source_waits_as_a_draft(db, tmp_path):
    work = _import(tmp_path, UNLABELLED)
    assert work.status == Work.Status.DRAFT
    assert "no byline, date or source" in work.review_note
    assert not Work.objects.published().filter(pk=work.pk).exists()


def test_a_page_with_its_metadata_is_published_as_before(db, tmp_path):
    work = _import(tmp_path, LABELLED)
    assert work.status == Work.Status.PUBLISHED
    assert work.review_note == ""


def test_editors_see_the_reasons_and_can_list_the_works_to_review(admin_client, tmp_path):
    work = _import(tmp_path, UNLABELLED)
    change = admin_client.get(reverse("admin:catalog_work_change", args=[work.pk]))
    assert "no byline, date or source found" in change.content.decode()
    listed = admin_client.get(reverse("admin:catalog_work_changelist") + "?needs_review=yes")
    assert "数字贸易规则的新进展" in listed.content.decode()
