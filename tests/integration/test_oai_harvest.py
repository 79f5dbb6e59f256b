"""A real harvester (sickle) against a live server: the whole repository, a selective
harvest and a deleted record, across several pages of resumption tokens."""

from __future__ import annotations

import pytest
from sickle import Sickle
from sickle.oaiexceptions import NoRecordsMatch

from tests.conftest import make_person, make_unit, make_work
from zhiku.catalog.models import Work
from zhiku.interop.oai.records import oai_identifier

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def harvested(live_server, settings):
    settings.ZHIKU_OAI_PAGE_SIZE = 4
    centre = make_unit(name="美洲研究中心", slug="americas")
    other = make_unit(name="欧洲研究所", slug="europe")
    lu, ye = (
        make_person(units=[centre]),
        make_person(name="叶江", name_en="Ye Jiang", units=[other]),
    )
    works = [make_work([lu], title=f"美洲成果 {i}") for i in range(7)]
    works += [make_work([ye], title=f"欧洲成果 {i}", type="report") for i in range(4)]
    works.append(make_work([lu], title="已撤回", status=Work.Status.WITHDRAWN))
    make_work([lu], title="草稿", status=Work.Status.DRAFT)
    return Sickle(f"{live_server.url}/oai", max_retries=0, timeout=30), works


def test_whole_repository_over_pages_with_a_deleted_record(harvested):
    sickle, works = harvested
    records = list(sickle.ListRecords(metadataPrefix="oai_dc", ignore_deleted=False))
    assert [r.header.identifier for r in records] == [oai_identifier(w.pk) for w in works]
    assert len(works) == 12  # 12 records at 4 a page: three pages, two resumption tokens
    deleted = [r for r in records if r.header.deleted]
    assert [r.header.identifier for r in deleted] == [oai_identifier(works[-1].pk)]
    live = [r for r in records if not r.header.deleted]
    assert live[0].metadata["title"] == ["美洲成果 0"]
    assert live[0].metadata["creator"] == ["鲁传颖"]


def test_selective_harvest_by_set_and_date(harvested):
    sickle, works = harvested
    reports = list(sickle.ListIdentifiers(metadataPrefix="oai_dc", set="type:report"))
    assert [h.identifier for h in reports] == [oai_identifier(w.pk) for w in works[7:11]]
    europe = list(sickle.ListRecords(metadataPrefix="oai_dc", set="unit:europe"))
    assert {r.metadata["title"][0] for r in europe} == {f"欧洲成果 {i}" for i in range(4)}
    with pytest.raises(NoRecordsMatch):
        list(sickle.ListRecords(metadataPrefix="oai_dc", **{"from": "2999-01-01"}))


def test_identify_and_formats(harvested):
    sickle, _ = harvested
    identify = sickle.Identify()
    assert identify.deletedRecord == "persistent"
    assert [f.metadataPrefix for f in sickle.ListMetadataFormats()] == ["oai_dc"]
    assert "unit:europe" in [s.setSpec for s in sickle.ListSets()]
