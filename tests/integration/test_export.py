"""``zhiku export --format jsonl``: the import format, so export → import → export is identical."""

import io
import json

import pytest
from django.core.management import call_command

from tests.conftest import SAMPLES, make_person, make_unit, make_work
from tests.golden.test_pages import PAGES
from tests.integration.test_ingest import snapshot
from zhiku.catalog.models import ImportRun, Person, Position, Unit, Work
from zhiku.ingest.readers.jsonl import read_jsonl

pytestmark = pytest.mark.django_db

FORMAT_KEYS = {"id", "title", "title_en", "authors", "date", "type", "language", "abstract",
               "body", "source", "keywords", "units"}  # fmt: skip


def export(**options) -> str:
    out = io.StringIO()
    call_command("export", stdout=out, stderr=io.StringIO(), **options)
    return out.getvalue()


def empty_catalog() -> None:
    Work.objects.all().delete()
    Position.objects.all().delete()
    Person.objects.all().delete()
    for unit in Unit.objects.order_by("-pk"):  # children before parents (PROTECT)
        Unit.objects.filter(parent=unit).update(parent=None)
    Unit.objects.all().delete()
    ImportRun.objects.all().delete()


def test_lines_are_the_import_format_and_never_carry_emails():
    unit = make_unit(name="美洲研究中心")
    person = make_person(units=[unit], email="lu@example.org", name_en="Lu C.")
    make_work(authors=[person], external_id="w-1", doi="10.1/x", keywords=["网络空间"])
    (line,) = export().splitlines()
    record = json.loads(line)
    assert set(record) >= FORMAT_KEYS
    assert record["authors"] == [{"name": "鲁传颖", "name_en": "Lu C."}]
    assert (record["id"], record["date"], record["units"], record["doi"]) == (
        "w-1",
        "2013-07-15",
        ["美洲研究中心"],
        "10.1/x",
    )
    assert record["body"] == ["第一段。", "第二段。"]
    assert "lu@example.org" not in line
    (batch,) = read_jsonl(line)  # our own reader accepts it without a warning
    assert batch.warnings == [] and batch.works[0].external_id == "w-1"


def test_drafts_are_not_exported():
    make_work(status=Work.Status.DRAFT)
    assert export() == ""


def test_export_import_export_is_identical(ingest, tmp_path):
    code, _ = ingest(PAGES, SAMPLES)
    assert code == 0
    first = export()
    assert len(first.splitlines()) == Work.objects.count()
    assert "@" not in first  # the corpus has e-mails on profiles and in the CSV roster
    empty_catalog()
    dump = tmp_path / "export.jsonl"
    dump.write_text(first, encoding="utf-8")
    code, output = ingest(dump)
    assert code == 0, output
    second = export()
    assert second == first
    before = snapshot()
    ingest(dump)
    assert snapshot() == before


def test_export_to_a_file(tmp_path):
    make_work()
    target = tmp_path / "out.jsonl"
    export(out=target, format="jsonl")
    assert json.loads(target.read_text(encoding="utf-8"))["title"] == "中美在网络问题上取得进展"
