"""Citation downloads: one work, an expert's list, a set of works (the search page's export)."""

from __future__ import annotations

import json

import bibtexparser
import jsonschema
import pytest
import rispy

from tests.conftest import REPO, make_person, make_unit, make_work
from zhiku.catalog.models import Work

pytestmark = pytest.mark.django_db


@pytest.fixture
def works():
    unit = make_unit(slug="americas")
    lu = make_person(units=[unit])
    made = [
        make_work([lu], title="中美在网络问题上取得进展", source="《文汇报》", type="commentary"),
        make_work([lu, "John Smith"], title="Cyber norms", type="journal_paper", language="en",
                  journal="International Affairs", volume="96", issue="3", pages="45-67"),
        make_work([lu], title="年度报告", type="report"),
    ]  # fmt: skip
    make_work([lu], title="草稿", status=Work.Status.DRAFT)
    return made


def test_one_work_as_a_download(client, works):
    response = client.get(f"/cite/works/{works[0].pk}/gbt7714-2015/")
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response["Content-Disposition"] == (
        f'attachment; filename="zhiku-work-{works[0].pk}.txt"'
    )
    assert (
        response.content.decode()
        == "[1] 鲁传颖. 中美在网络问题上取得进展[N]. 文汇报, 2013-07-15.\n"
    )
    inline = client.get(f"/cite/works/{works[0].pk}/ris/?download=0")
    assert inline["Content-Disposition"].startswith("inline")


def test_expert_list_parses_back_in_every_file_format(client, works):
    bib = client.get("/cite/experts/lu-chuanying/bibtex/").content.decode()
    library = bibtexparser.parse_string(bib)
    assert not library.failed_blocks
    assert {e["title"] for e in library.entries} == {w.title for w in works}  # no draft
    ris = rispy.loads(client.get("/cite/experts/lu-chuanying/ris/").content.decode())
    assert sorted(r["type_of_reference"] for r in ris) == ["JOUR", "NEWS", "RPRT"]
    report = next(r for r in ris if r["type_of_reference"] == "RPRT")
    assert report["publisher"] == "美洲研究中心"  # the issuing unit
    items = json.loads(client.get("/cite/experts/lu-chuanying/csl-json/").content)
    schema = json.loads((REPO / "tests" / "schemas" / "csl-data.json").read_text())
    jsonschema.validate(items, schema, cls=jsonschema.Draft7Validator)
    assert {i["URL"] for i in items} == {f"http://testserver/works/{w.pk}/" for w in works}


def test_a_set_of_works_by_ids_keeps_their_order(client, works):
    ids = f"{works[2].pk},{works[0].pk},{works[1].pk}"
    text = client.get(f"/cite/works/apa/?ids={ids}").content.decode()
    assert text.splitlines()[0].startswith("鲁传颖")  # APA sorts by author, as APA lists do
    gbt = client.get(f"/cite/works/gbt7714-2015/?ids={ids}").content.decode().splitlines()
    prefixes = ["[1] 鲁传颖. 年度报告[R", "[2] 鲁传颖. 中美在网络", "[3] 鲁传颖, SMITH J. Cyber"]
    assert len(gbt) == 3
    assert all(line.startswith(prefix) for line, prefix in zip(gbt, prefixes, strict=True))


def test_a_set_of_works_by_filters(client, works):
    bib = client.get("/cite/works/bibtex/?type=journal_paper").content.decode()
    (entry,) = bibtexparser.parse_string(bib).entries
    assert entry.entry_type == "article" and entry["journal"] == "International Affairs"


@pytest.mark.parametrize(
    ("url", "status"),
    [
        ("/cite/works/bibtex/?ids=1;drop", 400),
        ("/cite/works/bibtex/?ids=9223372036854775808", 400),  # issue 14 #11: was a 500
        ("/cite/works/bibtex/?ids=1,99999999999999999999999999", 400),
        ("/cite/works/bibtex/?ids=" + "9" * 5000, 400),
        ("/cite/works/bibtex/?ids=9223372036854775807", 200),  # the largest id: none such
        ("/cite/works/9223372036854775808/bibtex/", 404),
        ("/cite/works/bibtex/?year_from=soon", 400),
        ("/cite/works/bibtex/?unit=nowhere", 400),
        ("/cite/works/docx/?ids=1", 404),
        ("/cite/works/999999/bibtex/", 404),
        ("/cite/experts/nobody/ris/", 404),
    ],
)
def test_bad_export_requests(client, works, url, status):
    response = client.get(url)
    assert response.status_code == status
    if status == 400:
        assert response.content.decode().split(":")[0] in {"ids", "year_from", "unit"}


def test_drafts_cannot_be_exported(client):
    draft = make_work(title="草稿", status=Work.Status.DRAFT)
    assert client.get(f"/cite/works/{draft.pk}/bibtex/").status_code == 404
    text = client.get(f"/cite/works/bibtex/?ids={draft.pk}").content.decode()
    assert "草稿" not in text


def test_export_link_for_a_result_list(client, works):
    """What the search page uses to offer "export these results"."""
    from django.template import Context, Template

    link = Template('{% load interop %}{% export_url "ris" works %}').render(
        Context({"works": [works[1], works[0]]})
    )
    assert link == f"/cite/works/ris/?ids={works[1].pk},{works[0].pk}"
    entries = rispy.loads(client.get(link).content.decode())
    assert [e["title"] for e in entries] == [works[1].title, works[0].title]
