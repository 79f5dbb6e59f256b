"""SQLite under concurrent use: readers, an admin editing and an ingest, all at once.

With WAL and BEGIN IMMEDIATE, readers never wait for writers and writers queue on the busy
timeout, so no user sees "database is locked". This runs real processes (`zhiku serve` with
several workers and `zhiku ingest`) on an SQLite file, whatever database the suite runs on.
"""

import json
import subprocess
import sys
import threading
import time

from tests.conftest import SAMPLES
from tests.servers import REPO, Browser, run_zhiku, serving, zhiku_env


def test_readers_admin_and_ingest_at_once_never_see_a_lock(tmp_path):
    data = tmp_path / "data"
    env = zhiku_env(
        data,
        f"sqlite:///{data / 'zhiku.sqlite3'}",
        DJANGO_SUPERUSER_PASSWORD="a-long-test-password-91",
    )
    run_zhiku("migrate", "-v0", env=env)
    run_zhiku("ingest", str(SAMPLES), env=env)
    run_zhiku(
        "createsuperuser", "--noinput", "--username", "editor", "--email", "e@example.org", env=env
    )
    corpus = tmp_path / "corpus.jsonl"
    subprocess.run(
        [sys.executable, "-m", "bench.corpus", "--works", "3000", "--out", str(corpus)],
        check=True,
        cwd=REPO,
    )

    failures: list[str] = []
    stop = threading.Event()
    with serving(env, workers=3) as (base, _server):

        def read_pages():
            reader = Browser(base)
            while not stop.is_set():
                for path in ("/", "/experts/lu-chuanying/", "/works/1/", "/experts/"):
                    status, body = reader.get(path)
                    if status != 200 or "locked" in body:
                        failures.append(f"GET {path}: {status}")

        readers = [threading.Thread(target=read_pages) for _ in range(3)]
        for thread in readers:
            thread.start()
        ingest = subprocess.Popen(
            [sys.executable, "-m", "zhiku", "ingest", str(corpus)],
            cwd=REPO,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        editor = Browser(base)
        status, _ = editor.submit(
            "/admin/login/", {"username": "editor", "password": "a-long-test-password-91"}
        )
        assert status == 200
        edits = 0
        while ingest.poll() is None or edits < 5:
            status, body = editor.submit(
                "/admin/catalog/work/1/change/",
                {"title": f"中美在网络问题上取得进展（修订{edits}）"},
            )
            if status != 200 or "locked" in body or "errornote" in body:
                failures.append(f"admin save {edits}: {status}")
            edits += 1
            time.sleep(0.05)
        output = ingest.communicate()[0]
        stop.set()
        for thread in readers:
            thread.join()
    assert ingest.returncode == 0, output
    assert "locked" not in output
    assert failures == []
    counts = run_zhiku(
        "shell",
        "-v",
        "0",
        "-c",
        "from zhiku.catalog.models import Work; print(Work.objects.count(), "
        "Work.objects.get(pk=1).title)",
        env=env,
    ).stdout.split()
    # every corpus record has its own id, and different ids never merge (the loader's rule)
    records = [json.loads(line) for line in corpus.read_text(encoding="utf-8").splitlines()]
    assert counts[0] == str(39 + len({r["id"] for r in records}))
    assert counts[1].startswith("中美在网络问题上取得进展（修订")
