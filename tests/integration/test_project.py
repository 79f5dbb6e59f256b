"""Project-level checks: migrations match the models, the CLI answers bad input plainly."""

import subprocess
import sys
from io import StringIO

import pytest
from django.core.management import call_command

from tests.conftest import REPO, SAMPLES


@pytest.mark.django_db
def test_no_pending_migrations():
    out = StringIO()
    try:
        call_command("makemigrations", "--check", "--dry-run", stdout=out, stderr=out)
    except SystemExit as exc:
        pytest.fail(f"models changed without a migration:\n{out.getvalue()} ({exc})")


def zhiku(*args: str, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "zhiku", *args],
        capture_output=True,
        text=True,
        cwd=REPO,
        check=False,
    )


def test_cli_extract_prints_the_contract():
    result = zhiku("extract", str(SAMPLES / "siis-profile-and-article.txt"))
    assert result.returncode == 0, result.stderr
    assert '"name": "鲁传颖"' in result.stdout


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (None, "no such file"),
        (b"", "file is empty"),
        (b"\x00\x01\x02\x03", "binary file"),
        (b"just words", "no text"),
    ],
)
def test_cli_extract_bad_input_is_one_line_and_exit_2(tmp_path, content, reason):
    path = tmp_path / "input.txt"
    if content is not None:
        path.write_bytes(content)
    result = zhiku("extract", str(path))
    assert result.returncode == 2
    assert result.stderr.strip() == f"zhiku extract: {path}: {reason}" or (
        result.stderr.count("\n") == 1 and reason in result.stderr and str(path) in result.stderr
    )
    assert result.stdout == ""


@pytest.mark.django_db
def test_runs_on_the_requested_database():
    from django.db import connection

    from tests.conftest import database_vendor

    assert connection.vendor == database_vendor()
