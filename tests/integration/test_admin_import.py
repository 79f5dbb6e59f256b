"""Editors import files on the ImportRun admin: size limit, type checks, report, dry run."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.conftest import SAMPLES
from zhiku.catalog.models import ImportRun, Person, Source, Work

pytestmark = pytest.mark.django_db

UPLOAD = "admin:ingest_importrun_upload"
PAGE = "网络空间治理\n作者：张三\n2013-07-15\n正文第一段，讨论网络空间治理。\n".encode()


def upload(client, *files, dry_run=False):
    data = {"files": list(files)}
    if dry_run:
        data["dry_run"] = "on"
    # English messages, so the assertions read the msgids
    return client.post(reverse(UPLOAD), data, follow=True, headers={"accept-language": "en"})


def test_the_changelist_links_to_the_import_page(admin_client):
    page = admin_client.get(reverse("admin:catalog_importrun_changelist")).content.decode()
    assert reverse(UPLOAD) in page
    form = admin_client.get(reverse(UPLOAD)).content.decode()
    assert 'type="file"' in form and "multiple" in form


def test_an_upload_runs_the_import_and_shows_its_report(admin_client):
    sample = SimpleUploadedFile("siis.txt", (SAMPLES / "siis-profile-and-article.txt").read_bytes())
    response = upload(admin_client, sample, SimpleUploadedFile("page.txt", PAGE))
    run = ImportRun.objects.get()
    assert response.redirect_chain[-1][0] == reverse(
        "admin:catalog_importrun_change", args=[run.pk]
    )
    assert run.user == "admin" and run.failed == 0
    assert Work.objects.filter(title="网络空间治理").exists()
    html = response.content.decode()
    assert "<table" in html and "siis.txt" in html and "duplicate_paragraphs" in html
    # an upload is named by its file name, so the same file again is unchanged
    assert set(Source.objects.values_list("uri", flat=True)) == {
        "upload:siis.txt",
        "upload:page.txt",
    }
    upload(admin_client, SimpleUploadedFile("page.txt", PAGE))
    latest = ImportRun.objects.order_by("-pk").first()
    assert (latest.created, latest.updated) == (0, 0)


def test_a_dry_run_shows_the_report_and_writes_nothing(admin_client):
    response = upload(admin_client, SimpleUploadedFile("page.txt", PAGE), dry_run=True)
    assert response.status_code == 200
    html = response.content.decode()
    assert "page.txt" in html and "<table" in html
    assert (ImportRun.objects.count(), Work.objects.count(), Person.objects.count()) == (0, 0, 0)


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("tool.exe", b"MZ\x90\x00", "not an accepted file type"),
        ("page.txt", b"\x00\x01\x02" * 50, "binary content"),
        ("page.html", b"just some words, no markup at all", "does not look like HTML"),
        ("works.jsonl", b"title,authors\n", "does not look like JSON Lines"),
        ("refs.bib", b"title = nothing here", "does not look like BibTeX"),
        ("empty.txt", b"", "file is empty"),
    ],
)
def test_files_of_the_wrong_type_are_refused_before_anything_is_imported(
    admin_client, name, content, reason
):
    response = upload(
        admin_client, SimpleUploadedFile(name, content), SimpleUploadedFile("ok.txt", PAGE)
    )
    html = response.content.decode()
    assert f"{name}: " in html and reason in html
    assert ImportRun.objects.count() == 0 and Work.objects.count() == 0


def test_an_upload_over_the_limit_is_cut_off(admin_client, settings):
    settings.ZHIKU_UPLOAD_MAX_BYTES = 1024
    response = upload(admin_client, SimpleUploadedFile("big.txt", PAGE * 100))
    assert "larger than the limit" in response.content.decode()
    assert ImportRun.objects.count() == 0


def test_only_staff_with_permission_may_upload(client, django_user_model):
    user = django_user_model.objects.create_user("reader", password="pw-123456", is_staff=True)
    client.force_login(user)
    response = client.post(reverse(UPLOAD), {"files": [SimpleUploadedFile("page.txt", PAGE)]})
    assert response.status_code == 403
    assert Work.objects.count() == 0


@pytest.mark.parametrize(("role", "allowed"), [("editor", True), ("administrator", True),
                                               ("researcher", False), (None, False)])  # fmt: skip
def test_editors_and_administrators_may_import_researchers_not(client, role, allowed):
    """Issue 14 #14: the upload asked for a permission no role held, so only superusers could
    import. ``catalog.import_records`` is granted to editors and administrators by their roles
    (a data migration applies it to existing installs)."""
    from django.contrib.auth.models import Group

    from tests.conftest import make_user

    client.force_login(make_user(role))
    page = client.get(reverse(UPLOAD))
    assert page.status_code == (200 if allowed else 403)
    response = upload(client, SimpleUploadedFile("page.txt", PAGE))
    assert Work.objects.filter(title="网络空间治理").exists() is allowed
    if not allowed:
        assert response.status_code == 403
    if role:
        granted = Group.objects.get(name=role).permissions.filter(codename="import_records")
        assert granted.exists() is allowed
    changelist = client.get(reverse("admin:catalog_importrun_changelist"))
    if changelist.status_code == 200:
        assert (reverse(UPLOAD) in changelist.content.decode()) is allowed
