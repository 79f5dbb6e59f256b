"""Operating zhiku: health checks, clear failures for broken databases, production settings."""

import contextlib
import os
import resource
import signal
import subprocess
import sys

import pytest
from django.db import OperationalError

from tests.conftest import SAMPLES
from tests.servers import REPO, run_zhiku, zhiku_env
from zhiku.ops import health


@pytest.mark.django_db
def test_healthz_reports_the_database(client):
    from zhiku.search.indexer import apply_pending

    apply_pending()  # the writer builds the (empty) search index: /healthz only reads it
    response = client.get("/healthz")
    assert response.status_code == 200
    data = response.json()
    assert data["status"] == "ok"
    assert data["checks"]["database"]["ok"] is True


@pytest.mark.django_db
def test_healthz_is_503_naming_the_failing_check(client, monkeypatch):
    def broken():
        raise OperationalError("could not connect to server")

    monkeypatch.setitem(health.CHECKS, "database", broken)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"]["database"] == {
        "ok": False,
        "detail": "OperationalError: could not connect to server",
        "ms": response.json()["checks"]["database"]["ms"],
    }


@pytest.mark.django_db
def test_a_database_failure_on_a_page_is_a_readable_503(client, monkeypatch):
    from zhiku.catalog import views

    class Unreachable:
        class objects:  # stands in for a model manager
            @staticmethod
            def published():
                raise OperationalError("could not connect to server: Connection refused")

    monkeypatch.setattr(views, "Work", Unreachable)
    response = client.get("/")
    assert response.status_code == 503
    assert response["Retry-After"] == "60"
    page = response.content.decode()
    assert "暂时无法访问" in page and "Traceback" not in page


def test_production_without_a_secret_refuses_to_start(tmp_path):
    env = zhiku_env(tmp_path, ZHIKU_DEBUG="0")
    result = run_zhiku("check", env=env, check=False)
    assert result.returncode == 2
    assert result.stderr.startswith("zhiku: configuration error: ZHIKU_SECRET_KEY is not set")
    assert "Traceback" not in result.stderr


def test_production_settings_pass_check_deploy(tmp_path):
    env = zhiku_env(
        tmp_path,
        ZHIKU_DEBUG="0",
        ZHIKU_SECRET_KEY="x" * 20 + "production-grade-secret-value-that-is-long-and-random-91f3",
        ZHIKU_ALLOWED_HOSTS="think-tank.example.org",
    )
    result = run_zhiku("check", "--deploy", "--fail-level", "WARNING", env=env, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@contextlib.contextmanager
def read_only(path):
    """Make ``path`` unwritable, even for root (immutable attribute), then restore it."""
    if os.geteuid() == 0:
        subprocess.run(["chattr", "+i", str(path)], check=True)
        try:
            yield
        finally:
            subprocess.run(["chattr", "-i", str(path)], check=True)
    else:
        path.chmod(0o444)
        try:
            yield
        finally:
            path.chmod(0o644)


def sqlite_instance(tmp_path):
    env = zhiku_env(tmp_path / "data", f"sqlite:///{tmp_path / 'data' / 'zhiku.sqlite3'}")
    run_zhiku("migrate", "-v0", env=env)
    return env, tmp_path / "data" / "zhiku.sqlite3"


def test_read_only_database_gives_a_clear_error(tmp_path):
    env, db = sqlite_instance(tmp_path)
    with read_only(db):
        result = run_zhiku("ingest", str(SAMPLES), env=env, check=False)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "read-only" in result.stderr or "read-only" in result.stdout


def test_full_disk_gives_a_clear_error_and_loses_nothing(tmp_path):
    env, db = sqlite_instance(tmp_path)
    run_zhiku("ingest", str(SAMPLES / "siis-profile-and-article.txt"), env=env)
    corpus = tmp_path / "corpus.jsonl"
    subprocess.run(
        [sys.executable, "-m", "bench.corpus", "--works", "1500", "--out", str(corpus)],
        check=True,
        cwd=REPO,
    )
    limit = db.stat().st_size + 150_000

    def small_disk():  # the file may not grow past `limit`, as on a nearly full disk
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    result = run_zhiku("ingest", str(corpus), env=env, check=False, preexec_fn=small_disk)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr + result.stdout
    assert "disk" in (result.stdout + result.stderr)
    # what was there before is intact and the database is consistent
    check = run_zhiku(
        "shell",
        "-v",
        "0",
        "-c",
        "from django.db import connection; c = connection.cursor(); "
        "print(c.execute('PRAGMA integrity_check').fetchone()[0]); "
        "from zhiku.catalog.models import Work; print(Work.objects.count())",
        env=env,
    ).stdout.split()
    assert check == ["ok", "39"]


@pytest.mark.django_db
def test_healthz_fails_on_a_full_disk(client, monkeypatch, settings):
    """Issue 14, case 21: a full data disk fails every write while reads still look fine."""
    import shutil
    from collections import namedtuple

    from zhiku.search.indexer import apply_pending

    apply_pending()
    usage = namedtuple("usage", "total used free")
    settings.ZHIKU_MIN_FREE_MB = 200
    monkeypatch.setattr(shutil, "disk_usage", lambda path: usage(10**12, 10**12, 10**9))
    response = client.get("/healthz")
    assert response.status_code == 200 and response.json()["checks"]["disk"]["ok"] is True

    monkeypatch.setattr(shutil, "disk_usage", lambda path: usage(10**12, 10**12, 50_000_000))
    response = client.get("/healthz")
    assert response.status_code == 503
    check = response.json()["checks"]["disk"]
    assert check["ok"] is False
    assert check["detail"].startswith("DiskFull: 50 MB free on the data folder")
    assert "ZHIKU_MIN_FREE_MB=200" in check["detail"]

    settings.ZHIKU_MIN_FREE_MB = 0  # the check is off
    assert client.get("/healthz").status_code == 200
