"""``zhiku ingest``: the sample end to end, idempotency, merging, and bad inputs."""

import json
import re

import pytest
from django.db import DatabaseError

from tests.integration.conftest import SAMPLE_PAGE
from zhiku.catalog.models import Authorship, ImportRun, Person, Position, Source, Unit, Work
from zhiku.ingest.load import works as load_works

pytestmark = pytest.mark.django_db


def row(output: str, kind: str) -> tuple[int, int, int]:
    """(created, updated, unchanged) of ``kind`` in the ingest summary table."""
    match = re.search(rf"^{kind}\s+(\d+)\s+(\d+)\s+(\d+)$", output, re.MULTILINE)
    assert match, output
    return tuple(int(n) for n in match.groups())


def snapshot() -> dict:
    """Every row that ingest writes (except the ImportRun log itself), as comparable data."""
    return {
        model.__name__: sorted(map(repr, model.objects.values()))
        for model in (Unit, Person, Position, Work, Authorship, Source)
    }


def test_sample_loads_person_units_article_and_listed_works(sample):
    person = Person.objects.get(name="鲁传颖")
    assert person.title == "研究员"
    assert person.name_en == "Lu Chuanying" and person.name_en_generated
    assert person.email == ""
    (position,) = person.positions.select_related("unit__parent")
    assert position.unit.name == "美洲研究中心"
    assert position.unit.parent.name == "全球治理研究所"
    works = Work.objects.filter(authorships__person=person)
    assert works.count() == 39
    article = works.get(title="中美在网络问题上取得进展")
    assert len(article.paragraphs) == 6
    assert article.source is None
    assert article.date.isoformat() == "2013-07-15" and article.date_precision == "day"
    assert works.filter(type="book").count() == 4
    assert works.get(title__startswith="Working Together").language == "en"
    assert Source.objects.filter(work=article, uri=str(SAMPLE_PAGE.resolve())).count() == 1
    assert Source.objects.filter(person=person).count() == 1


def test_report_counts_what_was_created(sample):
    assert row(sample, "works") == (39, 0, 0)
    run = ImportRun.objects.get()
    assert (run.created, run.updated, run.unchanged, run.failed) == (42, 0, 0, 0)
    (item,) = run.report["inputs"]
    assert {w["code"] for w in item["warnings"]} >= {"duplicate_paragraphs", "duplicate_listing"}


def test_second_ingest_changes_nothing(sample, ingest):
    before = snapshot()
    code, output = ingest(SAMPLE_PAGE)
    assert code == 0
    assert snapshot() == before
    assert row(output, "works") == (0, 0, 39)
    latest = ImportRun.objects.order_by("-pk").first()
    assert (latest.created, latest.updated, latest.failed) == (0, 0, 0)


def test_dry_run_writes_nothing(ingest):
    code, output = ingest(SAMPLE_PAGE, dry_run=True)
    assert code == 0
    assert "DRY RUN" in output and row(output, "works") == (39, 0, 0)
    assert Work.objects.count() == 0 and Person.objects.count() == 0
    assert ImportRun.objects.count() == 0 and Source.objects.count() == 0  # not even the log


def test_dry_run_sees_merges_across_its_own_inputs(ingest, tmp_path):
    (tmp_path / "a.txt").write_text("网络空间治理\n张三\n2013-07-15\n正文。\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text(
        "网络空间治理\n作者：张三\n来源：文汇报\n正文。\n", encoding="utf-8"
    )
    code, output = ingest(tmp_path, dry_run=True)
    assert code == 0 and row(output, "works") == (1, 1, 0)
    assert "1 merge(s)" in output and Work.objects.count() == 0


def test_edited_input_updates_the_work_and_keeps_its_sources(ingest, tmp_path):
    page = tmp_path / "page.txt"
    page.write_text("网络空间治理\n张三\n2013-07-15\n第一段。这是原文。\n", encoding="utf-8")
    ingest(page)
    page.write_text(
        "网络空间治理\n张三\n2013-07-16\n第一段。这是修改后的文字。\n", encoding="utf-8"
    )
    code, output = ingest(page)
    assert code == 0
    work = Work.objects.get()
    assert work.date.isoformat() == "2013-07-16"
    assert work.paragraphs == ["第一段。这是修改后的文字。"]
    assert work.sources.count() == 2
    assert row(output, "works") == (0, 1, 0)


def test_same_work_from_two_inputs_is_one_work_with_two_sources(ingest, tmp_path):
    (tmp_path / "a.txt").write_text("网络空间治理\n张三\n2013-07-15\n正文。\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text(
        "网络空间治理\n作者：张三\n来源：《文汇报》\n正文。\n", encoding="utf-8"
    )
    code, _ = ingest(tmp_path)
    assert code == 0
    work = Work.objects.get()
    assert work.sources.count() == 2
    assert work.source == "《文汇报》"  # the second input filled what the first lacked
    assert work.date.isoformat() == "2013-07-15"
    merged = ImportRun.objects.get().report["inputs"][1]["merged"]
    assert merged == [
        {"work": work.pk, "title": "网络空间治理", "matched_by": "title_and_first_author"}
    ]


def test_folder_with_a_bad_file_loads_the_rest_and_fails_the_run(ingest, tmp_path):
    (tmp_path / "good.txt").write_text("标题\n张三\n2013-07-15\n正文。\n", encoding="utf-8")
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01\x02" * 100)
    (tmp_path / "prose.txt").write_text("just some words\n", encoding="utf-8")
    code, output = ingest(tmp_path)
    assert code == 1
    assert Work.objects.count() == 1
    assert f"failed: {tmp_path / 'empty.txt'}: file is empty" in output
    assert "binary file" in output and "no text: the page has 1 line" in output
    assert ImportRun.objects.get().failed == 3


def test_missing_path_is_reported(ingest, tmp_path):
    code, output = ingest(tmp_path / "nope.txt")
    assert code == 1
    assert "nope.txt: no such file or folder" in output


def test_a_failure_mid_input_leaves_nothing_half_written(ingest, monkeypatch):
    # The body fingerprints are the last rows written for a batch: works, authorships and
    # sources are in the transaction by then, and must all be rolled back.
    original = load_works.insert_rows

    def failing(model, rows):
        if model.__name__ == "BodyFingerprint":
            raise DatabaseError("disk I/O error")
        return original(model, rows)

    monkeypatch.setattr(load_works, "insert_rows", failing)
    code, output = ingest(SAMPLE_PAGE)
    assert code == 1 and "database error: disk I/O error" in output
    assert (Work.objects.count(), Person.objects.count(), Unit.objects.count()) == (0, 0, 0)
    assert Source.objects.count() == 0


def test_report_file(ingest, tmp_path):
    report = tmp_path / "report.json"
    ingest(SAMPLE_PAGE, report=report)
    data = json.loads(report.read_text(encoding="utf-8"))
    assert data["inputs"][0]["status"] == "ok"
    assert data["inputs"][0]["counts"]["works"]["created"] == 39


def test_byline_authors_link_to_known_people_or_become_new_ones(sample, ingest, tmp_path):
    page = tmp_path / "co.txt"
    page.write_text("中美网络对话\n鲁传颖、张三\n2014-01-01\n正文。\n", encoding="utf-8")
    ingest(page)
    work = Work.objects.get(title="中美网络对话")
    first, second = work.ordered_authorships()
    assert first.person == Person.objects.get(name="鲁传颖")
    assert second.person.name == "张三" and second.person.slug == "zhang-san"


def test_jsonl_records_with_a_bad_line(ingest, tmp_path):
    lines = [
        json.dumps(
            {
                "id": "w1",
                "title": "一带一路倡议十年",
                "authors": ["张三"],
                "date": "2023-10",
                "body": "第一段\n第二段",
                "units": ["欧洲研究中心"],
            },
            ensure_ascii=False,
        ),
        "{not json",
        json.dumps({"id": "w2", "title": ""}),
        json.dumps(
            {
                "id": "w3",
                "title": "Cyber Norms",
                "authors": [{"name": "Jane Doe"}],
                "date": "2013-13-45",
                "language": "en",
            }
        ),
    ]
    path = tmp_path / "works.jsonl"
    path.write_text("\n".join(lines), encoding="utf-8")
    code, _ = ingest(path)
    assert code == 0
    assert Work.objects.count() == 2
    w1 = Work.objects.get(external_id="w1")
    assert (w1.date.isoformat(), w1.date_precision, w1.paragraphs) == (
        "2023-10-01",
        "month",
        ["第一段", "第二段"],
    )
    assert w1.authorships.get().person.positions.get().unit.name == "欧洲研究中心"
    warnings = ImportRun.objects.get().report["inputs"][0]["warnings"]
    assert {(w["code"], w.get("line")) for w in warnings} >= {
        ("bad_line", 2),
        ("bad_record", 3),
        ("date_unparsed", 4),
    }
