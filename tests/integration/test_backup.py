"""`zhiku backup` and `zhiku restore`: a backup restored into an empty instance has everything."""

import json
import re
from urllib.parse import quote

import pytest

from tests.conftest import SAMPLES, database_vendor
from tests.servers import run_zhiku, zhiku_env

COUNTS = (
    "import json; from zhiku.catalog.models import Work, Person, Source, Unit; "
    "print(json.dumps({'works': sorted(Work.objects.values_list('title', flat=True)), "
    "'people': sorted(Person.objects.values_list('name', flat=True)), "
    "'sources': Source.objects.count(), 'units': Unit.objects.count()}, ensure_ascii=False))"
)


@pytest.fixture
def instance_urls(tmp_path, request):
    """Two database URLs: the instance that is backed up and an empty one to restore into."""
    if database_vendor() != "postgresql":
        return [f"sqlite:///{tmp_path / name / 'zhiku.sqlite3'}" for name in ("one", "two")]
    import psycopg

    url = request.getfixturevalue("postgres_url")
    host = url.split("@", 1)[1].split("/", 1)[0]
    names = [f"backup_{request.node.name[-20:].lower()}_{n}".replace("-", "_") for n in (1, 2)]
    with psycopg.connect(f"postgresql://postgres@{host}/postgres", autocommit=True) as conn:
        for name in names:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
            conn.execute(f'CREATE DATABASE "{name}"')
    return [f"postgresql://postgres@{host}/{quote(name)}" for name in names]


def counts(env) -> dict:
    return json.loads(run_zhiku("shell", "-v", "0", "-c", COUNTS, env=env).stdout)


def test_backup_restores_into_an_empty_instance(tmp_path, instance_urls):
    first = zhiku_env(tmp_path / "data1", instance_urls[0])
    run_zhiku("migrate", "-v0", env=first)
    run_zhiku("ingest", str(SAMPLES), env=first)
    before = counts(first)
    assert len(before["works"]) == 39 and before["people"] == ["鲁传颖"]

    out = run_zhiku("backup", str(tmp_path / "backups") + "/", env=first).stdout
    backup_file = out.split("wrote ", 1)[1].split(" (", 1)[0]

    second = zhiku_env(tmp_path / "data2", instance_urls[1])
    run_zhiku("restore", backup_file, env=second)
    assert counts(second) == before
    # the restored instance is a working one: re-importing the sample changes nothing
    again = run_zhiku("ingest", str(SAMPLES), env=second).stdout
    assert re.search(r"^works\s+0\s+0\s+39$", again, re.MULTILINE), again


def test_restore_refuses_to_overwrite_data_without_force(tmp_path, instance_urls):
    env = zhiku_env(tmp_path / "data", instance_urls[0])
    run_zhiku("migrate", "-v0", env=env)
    run_zhiku("ingest", str(SAMPLES), env=env)
    backup_file = tmp_path / "b.backup"
    run_zhiku("backup", str(backup_file), env=env)
    refused = run_zhiku("restore", str(backup_file), env=env, check=False)
    assert refused.returncode != 0
    assert "--force" in refused.stderr and "Traceback" not in refused.stderr
    run_zhiku("restore", str(backup_file), "--force", env=env)


def test_restore_rejects_a_file_that_is_not_a_backup(tmp_path, instance_urls):
    env = zhiku_env(tmp_path / "data", instance_urls[0])
    bogus = tmp_path / "notes.txt"
    bogus.write_text("not a backup", encoding="utf-8")
    result = run_zhiku("restore", str(bogus), env=env, check=False)
    assert result.returncode != 0
    assert "not a zhiku backup" in result.stderr and "Traceback" not in result.stderr
