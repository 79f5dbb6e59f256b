"""The audit log records sign-ins, failed sign-ins, imports, publications and role changes."""

import pytest
from django.contrib.auth.models import Group, User
from django.core.management import call_command
from django.urls import reverse

from tests.conftest import PASSWORD, SAMPLES, make_person, make_user
from tests.integration.conftest import form_data
from zhiku.editorial.models import AuditEntry

pytestmark = pytest.mark.django_db
LOGIN = "/admin/login/"


def actions():
    entries = AuditEntry.objects.exclude(action="role_change").order_by("pk")
    return list(entries.values_list("action", "actor_name"))


def test_sign_in_failure_and_sign_out(client):
    make_user("editor", username="alice")
    client.post(LOGIN, {"username": "alice", "password": "wrong"}, REMOTE_ADDR="198.51.100.7")
    client.post(LOGIN, {"username": "alice", "password": PASSWORD}, REMOTE_ADDR="198.51.100.7")
    client.post(reverse("admin:logout"))
    assert actions() == [("login_failed", "alice"), ("login", "alice"), ("logout", "alice")]
    signins = AuditEntry.objects.filter(action__in=["login", "login_failed"])
    assert set(signins.values_list("ip", flat=True)) == {"198.51.100.7"}
    assert "wrong" not in str(list(AuditEntry.objects.values_list("detail", flat=True)))


def test_an_import_is_logged_with_its_counts(db):
    call_command(
        "ingest", str(SAMPLES / "siis-profile-and-article.txt"), "--user", "ops", verbosity=0
    )
    entry = AuditEntry.objects.get(action="import")
    assert entry.actor_name == "ops"
    assert entry.detail["counts"]["created"] > 0 and entry.detail["state"] == "finished"


def test_role_changes_in_the_admin_are_logged_with_who_did_them(client):
    admin = make_user("administrator", username="root")
    alice = make_user(None, username="alice")
    client.force_login(admin)
    url = reverse("admin:auth_user_change", args=[alice.pk])
    editor = Group.objects.get(name="editor")
    client.post(url, form_data(client, url, groups=str(editor.pk)))
    entry = AuditEntry.objects.get(
        action="role_change", target_repr="alice", detail__change="added"
    )
    assert (entry.actor, entry.target_repr, entry.detail["groups"]) == (admin, "alice", ["editor"])


def test_superuser_flag_and_the_role_command_are_logged(db):
    user = make_user(None, username="bob", is_staff=False)
    assert not AuditEntry.objects.exists()  # an account without a role is no role change
    make_person(slug="wang-wu", name="王五", name_en="Wang Wu")
    call_command("role", "bob", "researcher", "--person", "wang-wu", verbosity=0)
    user.refresh_from_db()
    user.is_superuser = True
    user.save()
    changes = AuditEntry.objects.filter(action="role_change").order_by("pk")
    assert [e.detail for e in changes] == [
        {"change": "added", "groups": ["researcher"]},
        {"is_staff": True},
        {"is_superuser": True},
    ]


def test_the_audit_log_cannot_be_edited_or_deleted(client):
    client.force_login(make_user("administrator"))
    entry = AuditEntry.objects.create(action="login", actor_name="x")
    assert client.get(reverse("admin:editorial_auditentry_changelist")).status_code == 200
    assert (
        client.post(
            reverse("admin:editorial_auditentry_delete", args=[entry.pk]), {"post": "yes"}
        ).status_code
        == 403
    )
    superuser = User.objects.create_superuser("su", password=PASSWORD)
    client.force_login(superuser)
    assert (
        client.post(
            reverse("admin:editorial_auditentry_delete", args=[entry.pk]), {"post": "yes"}
        ).status_code
        == 403
    )
    assert AuditEntry.objects.filter(pk=entry.pk).exists()
