"""An import whose process died shows as interrupted, not as running for ever."""

import os
import socket
import subprocess

import pytest
from django.urls import reverse

from tests.conftest import SAMPLES, make_user
from zhiku.catalog.models import ImportRun
from zhiku.ingest.load import ingest_paths

pytestmark = pytest.mark.django_db


def dead_pid() -> int:
    child = subprocess.Popen(["true"])
    child.wait()
    return child.pid


def running(**fields) -> ImportRun:
    return ImportRun.objects.create(host=socket.gethostname(), **fields)


def test_the_next_import_marks_runs_of_dead_processes_interrupted():
    killed = running(pid=dead_pid(), report={"inputs": []})
    alive = running(pid=os.getpid())  # another import still going in a live process
    elsewhere = ImportRun.objects.create(host="another-machine", pid=dead_pid())
    ingest_paths([SAMPLES])
    states = dict(ImportRun.objects.values_list("pk", "state"))
    assert states[killed.pk] == "interrupted"
    assert states[alive.pk] == states[elsewhere.pk] == "running"  # cannot tell: left alone
    killed.refresh_from_db()
    assert killed.report == {"inputs": [], "interrupted": {"pid": killed.pid, "works": 0}}


def test_a_dry_run_changes_no_other_run():
    killed = running(pid=dead_pid())
    ingest_paths([SAMPLES], dry_run=True)
    killed.refresh_from_db()
    assert killed.state == "running"


def test_the_admin_list_shows_an_interrupted_run_and_explains_it(client):
    killed = running(pid=dead_pid())
    client.force_login(make_user("editor"))
    listing = client.get(reverse("admin:catalog_importrun_changelist")).content.decode()
    assert "中断" in listing or "interrupted" in listing
    page = client.get(reverse("admin:catalog_importrun_change", args=[killed.pk]))
    text = page.content.decode()
    assert str(killed.pid) in text and "导入报告" in text  # not 研究报告, the work type
    assert "重新导入" in text or "re-run the same inputs" in text
