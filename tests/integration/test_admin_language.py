"""The back office speaks the editor's language: the switch's cookie, else the browser's."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("cookie", "accept", "lang"),
    [
        (None, None, "zh-hans"),
        ("en", None, "en"),
        (None, "en-GB,en;q=0.8", "en"),
        ("zh-hans", "en", "zh-hans"),
    ],
)
def test_admin_language_follows_the_choice(admin_client, cookie, accept, lang):
    if cookie:
        admin_client.cookies["django_language"] = cookie
    headers = {"accept-language": accept} if accept else {}
    page = admin_client.get("/admin/", headers=headers).content.decode()
    assert f'<html lang="{lang}"' in page


def test_the_admin_switch_link_changes_the_language(admin_client):
    page = admin_client.get("/admin/").content.decode()
    assert 'href="/language/en/?next=%2Fadmin%2F"' in page
    admin_client.get("/language/en/?next=/admin/")
    assert '<html lang="en"' in admin_client.get("/admin/").content.decode()
