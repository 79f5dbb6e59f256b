"""A genre added to the table in a fixture reaches the outputs that need the database:
schema.org JSON-LD and Highwire tags of the work page, OAI ``dc:type``, the search facet label."""

from __future__ import annotations

import pytest
from lxml import etree

from tests.conftest import make_work
from tests.unit.test_genres import POLICY_BRIEF
from zhiku.catalog.genres import GENRES
from zhiku.interop.metadata import highwire_tags, work_json_ld
from zhiku.interop.oai.records import oai_dc
from zhiku.search.facets import read_facets

pytestmark = pytest.mark.django_db
DC = "http://purl.org/dc/elements/1.1/"


def absolute(path: str) -> str:
    return "https://zhiku.example.org" + path


@pytest.fixture
def brief():
    with GENRES.temporary(POLICY_BRIEF):
        yield make_work(["王芳"], title="数字贸易规则的新趋势", type="policy_brief")


def test_schema_org_and_highwire_come_from_the_table(brief):
    assert work_json_ld(brief, absolute)["@type"] == "DigitalDocument"
    names = [name for name, _ in highwire_tags(brief, absolute)]
    assert "citation_technical_report_institution" in names
    assert "citation_journal_title" not in names


def test_oai_dc_type_comes_from_the_table(brief):
    types = [e.text for e in oai_dc(brief, "https://zhiku.example.org").iter(f"{{{DC}}}type")]
    assert types == ["Text", "policy_brief"]


def test_search_type_facet_is_labelled_from_the_table(brief):
    result = {"type": {"policy_brief": 3}}
    (facet,) = read_facets(result)["type"]
    assert (facet.value, facet.count) == ("policy_brief", 3)
    assert facet.label == str(POLICY_BRIEF.label) == "policy brief"


def test_existing_genres_keep_their_outputs():
    work = make_work(title="报告", type="report")
    assert work_json_ld(work, absolute)["@type"] == "Report"
    assert etree.QName(oai_dc(work, "https://x.example").tag).localname == "dc"
