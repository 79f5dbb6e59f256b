"""``kill -9`` in the middle of an import: the database stays consistent (pages whole or absent,
JSON Lines batches whole or absent), and running the same command again completes the job,
ending exactly where an uninterrupted run ends.

The import runs as a real ``zhiku`` process on its own database (a file for SQLite, a fresh
database on the test cluster for PostgreSQL), so nothing of the test's own transaction helps.
"""

import contextlib
import json
import os
import signal
import subprocess
import sys
import uuid

import pytest

from tests.conftest import REPO, database_vendor
from tests.integration.test_bad_input import GOOD

#: Printed by a child process: everything the import wrote, as comparable data.
SNAPSHOT = """
import json, django
django.setup()
from zhiku.catalog.models import Authorship, Person, Source, Work
from zhiku.ingest.models import BodyFingerprint
works = {w.pk: w for w in Work.objects.all()}
authorships = Authorship.objects.select_related("person")
data = {
    "works": sorted([w.title, w.body, w.date_display, w.type, w.content_hash]
                    for w in works.values()),
    "authors": sorted([works[a.work_id].title, a.order, a.name_as_written,
                       a.person.name if a.person else None] for a in authorships),
    "people": sorted(Person.objects.values_list("name", "slug")),
    "sources": sorted([s.uri.rsplit("/", 1)[-1], s.record_hash] for s in Source.objects.all()),
    "orphans": {
        "works_without_source": Work.objects.filter(sources__isnull=True).count(),
        "fingerprints_without_work":
            BodyFingerprint.objects.exclude(work__in=Work.objects.all()).count(),
    },
}
print(json.dumps(data, ensure_ascii=False, default=list))
"""


@pytest.fixture
def database(tmp_path, request):
    """A URL of an empty database the child processes share (migrated)."""
    if database_vendor() == "postgresql":
        import psycopg

        server = request.getfixturevalue("postgres_url")
        name = f"zhiku_kill_{uuid.uuid4().hex[:8]}"
        with psycopg.connect(server, autocommit=True) as conn:
            conn.execute(f"CREATE DATABASE {name}")
        url = server.rsplit("/", 1)[0] + "/" + name
    else:
        url = f"sqlite:///{tmp_path / 'kill.sqlite3'}"
    zhiku(url, "migrate", "--no-input")
    yield url
    if database_vendor() == "postgresql":
        with psycopg.connect(server, autocommit=True) as conn, contextlib.suppress(Exception):
            conn.execute(f"DROP DATABASE {name} WITH (FORCE)")


def environment(url: str) -> dict[str, str]:
    return {**os.environ, "ZHIKU_DATABASE_URL": url, "PYTHONUNBUFFERED": "1",
            "DJANGO_SETTINGS_MODULE": "zhiku.settings"}  # fmt: skip


def zhiku(url: str, *args: str) -> subprocess.CompletedProcess:
    result = subprocess.run(
        [sys.executable, "-m", "zhiku", *args],
        cwd=REPO, env=environment(url), capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr + result.stdout
    return result


def snapshot(url: str) -> dict:
    result = subprocess.run(
        [sys.executable, "-c", SNAPSHOT],
        cwd=REPO, env=environment(url), capture_output=True, text=True, timeout=120, check=True,
    )  # fmt: skip
    return json.loads(result.stdout)


@pytest.fixture
def inputs(tmp_path):
    """Pages before and after a JSON Lines file big enough to be killed in the middle of."""
    folder = tmp_path / "inputs"
    folder.mkdir()
    for n in range(4):
        (folder / f"a{n}.txt").write_text(GOOD.replace("网络空间治理", f"网络空间治理之{n}"))
        (folder / f"z{n}.txt").write_text(GOOD.replace("网络空间治理", f"全球治理之{n}"))
    sys.path.insert(0, str(REPO))
    from bench.corpus import write_corpus

    write_corpus(folder / "m-works.jsonl", works=1500, seed=7)
    (folder / "m-works.jsonl.done").unlink()
    return folder


def test_kill_9_mid_input_then_rerun_completes_the_job(inputs, database, tmp_path):
    reference = f"sqlite:///{tmp_path / 'reference.sqlite3'}"
    zhiku(reference, "migrate", "--no-input")
    zhiku(reference, "ingest", str(inputs))
    expected = snapshot(reference)

    child = subprocess.Popen(
        [sys.executable, "-m", "zhiku", "ingest", str(inputs)],
        cwd=REPO, env=environment(database), stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
        text=True,
    )  # fmt: skip
    # The pages a0…a3 come first; once the fourth is reported, the JSON Lines file is loading.
    for line in child.stdout:
        if "a3.txt" in line:
            break
    child.send_signal(signal.SIGKILL)
    child.wait(timeout=60)
    assert child.returncode == -signal.SIGKILL

    killed = snapshot(database)
    assert killed["orphans"] == {"works_without_source": 0, "fingerprints_without_work": 0}
    loaded = {uri for uri, _ in killed["sources"]}
    assert {"a0.txt", "a1.txt", "a2.txt", "a3.txt"} <= loaded
    assert not loaded & {"z0.txt", "z1.txt", "z2.txt", "z3.txt"}
    # killed inside the JSON Lines file: only whole batches of 500 records are there
    from_jsonl = sum(1 for uri, _ in killed["sources"] if uri == "m-works.jsonl")
    assert from_jsonl % 500 == 0 and from_jsonl < 1500
    assert len(killed["works"]) == 4 + from_jsonl

    rerun = zhiku(database, "ingest", str(inputs))
    assert snapshot(database) == expected
    assert "a0.txt (works: 1 unchanged)" in rerun.stdout
    # the killed run is no longer shown as running: the re-run marked it interrupted
    runs = subprocess.run(
        [sys.executable, "-c", RUNS], cwd=REPO, env=environment(database),
        capture_output=True, text=True, timeout=120, check=True,
    )  # fmt: skip
    first, second = json.loads(runs.stdout)
    assert first == ["interrupted", {"pid": child.pid, "works": 4 + from_jsonl}]
    assert second[0] == "finished"


RUNS = """
import json, django
django.setup()
from zhiku.catalog.models import ImportRun
runs = ImportRun.objects.order_by("pk")
print(json.dumps([[r.state, r.report.get("interrupted")] for r in runs]))
"""
