"""A read-only data folder (issue 14, case 20): one clear line and exit 2, never a traceback.

`zhiku backup`, `zhiku search` and `zhiku indexer --once` printed tracebacks, and `zhiku serve`
failed in collectstatic, which rewrote every hashed file at each start.
"""

import contextlib
import os
import subprocess

import pytest

from tests.conftest import SAMPLES
from tests.servers import run_zhiku, zhiku_env

pytestmark = pytest.mark.skipif(os.geteuid() != 0, reason="chattr +i needs root")


@contextlib.contextmanager
def read_only_tree(folder):
    """Make ``folder`` and everything in it immutable (even for root), then restore it."""
    subprocess.run(["chattr", "-R", "+i", str(folder)], check=False, capture_output=True)
    try:
        yield
    finally:
        subprocess.run(["chattr", "-R", "-i", str(folder)], check=False, capture_output=True)


@pytest.fixture(scope="module")
def instance(tmp_path_factory):
    root = tmp_path_factory.mktemp("read-only")
    data = root / "data"
    env = zhiku_env(
        data,
        f"sqlite:///{data / 'zhiku.sqlite3'}",
        ZHIKU_DEBUG="0",
        ZHIKU_SECRET_KEY="read-only-test-secret-" + "k" * 40,
    )
    run_zhiku("migrate", "-v0", env=env)
    run_zhiku("ingest", str(SAMPLES / "siis-profile-and-article.txt"), env=env)
    run_zhiku("shell", "-c", "from zhiku.ops import static; static.collect()", env=env)
    return root, data, env


def one_clear_line(result) -> str:
    assert result.returncode == 2, result.stdout + result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


def test_backup_says_the_data_folder_cannot_be_written(instance):
    root, data, env = instance
    with read_only_tree(data):
        line = one_clear_line(run_zhiku("backup", str(root / "copy.sqlite3"), env=env, check=False))
    assert f"the folder {data} cannot be written" in line
    assert not (root / "copy.sqlite3.partial").exists()
    assert run_zhiku("backup", str(root / "copy.sqlite3"), env=env).returncode == 0


def test_search_says_the_index_needs_a_writable_folder(instance):
    _root, data, env = instance
    assert "result(s)" in run_zhiku("search", "网络", env=env).stdout
    with read_only_tree(data):
        line = one_clear_line(run_zhiku("search", "网络", env=env, check=False))
    assert line.startswith("CommandError: search is unavailable:")
    assert "needs a writable data folder" in line


def test_the_indexer_says_the_index_needs_a_writable_folder(instance):
    _root, data, env = instance
    with read_only_tree(data):
        line = one_clear_line(run_zhiku("indexer", "--once", env=env, check=False))
    assert line.startswith(f"CommandError: cannot index: the folder {data / 'search'} cannot")
    assert run_zhiku("indexer", "--once", env=env).stdout.startswith("applied")


def test_serve_says_what_to_fix_before_starting(instance):
    _root, data, env = instance
    with read_only_tree(data):
        result = run_zhiku("serve", "--port", "1", env=env, check=False, timeout=60)
    line = one_clear_line(result)
    assert f"cannot serve: the folder {data} cannot be written" in line
    assert "ZHIKU_DATA_DIR" in line


def test_static_files_are_collected_only_when_the_sources_changed(instance):
    _root, data, env = instance
    probe = (
        "from zhiku.ops import static; print(static.current(), static.collect(), static.current())"
    )
    assert run_zhiku("shell", "-v", "0", "-c", probe, env=env).stdout.split() == [
        "True",
        "False",
        "True",
    ]
    (data / "static-collected.txt").write_text("outdated\n")
    assert run_zhiku("shell", "-v", "0", "-c", probe, env=env).stdout.split() == [
        "False",
        "True",
        "True",
    ]
