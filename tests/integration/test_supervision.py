"""``zhiku serve`` supervises its search indexer so that it cannot hang (issue 14, case 18).

The indexer used to be started from a thread while gunicorn forked its workers; a worker could
inherit the start-up pipe, the start never returned, and a killed indexer was never started
again, with nothing logged and ``/healthz`` saying ok. These run the real server: every start
serves with a live indexer, a ``kill -9`` of the indexer is logged and repaired while
``/healthz`` says 503 in between, and a work withdrawn afterwards leaves search.
"""

import json
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

import psutil
import pytest

from tests.conftest import SAMPLES
from tests.servers import REPO, free_port, run_zhiku, zhiku_env

STARTS = 5
ZHIKU = (sys.executable, "-m", "zhiku")
WORKERS = 5


@pytest.fixture(scope="module")
def instance(tmp_path_factory):
    data = tmp_path_factory.mktemp("supervised")
    env = zhiku_env(data, f"sqlite:///{data / 'zhiku.sqlite3'}", ZHIKU_LOG_LEVEL="INFO")
    run_zhiku("migrate", "-v0", env=env)
    run_zhiku("ingest", str(SAMPLES), env=env)
    run_zhiku("collectstatic", "--noinput", "-v0", env=env)
    return env


def status_of(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:  # our own loopback server
            return response.status
    except urllib.error.HTTPError as exc:
        return exc.code
    except (urllib.error.URLError, OSError):
        return 0


def get_json(url: str) -> dict:
    with urllib.request.urlopen(url, timeout=10) as response:  # our own loopback server
        return json.load(response)


def start(env: dict, log_path) -> tuple[subprocess.Popen, str]:
    port = free_port()
    log = open(log_path, "w")  # noqa: SIM115 - closed by stop()
    proc = subprocess.Popen(
        [*ZHIKU, "serve", "--no-collectstatic", "--port", str(port), "--workers", str(WORKERS)],
        cwd=REPO,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    proc.log = log  # type: ignore[attr-defined]
    return proc, f"http://127.0.0.1:{port}"


def stop(proc: subprocess.Popen, kill: bool = False) -> None:
    """Stop the server (with ``kill``: ``kill -9`` of it and its children, which is quicker)."""
    if kill:
        for child in psutil.Process(proc.pid).children(recursive=True):
            child.kill()
        proc.kill()
    proc.terminate()
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        for child in psutil.Process(proc.pid).children(recursive=True):
            child.kill()
        proc.kill()
        proc.wait()
    proc.log.close()  # type: ignore[attr-defined]


def wait_for(predicate, timeout: float, step: float = 0.1) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(step)
    return False


def indexers(proc: subprocess.Popen) -> list[psutil.Process]:
    """The live `zhiku indexer` children of the server (not a zombie awaiting its reaping)."""
    found = []
    for child in psutil.Process(proc.pid).children():
        try:
            if child.status() != psutil.STATUS_ZOMBIE and "indexer" in child.cmdline():
                found.append(child)
        except psutil.Error:  # gone or a zombie meanwhile
            continue
    return found


def test_every_start_serves_with_a_live_indexer_that_comes_back(instance, tmp_path):
    """Several starts with 5 workers each: /healthz is 200 only with a beating indexer, and a
    ``kill -9`` of the indexer is repaired. With the start racing the forks, a start could
    hang in Popen, and the indexer then never came back."""
    failures = []
    for attempt in range(STARTS):
        proc, base = start(instance, tmp_path / f"serve-{attempt}.log")
        try:
            if not wait_for(lambda base=base: status_of(f"{base}/healthz") == 200, timeout=30):
                failures.append(f"start {attempt}: /healthz never 200")
                continue
            alive = indexers(proc)
            if len(alive) != 1 or status_of(f"{base}/works/1/") != 200:
                failures.append(f"start {attempt}: {len(alive)} indexers, or no page")
                continue
            alive[0].kill()
            if not wait_for(
                lambda proc=proc, old=alive[0].pid: (
                    [p.pid for p in indexers(proc)] not in ([], [old])
                ),
                timeout=20,
            ):
                failures.append(f"start {attempt}: the killed indexer was not restarted")
        finally:
            stop(proc, kill=True)
    logs = "\n".join(p.read_text()[-2000:] for p in sorted(tmp_path.glob("serve-*.log")))
    assert not failures, "\n".join(failures) + "\n" + logs


def test_a_killed_indexer_is_restarted_logged_and_healthz_says_so(instance, tmp_path):
    log_path = tmp_path / "serve.log"
    proc, base = start(instance, log_path)
    try:
        assert wait_for(lambda: status_of(f"{base}/healthz") == 200, timeout=30), (
            log_path.read_text()
        )
        (victim,) = indexers(proc)
        os.kill(victim.pid, signal.SIGKILL)
        assert wait_for(lambda: status_of(f"{base}/healthz") == 503, timeout=10, step=0.05)
        try:  # the 503 names the indexer
            urllib.request.urlopen(f"{base}/healthz", timeout=5)
        except urllib.error.HTTPError as exc:
            detail = json.load(exc)["checks"]["search"]["detail"]
            assert "indexer" in detail, detail
        assert wait_for(lambda: status_of(f"{base}/healthz") == 200, timeout=40), (
            log_path.read_text()
        )
        log = log_path.read_text()
        assert f"search indexer (pid {victim.pid}) was killed by SIGKILL" in log, log
        assert "search indexer restarted" in log, log
        (successor,) = indexers(proc)
        assert successor.pid != victim.pid

        # The new indexer follows the log: a withdrawn work leaves search.
        work = get_json(f"{base}/api/v1/works")["results"][0]
        title = work["title"]
        query = urllib.parse.urlencode({"q": f'"{title}"'})
        assert get_json(f"{base}/api/v1/search?{query}")["total"] >= 1
        run_zhiku(
            "shell",
            "-c",
            "from zhiku.catalog.models import Work; "
            f"w = Work.objects.get(pk={work['id']}); w.status = 'withdrawn'; w.save()",
            env=instance,
        )
        assert wait_for(
            lambda: (
                work["id"]
                not in [r["id"] for r in get_json(f"{base}/api/v1/search?{query}")["results"]]
            ),
            timeout=15,
            step=0.25,
        ), "the withdrawn work is still searchable"
    finally:
        stop(proc)
