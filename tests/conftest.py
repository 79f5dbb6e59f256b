"""Shared test set-up: the database the suite runs on, and small factories.

``ZHIKU_TEST_DB=postgresql`` runs the database tests on PostgreSQL: on the server named by
``ZHIKU_TEST_DATABASE_URL``, else on a throwaway cluster started here and removed afterwards.
A missing PostgreSQL fails the run; it is never silently skipped.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

import dj_database_url
import pytest

REPO = Path(__file__).resolve().parent.parent
SAMPLES = REPO / "samples"
SHARED_SAMPLES = REPO.parent / "shared" / "samples"


def database_vendor() -> str:
    return os.environ.get("ZHIKU_TEST_DB", "sqlite")


@pytest.fixture(scope="session")
def postgres_url():
    """URL of a PostgreSQL server for this session (a throwaway cluster unless one is given)."""
    given = os.environ.get("ZHIKU_TEST_DATABASE_URL")
    if given:
        yield given
        return
    from tests.pgcluster import Cluster

    cluster = Cluster().start()
    try:
        yield cluster.url
    finally:
        cluster.stop()


@pytest.fixture(scope="session")
def django_db_modify_db_settings(request, django_db_modify_db_settings_parallel_suffix):
    """Point Django at PostgreSQL before the test database is created, when asked to."""
    if database_vendor() != "postgresql":
        return
    from django.conf import settings
    from django.db import connections

    url = request.getfixturevalue("postgres_url")
    default = settings.DATABASES["default"]
    default.clear()
    default.update(dj_database_url.parse(url))
    connections.settings = connections.configure_settings(settings.DATABASES)
    with contextlib.suppress(AttributeError):  # no connection was opened yet
        del connections["default"]


@pytest.fixture(autouse=True)
def _data_dir(settings, tmp_path):
    """Every test gets its own data folder (search index, uploads): no test sees another's."""
    settings.DATA_DIR = tmp_path / "data"
    # Rate-limit counters persist across requests; tests that test limits switch them on.
    settings.ZHIKU_RATE_LIMITS = []
    # Cached pages are invalidated on commit, and most tests never commit (their transaction is
    # rolled back): tests of the page cache switch it on.
    settings.ZHIKU_PAGE_CACHE = False
    settings.ZHIKU_RATE_LIMIT_STORE = f"sqlite:///{tmp_path / 'ratelimit.sqlite3'}"


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in the default language: a request to /en/ leaves English active in
    the test's thread, and ``get_absolute_url()`` would then give /en/ URLs."""
    from django.utils import translation

    with translation.override("zh-hans"):
        yield


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Accounts made by tests hash with a fast hasher: PBKDF2's cost is for real passwords."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


# --- factories --------------------------------------------------------------------------------


def make_unit(**overrides):
    from zhiku.catalog.models import Unit
    from zhiku.catalog.slugs import unique_slug

    fields = {"name": "美洲研究中心", "kind": Unit.Kind.CENTRE} | overrides
    fields.setdefault("slug", unique_slug(Unit, fields["name"]))
    return Unit.objects.create(**fields)


def make_person(units=(), **overrides):
    from zhiku.catalog.models import Person, Position
    from zhiku.catalog.slugs import unique_slug

    fields = {"name": "鲁传颖", "name_en": "Lu Chuanying", "title": "研究员"} | overrides
    fields.setdefault("slug", unique_slug(Person, fields["name"]))
    person = Person.objects.create(**fields)
    for order, unit in enumerate(units):
        Position.objects.create(person=person, unit=unit, order=order)
    return person


def make_work(authors=(), **overrides):
    """A published work; ``authors`` are Person objects or plain names (unlinked)."""
    import datetime as dt

    from zhiku.catalog.models import Authorship, Work

    fields = {
        "title": "中美在网络问题上取得进展",
        "date": dt.date(2013, 7, 15),
        "body": "第一段。\n\n第二段。",
        "status": Work.Status.PUBLISHED,
    } | overrides
    work = Work.objects.create(**fields)
    for order, author in enumerate(authors):
        if isinstance(author, str):
            Authorship.objects.create(work=work, name_as_written=author, order=order)
        else:
            Authorship.objects.create(
                work=work, person=author, name_as_written=author.name, order=order
            )
    return work


PASSWORD = "correct horse battery staple"


def make_user(role=None, person=None, **overrides):
    """A back-office account with ``role`` (administrator, editor, researcher) and a profile."""
    from django.contrib.auth.models import Group, User

    from zhiku.editorial.roles import sync_roles

    fields = {"username": f"user{User.objects.count() + 1}", "is_staff": True} | overrides
    user = User.objects.create_user(password=PASSWORD, **fields)
    if role:
        if not Group.objects.filter(name=role).exists():
            sync_roles()  # a transactional test flushed the groups the migration made
        user.groups.add(Group.objects.get(name=role))
    if person is not None:
        person.user = user
        person.save(update_fields=["user"])
    return user
