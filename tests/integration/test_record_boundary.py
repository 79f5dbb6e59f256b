"""The record boundary (issue 14, ingest 1–4 and 21): one validation step between reading and
loading, applied to every record of every reader. A bad record is reported with its file and
line and skipped; its batch-mates and the files after it load; the run always ends in a final
state. Each case imports a hostile file between two good ones, on SQLite and PostgreSQL."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from tests.conftest import REPO, database_vendor
from zhiku.catalog.models import ImportRun, Work

pytestmark = pytest.mark.django_db


def line(title: str, **extra) -> str:
    record = {"title": title, "authors": ["张三"], "body": "正文。", **extra}
    return json.dumps(record, ensure_ascii=False)


def write_lines(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def good_neighbours(folder: Path) -> None:
    """A good file before the hostile one (a.jsonl) and one after it (z.jsonl)."""
    write_lines(folder / "a.jsonl", [line("之前的文件")])
    write_lines(folder / "z.jsonl", [line("之后的文件")])


def input_report(name: str) -> dict:
    run = ImportRun.objects.get()
    (item,) = [i for i in run.report["inputs"] if i["path"].endswith(name)]
    return item


def assert_neighbours_loaded() -> None:
    assert Work.objects.filter(title="之前的文件").exists()
    assert Work.objects.filter(title="之后的文件").exists()
    run = ImportRun.objects.get()
    assert run.state in (ImportRun.State.FINISHED, ImportRun.State.FAILED)
    assert run.finished is not None


def deep_line(depth: int = 1200) -> str:
    return '{"title": "深", "x": ' + "[" * depth + "]" * depth + "}"


# --- 1: a line nested 1,200 deep ------------------------------------------------------------


def test_a_deeply_nested_line_is_reported_and_the_rest_loads(ingest, tmp_path):
    good_neighbours(tmp_path)
    write_lines(tmp_path / "m.jsonl", [line("第一条"), deep_line(), line("第三条")])
    code, output = ingest(tmp_path)
    assert code == 0, output
    assert "m.jsonl: bad_line: line 2: nested more than 64 levels deep" in output
    assert set(Work.objects.values_list("title", flat=True)) >= {"第一条", "第三条"}
    assert input_report("m.jsonl")["status"] == "ok"
    assert_neighbours_loaded()


# --- 2: a lone surrogate --------------------------------------------------------------------


def test_a_lone_surrogate_is_removed_with_a_warning(ingest, tmp_path):
    good_neighbours(tmp_path)
    surrogate = '{"title": "a\\ud800b", "authors": ["张三"], "body": "x\\udfffy"}'
    write_lines(tmp_path / "m.jsonl", [line("第一条"), surrogate])
    code, output = ingest(tmp_path)
    assert code == 0, output
    assert Work.objects.get(title="ab").body == "xy"
    warnings = input_report("m.jsonl")["warnings"]
    removed = [w for w in warnings if w["code"] == "control_removed"]
    assert {(w["field"], w["line"]) for w in removed} == {("title", 2), ("body", 2)}
    assert "m.jsonl: control_removed: line 2: title:" in output
    assert_neighbours_loaded()


def test_zhiku_extract_prints_a_lone_surrogate_file(tmp_path):
    path = write_lines(tmp_path / "s.jsonl", ['{"title": "a\\ud800b", "body": "\\u0000c"}'])
    result = subprocess.run(
        [sys.executable, "-m", "zhiku", "extract", str(path)],
        capture_output=True,
        cwd=REPO,
        env={**os.environ, "PYTHONIOENCODING": "utf-8"},
        timeout=120,
    )
    assert result.returncode == 0, result.stderr.decode(errors="replace")
    out = json.loads(result.stdout)
    assert out["works"][0]["title"] == "ab" and out["works"][0]["body"] == ["c"]
    assert {w["code"] for w in out["warnings"]} == {"control_removed"}


# --- 3: field lengths -----------------------------------------------------------------------


def test_an_overlong_title_is_refused_with_its_field_and_line(ingest, tmp_path):
    good_neighbours(tmp_path)
    write_lines(tmp_path / "m.jsonl", [line("第一条"), line("长" * 100_000), line("第三条")])
    code, output = ingest(tmp_path)
    assert code == 0, output
    assert "m.jsonl: bad_record: line 2: title has 100000 characters, more than 500" in output
    assert set(Work.objects.values_list("title", flat=True)) == {
        "之前的文件",
        "第一条",
        "第三条",
        "之后的文件",
    }
    assert_neighbours_loaded()


def test_one_overlong_title_among_21_records_loses_only_itself(ingest, tmp_path):
    good_neighbours(tmp_path)
    lines = [line(f"第{n}条") for n in range(1, 22)]
    lines[9] = line("题" * 600)
    write_lines(tmp_path / "m.jsonl", lines)
    code, output = ingest(tmp_path)
    assert code == 0, output
    assert "line 10: title has 600 characters, more than 500" in output
    assert Work.objects.filter(title__startswith="第").count() == 20
    assert input_report("m.jsonl")["counts"]["works"]["created"] == 20
    assert_neighbours_loaded()


def test_every_limited_field_is_checked(ingest, tmp_path):
    lines = [
        line("卷", volume="9" * 51),
        line("人", authors=["名" * 201]),
        line("单位", units=["所" * 201]),
        line("编号", id="x" * 301),
        line("好"),
    ]
    write_lines(tmp_path / "m.jsonl", lines)
    code, output = ingest(tmp_path)
    assert code == 0, output
    for text in (
        "field_dropped: line 1: volume has 51 characters, more than 50: volume dropped, the work",
        "bad_record: line 2: authors[0] has 201 characters, more than 200: work skipped",
        "bad_record: line 3: units[0] has 201 characters, more than 200: work skipped",
        "bad_record: line 4: external_id has 301 characters, more than 300: work skipped",
    ):
        assert text in output, output
    # a detail over its limit is dropped, not cut; the work is kept without it
    assert sorted(Work.objects.values_list("title", "volume")) == [("卷", ""), ("好", "")]


# --- 4: NUL and other control characters -----------------------------------------------------


def test_a_nul_in_one_record_costs_nothing(ingest, tmp_path):
    good_neighbours(tmp_path)
    lines = [line(f"第{n}条") for n in range(1, 22)]
    lines[4] = json.dumps({"title": "空\u0000字", "authors": ["张\u0000三"], "body": "a\x07b\x9fc"})
    write_lines(tmp_path / "m.jsonl", lines)
    code, output = ingest(tmp_path)
    assert code == 0, output
    work = Work.objects.get(title="空字")
    assert work.body == "abc"
    assert [a.name_as_written for a in work.ordered_authorships()] == ["张三"]
    assert Work.objects.filter(title__startswith="第").count() == 20
    assert_neighbours_loaded()


def test_a_nul_in_a_page_after_its_first_bytes_is_removed(ingest, tmp_path):
    page = "网络空间治理\n作者：张三\n2013-07-15\n" + "正文第一段，讨论网络空间治理。" * 600
    page += "\x00尾声。\n"
    (tmp_path / "page.txt").write_text(page, encoding="utf-8")
    code, output = ingest(tmp_path)
    assert code == 0, output
    assert "\x00" not in Work.objects.get(title="网络空间治理").body


# --- the database still refuses: one by one ------------------------------------------------


def test_a_record_the_database_refuses_loses_only_itself(ingest, tmp_path, monkeypatch):
    """Validation is the first line; when the database refuses a batch anyway, its records are
    loaded one by one and only the refused one is lost, reported with its line."""
    from django.db import DatabaseError

    from zhiku.ingest.load import works

    original = works.WorkLoader._flush

    def refusing(self, pending, page_people):
        if any(p.record.title == "拒绝" for p in pending):
            raise DatabaseError("value refused")
        return original(self, pending, page_people)

    monkeypatch.setattr(works.WorkLoader, "_flush", refusing)
    lines = [line(f"第{n}条") for n in range(1, 22)]
    lines[6] = line("拒绝")
    write_lines(tmp_path / "m.jsonl", lines)
    code, output = ingest(tmp_path)
    assert code == 0, output
    assert "m.jsonl: bad_record: line 7: the database refused the record" in output
    assert Work.objects.filter(title__startswith="第").count() == 20
    assert input_report("m.jsonl")["counts"]["works"]["created"] == 20


@pytest.mark.skipif(database_vendor() != "postgresql", reason="SQLite stores any length")
def test_postgresql_refusing_an_unchecked_title_loses_only_that_record(
    ingest, tmp_path, monkeypatch
):
    from zhiku.ingest import validate

    monkeypatch.setitem(validate.WORK_LIMITS, "title", 100_000)
    lines = [line(f"第{n}条") for n in range(1, 22)]
    lines[9] = line("题" * 600)
    write_lines(tmp_path / "m.jsonl", lines)
    code, output = ingest(tmp_path)
    assert code == 0, output
    assert "m.jsonl: bad_record: line 10: the database refused the record" in output
    assert Work.objects.filter(title__startswith="第").count() == 20


# --- anything else in a record: the run still ends ------------------------------------------


def test_an_unexpected_error_in_one_record_is_reported_and_the_run_ends(
    ingest, tmp_path, monkeypatch
):
    from zhiku.ingest.load import context

    original = context.record_hash

    def exploding(record):
        if getattr(record, "title", "") == "炸":
            raise RecursionError("maximum recursion depth exceeded")
        return original(record)

    monkeypatch.setattr(context, "record_hash", exploding)
    good_neighbours(tmp_path)
    write_lines(tmp_path / "m.jsonl", [line("第一条"), line("炸"), line("第三条")])
    code, output = ingest(tmp_path)
    assert code == 0, output
    assert "m.jsonl: bad_record: line 2: RecursionError: maximum recursion depth" in output
    assert set(Work.objects.values_list("title", flat=True)) >= {"第一条", "第三条"}
    assert_neighbours_loaded()


def test_an_input_that_breaks_the_reader_fails_alone(ingest, tmp_path, monkeypatch):
    from zhiku.ingest.readers import jsonl, registry

    def broken(lines):
        raise RecursionError("maximum recursion depth exceeded")
        yield  # pragma: no cover

    registry.formats()  # discovered, so that the patched format stays
    monkeypatch.setitem(registry._formats, "jsonl", replace(jsonl.FORMAT, read_lines=broken))
    (tmp_path / "a.txt").write_text("网络空间治理\n作者：张三\n2013-07-15\n正文一段。\n")
    write_lines(tmp_path / "m.jsonl", [line("第一条")])
    (tmp_path / "z.txt").write_text("东盟的中心地位\n作者：李四\n2016-09-08\n正文一段。\n")
    code, output = ingest(tmp_path)
    assert code == 1, output
    assert "m.jsonl: internal error: RecursionError" in output
    assert Work.objects.filter(title__in=["网络空间治理", "东盟的中心地位"]).count() == 2
    assert ImportRun.objects.get().state == ImportRun.State.FAILED


# --- 21: line size and memory ---------------------------------------------------------------


def test_a_10_mb_line_is_skipped_in_bounded_memory(tmp_path):
    """Measured in a fresh process (VmHWM, its peak resident memory; ru_maxrss would count the
    parent's from before ``exec``): a 10 MB line costs less than 200 MB in all, and is reported
    with its number without being read whole."""
    path = tmp_path / "big.jsonl"
    with path.open("w", encoding="utf-8") as out:
        out.write(line("第一条") + "\n")
        record = {"title": "大", "body": "长" * (10 * 2**20 // 3)}
        out.write(json.dumps(record, ensure_ascii=False) + "\n")
        out.write(line("第三条") + "\n")
    script = (
        "import json, re, sys\n"
        "from pathlib import Path\n"
        "from zhiku.ingest.pipeline import extract_path\n"
        "source, extractions = extract_path(Path(sys.argv[1]))\n"
        "works, warnings = [], []\n"
        "for e in extractions:\n"
        "    works += [w.title for w in e.works]\n"
        "    warnings += [w.to_dict() for w in e.warnings]\n"
        "status = open('/proc/self/status').read()\n"
        "peak = int(re.search(r'VmHWM:\\s*(\\d+) kB', status).group(1)) * 1024\n"
        "print(json.dumps({'works': works, 'warnings': warnings, 'peak': peak}))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script, str(path)], capture_output=True, cwd=REPO, timeout=300
    )
    assert result.returncode == 0, result.stderr.decode(errors="replace")
    out = json.loads(result.stdout)
    assert out["works"] == ["第一条", "第三条"]
    (warning,) = [w for w in out["warnings"] if w["code"] == "bad_line"]
    assert warning["line"] == 2 and "more than the" in warning["detail"]
    print(f"peak RSS for a 10 MiB line: {out['peak'] / 2**20:.0f} MiB")
    assert out["peak"] < 200 * 2**20


def test_a_line_just_under_the_limit_loads(ingest, tmp_path):
    from zhiku.ingest.read import MAX_LINE_BYTES

    body = "长" * ((MAX_LINE_BYTES - 200) // 3)
    write_lines(tmp_path / "m.jsonl", [line("大", body=body)])
    code, output = ingest(tmp_path)
    assert code == 0, output
    assert Work.objects.get(title="大").body == body


# --- symlinks and unreadable files ----------------------------------------------------------


def test_a_dangling_symlink_is_reported_as_skipped(ingest, tmp_path):
    good_neighbours(tmp_path)
    (tmp_path / "m.jsonl").symlink_to(tmp_path / "gone.jsonl")
    code, output = ingest(tmp_path)
    assert code == 0, output
    item = input_report("m.jsonl")
    assert item["status"] == "skipped"
    assert item["reason"].startswith("dangling symbolic link")
    assert "skipped: " in output and "m.jsonl: dangling symbolic link" in output
    assert ImportRun.objects.get().skipped == 1
    assert_neighbours_loaded()


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads any file")
def test_an_unreadable_file_is_reported_as_skipped(ingest, tmp_path):
    good_neighbours(tmp_path)
    path = write_lines(tmp_path / "m.jsonl", [line("第一条")])
    path.chmod(0)
    try:
        code, output = ingest(tmp_path)
    finally:
        path.chmod(0o644)
    assert code == 0, output
    item = input_report("m.jsonl")
    assert (item["status"], item["reason"]) == ("skipped", "cannot be read: permission denied")
    assert_neighbours_loaded()


def test_an_unreadable_file_is_reported_as_skipped_even_as_root(ingest, tmp_path, monkeypatch):
    from zhiku.ingest import pipeline

    good_neighbours(tmp_path)
    write_lines(tmp_path / "m.jsonl", [line("第一条")])
    real = pipeline.check_file

    def denied(path, *args, **kwargs):
        if path.name == "m.jsonl":
            raise PermissionError(13, "Permission denied")
        return real(path, *args, **kwargs)

    monkeypatch.setattr(pipeline, "check_file", denied)
    code, output = ingest(tmp_path)
    assert code == 0, output
    item = input_report("m.jsonl")
    assert (item["status"], item["reason"]) == ("skipped", "cannot be read: permission denied")
    assert_neighbours_loaded()


# --- the admin upload -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "content",
    [deep_line(), '{"title": "a\\ud800b", "authors": ["\\u0000张三"]}'],
    ids=["deep", "surrogate"],
)
def test_the_admin_upload_of_a_hostile_file_shows_the_report(admin_client, content):
    data = (line("第一条") + "\n" + content + "\n").encode()
    response = admin_client.post(
        reverse("admin:ingest_importrun_upload"),
        {"files": [SimpleUploadedFile("hostile.jsonl", data)]},
        follow=True,
        headers={"accept-language": "en"},
    )
    assert response.status_code == 200
    run = ImportRun.objects.get()
    assert run.state == ImportRun.State.FINISHED
    assert "hostile.jsonl" in response.content.decode()
    assert Work.objects.filter(title="第一条").exists()


def test_the_report_of_a_run_is_always_storable(ingest, tmp_path):
    """Warnings quote the input: what they quote is normalised as the records are, so the
    report (a JSON column, which PostgreSQL's jsonb refuses NUL and lone surrogates in) and
    the command's output can always be written."""
    record = {"title": "好", "type": "a\u0000\ud800b", "date": "\ud800", "units": ["\x85"]}
    write_lines(tmp_path / "m.jsonl", [json.dumps(record)])
    # a file name that is not UTF-8 (Python holds its bad byte as a lone surrogate)
    write_lines(tmp_path / os.fsdecode(b"n\xff.jsonl"), [line("名")])
    out = io.StringIO()
    call_command("ingest", str(tmp_path), stdout=out, stderr=out)
    text = json.dumps(ImportRun.objects.get().report, ensure_ascii=False)
    assert "\\u0000" not in text  # json.dumps writes a NUL so
    text.encode("utf-8")  # and a lone surrogate as it is, which UTF-8 cannot encode
    assert "\x00" not in out.getvalue()
    out.getvalue().encode("utf-8")
    assert Work.objects.filter(title__in=["好", "名"]).count() == 2
    assert "n\ufffd.jsonl" in out.getvalue()


# --- the limits are the models' ------------------------------------------------------------


def max_length(model, name: str) -> int:
    return model._meta.get_field(name).max_length


def test_the_limits_are_the_models_max_lengths():
    from dataclasses import fields

    from django.core.exceptions import FieldDoesNotExist
    from django.db import models

    from zhiku.catalog.models import Authorship, Person, Unit
    from zhiku.ingest import validate
    from zhiku.ingest.records import ListedWork, PersonRecord, WorkRecord

    assert {name: max_length(Work, name) for name in validate.WORK_LIMITS} == validate.WORK_LIMITS
    assert {
        name: max_length(Work, name) for name in validate.LISTED_LIMITS
    } == validate.LISTED_LIMITS
    assert {
        name: max_length(Person, name) for name in validate.PERSON_LIMITS
    } == validate.PERSON_LIMITS
    unit = max_length(Unit, "name")
    assert {
        "authors": min(max_length(Authorship, "name_as_written"), max_length(Person, "name")),
        "authors_en": max_length(Person, "name_en"),
        "units": unit,
        "author_units": unit,
    } == validate.WORK_ITEM_LIMITS
    assert {"units": unit} == validate.PERSON_ITEM_LIMITS
    # every record field stored in a limited column of the same name is checked
    for record, model, limits in (
        (WorkRecord, Work, validate.WORK_LIMITS),
        (ListedWork, Work, validate.LISTED_LIMITS),
        (PersonRecord, Person, validate.PERSON_LIMITS),
    ):
        for spec in fields(record):
            try:
                column = model._meta.get_field(spec.name)
            except FieldDoesNotExist:
                continue
            if isinstance(column, models.CharField) and column.max_length:
                assert spec.name in limits, (record.__name__, spec.name)
