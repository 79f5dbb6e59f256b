"""OAI-PMH 2.0: every verb and error checked against the published schemas."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import signing

from tests.conftest import make_person, make_unit, make_work
from tests.integration.oai_support import DC, NS, XML_LANG, error_code, oai, oai_schema
from zhiku.catalog.models import Work
from zhiku.interop.oai.records import oai_identifier

pytestmark = pytest.mark.django_db


def at(work, moment: str):
    """Give a work an exact datestamp (auto_now would stamp it with now)."""
    stamp = dt.datetime.fromisoformat(moment.replace("Z", "+00:00"))
    Work.objects.filter(pk=work.pk).update(updated=stamp)
    work.refresh_from_db()
    return work


@pytest.fixture
def repository():
    institute = make_unit(name="全球治理研究所", slug="global", kind="institute")
    centre = make_unit(name="美洲研究中心", slug="americas", parent=institute)
    other = make_unit(name="欧洲研究所", slug="europe", kind="institute")
    lu = make_person(units=[centre])
    ye = make_person(name="叶江", name_en="Ye Jiang", units=[other])
    works = {
        "zh": make_work([lu, "张三"], title="中美在网络问题上取得进展", source="《文汇报》"),
        "paper": make_work(
            [ye], title="欧洲一体化", type="journal_paper", journal="国际观察", date=None
        ),
        "draft": make_work([lu], title="草稿", status=Work.Status.DRAFT),
        "gone": make_work(
            [lu], title="撤回的文章", status=Work.Status.WITHDRAWN, withdrawn_reason="重复"
        ),
    }
    works["en"] = make_work(
        [lu],
        title="China and the US make progress on cyber issues",
        language="en",
        translation_of=works["zh"],
    )
    at(works["zh"], "2020-01-01T00:00:00Z")
    at(works["paper"], "2020-01-02T12:00:00Z")
    at(works["en"], "2020-01-03T00:00:00Z")
    at(works["gone"], "2020-01-04T08:30:00Z")
    return works


def test_identify(client, repository):
    root = oai(client, verb="Identify")
    ident = root.find("o:Identify", NS)
    assert ident.findtext("o:protocolVersion", namespaces=NS) == "2.0"
    assert ident.findtext("o:deletedRecord", namespaces=NS) == "persistent"
    assert ident.findtext("o:granularity", namespaces=NS) == "YYYY-MM-DDThh:mm:ssZ"
    assert ident.findtext("o:earliestDatestamp", namespaces=NS) == "2020-01-01T00:00:00Z"
    assert ident.findtext("o:baseURL", namespaces=NS) == "http://testserver/oai"


def test_post_answers_like_get(client, repository):
    params = {"verb": "GetRecord", "metadataPrefix": "oai_dc"}
    params["identifier"] = oai_identifier(repository["zh"].pk)
    posted = oai(client, "post", **params)
    got = oai(client, **params)
    assert posted.find(".//dc:title", NS).text == got.find(".//dc:title", NS).text


def test_get_record_in_oai_dc(client, repository):
    zh, en = repository["zh"], repository["en"]
    root = oai(client, verb="GetRecord", metadataPrefix="oai_dc", identifier=oai_identifier(zh.pk))
    header = root.find(".//o:header", NS)
    assert header.findtext("o:datestamp", namespaces=NS) == "2020-01-01T00:00:00Z"
    assert [s.text for s in header.findall("o:setSpec", NS)] == [
        "type:article",
        "unit:global:americas",
    ]
    dc = root.find(".//oai_dc:dc", NS)
    title = dc.find("dc:title", NS)
    assert (title.text, title.get(XML_LANG)) == ("中美在网络问题上取得进展", "zh")
    assert [c.text for c in dc.findall("dc:creator", NS)] == ["鲁传颖", "张三"]
    assert dc.findtext("dc:date", namespaces=NS) == "2013-07-15"
    assert dc.findtext("dc:language", namespaces=NS) == "zh"
    assert "Text" in [t.text for t in dc.findall("dc:type", NS)]
    assert dc.findtext("dc:identifier", namespaces=NS) == f"http://testserver/works/{zh.pk}/"
    assert dc.findtext("dc:source", namespaces=NS) == "《文汇报》"
    assert dc.findtext("dc:relation", namespaces=NS) == f"http://testserver/works/{en.pk}/"


def test_unknown_source_is_left_out(client, repository):
    paper = repository["paper"]
    root = oai(
        client, verb="GetRecord", metadataPrefix="oai_dc", identifier=oai_identifier(paper.pk)
    )
    dc = root.find(".//oai_dc:dc", NS)
    assert dc.find("dc:source", NS) is None
    assert dc.find("dc:date", NS) is None  # undated: no empty element either


def test_withdrawn_work_is_a_deleted_header(client, repository):
    gone = repository["gone"]
    root = oai(
        client, verb="GetRecord", metadataPrefix="oai_dc", identifier=oai_identifier(gone.pk)
    )
    record = root.find(".//o:record", NS)
    assert record.find("o:header", NS).get("status") == "deleted"
    assert record.find("o:metadata", NS) is None


def test_drafts_do_not_exist(client, repository):
    draft = repository["draft"]
    root = oai(
        client, verb="GetRecord", metadataPrefix="oai_dc", identifier=oai_identifier(draft.pk)
    )
    assert error_code(root) == "idDoesNotExist"
    listed = oai(client, verb="ListIdentifiers", metadataPrefix="oai_dc")
    ids = [i.text for i in listed.findall(".//o:identifier", NS)]
    assert oai_identifier(draft.pk) not in ids and len(ids) == 4


def test_list_sets_is_hierarchical(client, repository):
    root = oai(client, verb="ListSets")
    specs = [s.text for s in root.findall(".//o:setSpec", NS)]
    for spec in ("type", "type:article", "type:journal_paper", "unit", "unit:global"):
        assert spec in specs
    assert "unit:global:americas" in specs and "unit:europe" in specs


def test_no_set_hierarchy_in_an_empty_repository(client):
    assert error_code(oai(client, verb="ListSets")) == "noSetHierarchy"
    root = oai(client, verb="ListRecords", metadataPrefix="oai_dc", set="type:article")
    assert error_code(root) == "noSetHierarchy"


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        # a parent set includes its sub-units; deletions are harvested too, as headers
        ({"set": "unit:global"}, {"zh", "en", "gone"}),
        ({"set": "unit:global:americas"}, {"zh", "en", "gone"}),
        ({"set": "unit:europe"}, {"paper"}),
        ({"set": "type:journal_paper"}, {"paper"}),
        ({"from": "2020-01-02T12:00:00Z"}, {"paper", "en", "gone"}),  # from is inclusive
        ({"until": "2020-01-02T12:00:00Z"}, {"zh", "paper"}),  # so is until
        ({"from": "2020-01-02T12:00:01Z", "until": "2020-01-03T00:00:00Z"}, {"en"}),
        ({"from": "2020-01-02", "until": "2020-01-03"}, {"paper", "en"}),  # day granularity
        ({"until": "2020-01-04"}, {"zh", "paper", "en", "gone"}),  # the whole day counts
    ],
)
def test_selective_harvest(client, repository, params, expected):
    root = oai(client, verb="ListIdentifiers", metadataPrefix="oai_dc", **params)
    got = {i.text for i in root.findall(".//o:identifier", NS)}
    assert got == {oai_identifier(repository[name].pk) for name in expected}


LR = {"verb": "ListRecords", "metadataPrefix": "oai_dc"}


@pytest.mark.parametrize(
    ("params", "code"),
    [
        ({}, "badVerb"),
        ({"verb": "Harvest"}, "badVerb"),
        ({"verb": ["Identify", "Identify"]}, "badVerb"),
        ({"verb": "Identify", "extra": "1"}, "badArgument"),
        ({"verb": "ListRecords"}, "badArgument"),
        ({"verb": "GetRecord", "metadataPrefix": "oai_dc"}, "badArgument"),
        ({"verb": "ListRecords", "metadataPrefix": ["oai_dc", "oai_dc"]}, "badArgument"),
        ({"verb": "ListRecords", "metadataPrefix": "oai_dc", "from": "2020/01/01"}, "badArgument"),
        ({"verb": "ListRecords", "metadataPrefix": "oai_dc", "from": "2020-02-30"}, "badArgument"),
        (
            {"verb": "ListRecords", "metadataPrefix": "oai_dc", "from": "2021-01-01",
             "until": "2020-01-01"},
            "badArgument",
        ),
        (
            {"verb": "ListRecords", "metadataPrefix": "oai_dc", "from": "2020-01-01",
             "until": "2020-01-02T00:00:00Z"},
            "badArgument",
        ),
        (LR | {"resumptionToken": "x"}, "badArgument"),
        ({"verb": "ListRecords", "metadataPrefix": "marc21"}, "cannotDisseminateFormat"),
        ({"verb": "ListRecords", "metadataPrefix": "not a prefix!"}, "cannotDisseminateFormat"),
        ({"verb": "GetRecord", "metadataPrefix": "oai_dc", "identifier": "x"}, "idDoesNotExist"),
        ({"verb": "ListMetadataFormats", "identifier": "oai:elsewhere:work/1"}, "idDoesNotExist"),
        (LR | {"from": "2099-01-01"}, "noRecordsMatch"),
        (LR | {"set": "type:poem"}, "noRecordsMatch"),
        ({"verb": "ListRecords", "resumptionToken": "forged"}, "badResumptionToken"),
        ({"verb": "ListSets", "resumptionToken": "anything"}, "badResumptionToken"),
    ],
)  # fmt: skip
def test_protocol_errors_are_in_the_body_with_http_200(client, repository, params, code):
    root = oai(client, **params)
    assert error_code(root) == code
    request = root.find("o:request", NS)
    if code in {"badVerb", "badArgument"}:
        assert request.attrib == {}  # the protocol says: echo no arguments then


@pytest.fixture
def many(settings):
    """Eight published works and one withdrawn, three records per page."""
    settings.ZHIKU_OAI_PAGE_SIZE = 3
    person = make_person(units=[make_unit()])
    works = [make_work([person], title=f"成果 {i}") for i in range(8)]
    works.append(make_work([person], title="撤回", status=Work.Status.WITHDRAWN))
    return works


def _token(root):
    return root.find(".//o:resumptionToken", NS)


def test_resumption_tokens_carry_size_and_cursor_and_end_empty(client, many):
    seen, cursors, params = [], [], {"verb": "ListRecords", "metadataPrefix": "oai_dc"}
    while True:
        root = oai(client, **params)
        seen += [i.text for i in root.findall(".//o:header/o:identifier", NS)]
        token = _token(root)
        assert token.get("completeListSize") == "9"
        cursors.append(token.get("cursor"))
        if not token.text:
            break
        assert token.get("expirationDate", "").endswith("Z")
        params = {"verb": "ListRecords", "resumptionToken": token.text}
    assert cursors == ["0", "3", "6"]
    assert seen == [oai_identifier(w.pk) for w in many]
    assert oai_schema().is_valid(root)


def test_stale_and_misused_tokens_are_refused(client, many, settings):
    first = oai(client, verb="ListIdentifiers", metadataPrefix="oai_dc")
    token = _token(first).text
    other_verb = oai(client, verb="ListRecords", resumptionToken=token)
    assert error_code(other_verb) == "badResumptionToken"
    tampered = signing.loads(token, salt="zhiku.oai.resumption-token")
    forged = signing.dumps({**tampered, "after": 0}, salt="another-salt", compress=True)
    assert error_code(oai(client, verb="ListIdentifiers", resumptionToken=forged)) == (
        "badResumptionToken"
    )
    settings.ZHIKU_OAI_TOKEN_HOURS = 0  # every token issued before now has expired
    root = oai(client, verb="ListIdentifiers", resumptionToken=token)
    assert error_code(root) == "badResumptionToken"
    assert "expired" in root.findtext("o:error", namespaces=NS)


def test_the_schema_check_can_fail():
    from lxml import etree

    bad = etree.fromstring(
        b'<OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/"><responseDate>2020-01-01T00:00:00Z'
        b"</responseDate><request>http://x/oai</request><Identify/></OAI-PMH>"
    )
    assert not oai_schema().is_valid(bad)


def test_titles_keep_their_language_and_dc_namespace(client, repository):
    root = oai(client, verb="ListRecords", metadataPrefix="oai_dc", set="type:article")
    langs = {t.get(XML_LANG) for t in root.iter(f"{{{DC}}}title")}
    assert langs == {"zh", "en"}


@pytest.mark.parametrize(
    "query",
    [
        "verb=Identify&%01=1",
        "verb=Identify&%00=1",
        "verb=Identify&a%0b=1",
        "verb=Identify&a%0b=1&a%0b=2",
        "verb=ListRecords&metadataPrefix=oai_dc&set=type%00",
        "verb=GetRecord&metadataPrefix=oai_dc&identifier=oai%01x",
        "verb=ListIdentifiers&resumptionToken=%0c",
    ],
)
def test_control_characters_in_arguments_are_a_bad_argument(client, repository, query):
    """Issue 14 #10: a name or value XML cannot carry was a 500 (lxml refused the message)."""
    from lxml import etree

    from tests.integration.oai_support import oai_schema

    for method in ("get", "post"):
        if method == "get":
            response = client.get(f"/oai?{query}")
        else:
            response = client.post("/oai", query, content_type="application/x-www-form-urlencoded")
        assert response.status_code == 200, (method, query)
        root = etree.fromstring(response.content)
        oai_schema().validate(root)
        assert error_code(root) == "badArgument"
        assert root.find("o:request", NS).attrib == {}
