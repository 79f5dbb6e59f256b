"""Accounts in the admin: administrators manage them, but cannot raise anyone above themselves
(issue 14 #15: an administrator could tick is_superuser on their own account)."""

import pytest
from django.contrib.auth.models import Group, Permission, User
from django.urls import reverse

from tests.conftest import make_user
from tests.integration.conftest import form_data

pytestmark = pytest.mark.django_db


def user_url(user) -> str:
    return reverse("admin:auth_user_change", args=[user.pk])


def group_url(group) -> str:
    return reverse("admin:auth_group_change", args=[group.pk])


@pytest.fixture
def administrator(client):
    user = make_user("administrator", username="root")
    client.force_login(user)
    return user


def test_an_administrator_cannot_make_itself_superuser(client, administrator):
    url = user_url(administrator)
    data = form_data(client, url, first_name="Root", is_superuser="on", is_staff="on")
    page = client.get(url).content.decode()
    assert 'name="is_superuser"' not in page  # shown, not editable
    assert client.post(url, data).status_code == 302
    administrator.refresh_from_db()
    assert administrator.first_name == "Root"  # the rest of the form was saved
    assert not administrator.is_superuser


def test_an_administrator_cannot_grant_staff_superuser_or_single_permissions(client, administrator):
    other = make_user(None, username="guest", is_staff=False)
    delete_audit = Permission.objects.get(codename="delete_auditentry")
    data = form_data(
        client,
        user_url(other),
        is_staff="on",
        is_superuser="on",
        user_permissions=[delete_audit.pk],
    )
    client.post(user_url(other), data)
    other.refresh_from_db()
    assert (other.is_staff, other.is_superuser) == (False, False)
    assert not other.user_permissions.exists()


def test_an_administrator_may_give_roles_but_not_a_group_beyond_its_own_rights(
    client, administrator
):
    other = make_user(None, username="alice")
    editor = Group.objects.get(name="editor")
    client.post(user_url(other), form_data(client, user_url(other), groups=[editor.pk]))
    assert list(other.groups.all()) == [editor]

    powerful = Group.objects.create(name="powerful")
    powerful.permissions.add(Permission.objects.get(codename="delete_auditentry"))
    response = client.post(
        user_url(administrator),
        form_data(
            client,
            user_url(administrator),
            groups=[Group.objects.get(name="administrator").pk, powerful.pk],
        ),
    )
    assert response.status_code == 200  # the form again, saying why
    assert "editorial.delete_auditentry" in response.content.decode()
    assert not administrator.groups.filter(name="powerful").exists()


def test_an_administrator_cannot_put_permissions_it_lacks_into_a_group(client, administrator):
    editor = Group.objects.get(name="editor")
    held = list(editor.permissions.values_list("pk", flat=True))
    delete_audit = Permission.objects.get(codename="delete_auditentry")
    response = client.post(
        group_url(editor),
        form_data(client, group_url(editor), permissions=[*held, delete_audit.pk]),
    )
    assert response.status_code == 200
    assert not editor.permissions.filter(pk=delete_audit.pk).exists()
    view_audit = Permission.objects.get(codename="view_auditentry")  # one it holds: allowed
    response = client.post(
        group_url(editor),
        form_data(client, group_url(editor), permissions=[*held, view_audit.pk]),
    )
    assert response.status_code == 302
    assert editor.permissions.filter(pk=view_audit.pk).exists()


def test_an_administrator_cannot_take_over_a_superuser(client, administrator):
    boss = User.objects.create_superuser("boss", password="x" * 20)
    password_url = reverse("admin:auth_user_password_change", args=[boss.pk])
    client.post(password_url, {"password1": "new-pass-Word-42!", "password2": "new-pass-Word-42!"})
    client.post(reverse("admin:auth_user_delete", args=[boss.pk]), {"post": "yes"})
    client.post(user_url(boss), {"username": "taken"})
    boss.refresh_from_db()
    assert boss.check_password("x" * 20) and boss.username == "boss"
    assert client.get(user_url(boss)).status_code == 200  # still visible, read-only


def test_a_superuser_may_grant_superuser_and_staff(admin_client):
    other = make_user(None, username="guest", is_staff=False)
    data = form_data(admin_client, user_url(other), is_staff="on", is_superuser="on")
    assert admin_client.post(user_url(other), data).status_code == 302
    other.refresh_from_db()
    assert other.is_staff and other.is_superuser
