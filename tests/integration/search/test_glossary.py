"""The editors' glossary: loaded from the shipped file, edited in the admin, followed by
searches without a reindex."""

import importlib

import pytest
from django.urls import reverse

from tests.conftest import make_user, make_work
from tests.integration.search.conftest import titles
from zhiku.search import glossary
from zhiku.search.concepts import concepts
from zhiku.search.models import GlossaryEntry
from zhiku.search.vocabulary import shipped_glossary

pytestmark = pytest.mark.django_db
# test_a_search_uses_the_editors_glossary commits (live_search): the others roll back.


@pytest.fixture(autouse=True)
def _fresh_glossary():
    glossary.forget()
    yield
    glossary.forget()


def expansions(word: str) -> set[str]:
    (concept,) = concepts(word)
    return {term for alt in concept[1:] for _, term in alt.terms}


def test_the_migration_loads_the_shipped_glossary():
    from django.apps import apps

    migration = importlib.import_module("zhiku.search.migrations.0003_load_glossary")
    GlossaryEntry.objects.all().delete()  # a flushing test may have emptied it already
    migration.load(apps, None)
    rows = [(entry.variants(), entry.weight) for entry in GlossaryEntry.objects.all()]
    assert rows == [(group.variants, group.weight) for group in shipped_glossary()]


def test_an_empty_table_means_the_shipped_glossary():
    GlossaryEntry.objects.all().delete()
    glossary.sync()
    assert "cybersecur" in expansions("网络安全")


def test_an_edit_reaches_the_next_search_without_a_reindex():
    assert not expansions("稀土")
    entry = GlossaryEntry.objects.create(terms="稀土\nrare earths\n稀土元素")
    glossary.sync()  # the save itself marks the glossary stale
    assert {"稀土元素", "rare", "earth"} <= expansions("稀土")
    entry.active = False
    entry.save()
    glossary.sync()
    assert not expansions("稀土")


def test_a_search_uses_the_editors_glossary(live_search):
    from zhiku.search.service import search

    make_work(title="Rare earths and export controls", language="en")
    make_work(title="稀土出口管制的影响")
    assert titles(search("稀土")) == ["稀土出口管制的影响"]
    GlossaryEntry.objects.create(terms="稀土 | rare earths")
    assert titles(search("稀土")) == [
        "稀土出口管制的影响",  # the typed word first
        "Rare earths and export controls",
    ]


def test_editors_edit_the_glossary_in_the_admin(client):
    client.force_login(make_user("editor"))
    listing = client.get(reverse("admin:search_glossaryentry_changelist"))
    assert listing.status_code == 200 and "cyber" in listing.content.decode()
    response = client.post(
        reverse("admin:search_glossaryentry_add"),
        {"terms": "碳关税\n碳边境调节机制\nCBAM", "weight": "0.5", "active": "on", "note": ""},
    )
    assert response.status_code == 302
    assert GlossaryEntry.objects.filter(terms__startswith="碳关税").exists()
    one = client.post(
        reverse("admin:search_glossaryentry_add"),
        {"terms": "孤零零", "weight": "0.5", "active": "on", "note": ""},
    )
    assert one.status_code == 200 and one.context["adminform"].form.errors["terms"]
    assert not GlossaryEntry.objects.filter(terms="孤零零").exists()


def test_researchers_do_not_edit_the_glossary(client):
    client.force_login(make_user("researcher"))
    assert client.get(reverse("admin:search_glossaryentry_changelist")).status_code == 403
