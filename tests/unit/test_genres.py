"""The genre and contributor-role tables: every row complete, every code valid, every alias
unique; and one row added in a fixture reaches every Django-free output format."""

from __future__ import annotations

import dataclasses
import json
import subprocess
import sys

import pytest

from tests.conftest import REPO
from zhiku.catalog import contributor_roles
from zhiku.catalog.contributor_roles import ROLES
from zhiku.catalog.genres import GENRES, Genre
from zhiku.interop.cite import apa, bibtex, csljson, gbt7714, ris
from zhiku.interop.cite.record import CitationRecord, Name

CSL_SCHEMA = json.loads((REPO / "tests/schemas/csl-data.json").read_text(encoding="utf-8"))
CSL_TYPES = set(CSL_SCHEMA["items"]["properties"]["type"]["enum"])
CSL_NAME_VARIABLES = {
    name
    for name, spec in CSL_SCHEMA["items"]["properties"].items()
    if "name-variable" in json.dumps(spec)
}
#: RIS reference types (RIS specification, Research Information Systems 2011).
RIS_TYPES = set(
    "ABST ADVS AGGR ANCIENT ART BILL BLOG BOOK CASE CHAP CHART CLSWK COMP CONF CPAPER CTLG "
    "DATA DBASE DICT EBOOK ECHAP EDBOOK EJOUR ELEC ENCYC EQUA FIGURE GEN GOVDOC GRANT HEAR "
    "ICOMM INPR JFULL JOUR LEGAL MANSCPT MAP MGZN MPCT MULTI MUSIC NEWS PAMP PAT PCOMM RPRT "
    "SER SLIDE SOUND STAND STAT THES UNBILL UNPB VIDEO".split()
)
RIS_NAME_TAGS = {"AU", "A1", "A2", "A3", "A4", "ED"}
#: BibTeX and biblatex entry types.
BIBTEX_TYPES = set(
    "article book booklet collection conference inbook incollection inproceedings manual "
    "mastersthesis misc mvbook online patent periodical phdthesis proceedings report "
    "techreport thesis unpublished".split()
)
BIBTEX_NAME_FIELDS = {"author", "editor", "translator", "editora", "editorb", "editorc"}
#: schema.org CreativeWork types zhiku may write or read.
SCHEMA_ORG_TYPES = set(
    "Article NewsArticle AnalysisNewsArticle OpinionNewsArticle ReportageNewsArticle "
    "ScholarlyArticle Report Book Chapter CreativeWork DigitalDocument BlogPosting "
    "Thesis Event PublicationIssue WebPage".split()
)
SCHEMA_ORG_PEOPLE = {"author", "editor", "translator", "contributor", "creator"}
#: GB/T 7714-2015 document-type codes (Table B.1) and carrier codes.
GBT7714_CODES = set("M C N J D R S P DB CP EB A CM DS Z G".split())
#: DCMI Type Vocabulary.
DCMI_TYPES = set(
    "Collection Dataset Event Image InteractiveResource MovingImage PhysicalObject Service "
    "Software Sound StillImage Text".split()
)
#: info:eu-repo/semantics publication types (OpenAIRE guidelines, COAR-aligned).
EU_REPO = {
    f"info:eu-repo/semantics/{t}"
    for t in "article bachelorThesis masterThesis doctoralThesis book bookPart review "
    "conferenceObject lecture workingPaper preprint report annotation contributionToPeriodical "
    "patent other".split()
}
HIGHWIRE_TAGS = {
    "citation_journal_title", "citation_technical_report_institution",
    "citation_technical_report_number", "citation_book_title", "citation_inbook_title",
    "citation_publisher", "citation_conference_title", "citation_dissertation_institution",
}  # fmt: skip
MARC_RELATORS = {"aut", "edt", "trl", "ivr", "com", "ctb", "ive", "cmp"}
DATACITE = {
    "Creator", "ContactPerson", "DataCollector", "DataCurator", "DataManager", "Distributor",
    "Editor", "HostingInstitution", "Producer", "ProjectLeader", "ProjectManager",
    "ProjectMember", "RegistrationAgency", "RegistrationAuthority", "RelatedPerson",
    "Researcher", "ResearchGroup", "RightsHolder", "Sponsor", "Supervisor", "Translator",
    "WorkPackageLeader", "Other",
}  # fmt: skip

#: Genre columns that may be empty, and why: a genre without Highwire tags of its own (web
#: pieces carry only the common ones), one no format reads back, one without title prefixes.
OPTIONAL_GENRE_COLUMNS = {
    "aliases", "query_aliases", "highwire", "newspaper", "ris_read", "bibtex_read",
    "schema_org_read", "highwire_read", "title_prefixes", "evidence_rank",
}  # fmt: skip

#: A genre zhiku does not have; the fixture adds it to the table for one test.
POLICY_BRIEF = Genre(
    code="policy_brief",
    label_en="policy brief",
    label_zh="政策简报",
    form="report",
    aliases=("政策简报", "政策摘要"),
    query_aliases=("简报",),
    csl="pamphlet",
    csl_online="pamphlet",
    ris="PAMP",
    ris_online="PAMP",
    bibtex="booklet",
    schema_org="DigitalDocument",
    gbt7714="Z",
    dcmi_type="Text",
    eu_repo="info:eu-repo/semantics/workingPaper",
    highwire=("citation_technical_report_institution",),
)


@pytest.fixture
def policy_brief():
    """The genre table with POLICY_BRIEF in it, for this test only."""
    with GENRES.temporary(POLICY_BRIEF) as genre:
        yield genre
    assert "policy_brief" not in GENRES


@pytest.mark.parametrize("genre", list(GENRES), ids=lambda g: g.code)
def test_every_genre_has_every_column(genre):
    for column in dataclasses.fields(Genre):
        if column.name not in OPTIONAL_GENRE_COLUMNS:
            assert getattr(genre, column.name), f"{genre.code} lacks {column.name}"
    assert genre.aliases or genre.query_aliases, f"{genre.code}: no word names it"


@pytest.mark.parametrize("genre", list(GENRES), ids=lambda g: g.code)
def test_every_genre_code_is_valid_in_its_vocabulary(genre):
    assert genre.csl in CSL_TYPES and genre.csl_online in CSL_TYPES
    assert genre.ris in RIS_TYPES and genre.ris_online in RIS_TYPES
    assert set(genre.ris_read) <= RIS_TYPES
    assert genre.bibtex in BIBTEX_TYPES and set(genre.bibtex_read) <= BIBTEX_TYPES
    assert genre.schema_org in SCHEMA_ORG_TYPES and set(genre.schema_org_read) <= SCHEMA_ORG_TYPES
    assert genre.gbt7714 in GBT7714_CODES
    assert genre.dcmi_type in DCMI_TYPES
    assert genre.eu_repo in EU_REPO
    assert set(genre.highwire) | set(genre.highwire_read) <= HIGHWIRE_TAGS
    assert genre.form in {"journal", "book", "chapter", "report", "web"}
    words = [*genre.aliases, *genre.query_aliases, *genre.title_prefixes]
    assert all(w == w.strip().casefold() for w in words), "aliases are stored lower case"


def test_every_alias_and_read_code_names_one_genre():
    seen: dict[tuple[str, str], str] = {}
    for genre in GENRES:
        columns = {
            "word": (*genre.aliases, *genre.query_aliases, *genre.title_prefixes),
            "ris": genre.ris_read,
            "bibtex": genre.bibtex_read,
            "schema": tuple(s.casefold() for s in genre.schema_org_read),
            "highwire": genre.highwire_read,
        }
        for vocabulary, values in columns.items():
            for value in values:
                owner = seen.setdefault((vocabulary, value), genre.code)
                assert owner == genre.code, f"{vocabulary} {value!r}: {owner} and {genre.code}"
    for genre in GENRES:
        for alias in genre.aliases:
            assert GENRES.by_alias(alias.upper()) == genre.code
        for word in (genre.code, *genre.query_aliases):
            assert GENRES.by_query(word) == genre.code
        assert GENRES.by_alias(genre.evidence) in (genre.code, None)


def test_readers_hand_on_evidence_that_resolves():
    for genre in GENRES:
        if genre.schema_org_read or genre.highwire_read:
            assert GENRES.by_alias(genre.evidence) == genre.code


def test_work_type_choices_are_the_genre_table():
    from django.utils import translation

    from zhiku.catalog.models import Authorship, Work

    assert Work.Type.values == list(GENRES.codes())
    with translation.override("zh-hans"):
        assert [str(label) for _, label in Work.Type.choices] == [g.label_zh for g in GENRES]
        assert [str(ROLES[r].label) for r in Authorship.Role.values] == [
            ROLES[r].label_zh for r in Authorship.Role.values
        ]
    with translation.override("en"):
        assert [str(label) for _, label in Work.Type.choices] == [g.label_en for g in GENRES]


@pytest.mark.parametrize("role", list(ROLES.values()), ids=lambda r: r.code)
def test_every_role_has_every_column_and_valid_codes(role):
    for column in dataclasses.fields(contributor_roles.Role):
        assert getattr(role, column.name), f"{role.code} lacks {column.name}"
    assert role.csl in CSL_NAME_VARIABLES
    assert role.ris in RIS_NAME_TAGS
    assert role.bibtex in BIBTEX_NAME_FIELDS
    assert role.marc in MARC_RELATORS
    assert role.schema_org in SCHEMA_ORG_PEOPLE
    assert role.datacite in DATACITE
    assert role.gbt7714


def test_every_role_alias_names_one_role():
    seen: dict[str, str] = {}
    for role in ROLES.values():
        for alias in (role.code, *role.aliases):
            assert alias == alias.casefold()
            assert seen.setdefault(alias, role.code) == role.code, alias
            assert contributor_roles.by_alias(alias.upper()) == role.code
    assert contributor_roles.role_of("ghostwriter").code == "contributor"
    assert {"author", "editor", "translator", "interviewer", "compiler", "contributor"} == set(
        ROLES
    )


def test_tables_import_without_django():
    code = (
        "import sys\n"
        "import zhiku.catalog.genres, zhiku.catalog.contributor_roles\n"
        "import zhiku.interop.cite, zhiku.ingest.readers.jsonl, zhiku.search.vocabulary\n"
        "assert not [m for m in sys.modules if m.startswith('django')], 'Django imported'\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=REPO)


def test_temporary_genre_is_gone_afterwards():
    with GENRES.temporary(POLICY_BRIEF):
        assert GENRES.by_alias("政策简报") == "policy_brief"
    assert GENRES.by_alias("政策简报") is None
    assert "policy_brief" not in GENRES
    with pytest.raises(ValueError, match="already registered"):
        GENRES.register(GENRES["report"])


def _brief(**overrides) -> CitationRecord:
    fields = {
        "key": "wang2024-1",
        "type": "policy_brief",
        "title": "数字贸易规则的新趋势",
        "authors": (Name("王", "芳"),),
        "year": 2024,
        "month": 3,
        "day": 5,
        "institution": "全球治理研究所",
        "url": "https://zhiku.example.org/works/1/",
    }
    return CitationRecord(**(fields | overrides))


def test_a_genre_added_to_the_table_reaches_every_citation_format(policy_brief):
    record = _brief()
    assert bibtex.render(record).startswith("@booklet{wang2024-1,")
    assert ris.render(record).startswith("TY  - PAMP\n")
    item = json.loads(csljson.render(record))[0]
    assert item["type"] == "pamphlet" and item["publisher"] == "全球治理研究所"
    assert "数字贸易规则的新趋势[Z/OL]" in gbt7714.render(record)
    # cited as its form says (a report: the year only, then the issuer), not as "other"
    assert apa.render(record) == (
        "王芳. (2024). 数字贸易规则的新趋势. 全球治理研究所. https://zhiku.example.org/works/1/"
    )


def test_a_genre_added_to_the_table_is_read_and_searched(policy_brief):
    from zhiku.ingest.readers.jsonl import read_jsonl
    from zhiku.search.vocabulary import work_type

    line = json.dumps({"id": "b1", "title": "数字贸易规则", "type": "政策简报"}, ensure_ascii=False)
    (extraction,) = read_jsonl(line + "\n")
    assert [w.type for w in extraction.works] == ["policy_brief"]
    assert not extraction.warnings
    assert work_type("简报") == work_type("policy_brief") == "policy_brief"


def test_jsonl_reads_a_genre_label_as_its_type():
    from zhiku.ingest.readers.jsonl import read_jsonl

    lines = [
        json.dumps({"id": str(i), "title": "标题", "type": kind}, ensure_ascii=False)
        for i, kind in enumerate(("report", "研究报告", "Op-Ed", "pamphlet"))
    ]
    (extraction,) = read_jsonl("\n".join(lines) + "\n")
    assert [w.type for w in extraction.works] == ["report", "report", "commentary", "other"]
    assert [w.code for w in extraction.warnings] == ["unknown_type"]
