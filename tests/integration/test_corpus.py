"""The whole golden corpus ingested as one folder: duplicates across files merge, re-import is a
no-op. The corpus (tests/golden/pages and the shared sample) describes some works several times:
a RAND report as a text dump, an HTML page with citation_* tags, a BibTeX and a RIS entry; a
SIIS paper as a BibTeX entry, an HTML page and a republished copy under another title; experts
on profile pages, in bylines and in a CSV roster.
"""

import pytest

from tests.conftest import SAMPLES
from tests.golden.test_pages import PAGES
from tests.integration.test_ingest import row, snapshot
from zhiku.catalog.models import ImportRun, Person, Source, Unit, Work

pytestmark = pytest.mark.django_db


@pytest.fixture
def corpus(ingest):
    code, output = ingest(PAGES, SAMPLES)
    assert code == 0, output
    return output


def sources_of(work: Work) -> set[str]:
    return {uri.rsplit("/", 1)[-1] for uri in work.sources.values_list("uri", flat=True)}


def test_every_input_loads(corpus):
    (run,) = ImportRun.objects.all()
    inputs = run.report["inputs"]
    assert len(inputs) == 40
    assert [i["path"] for i in inputs if i["status"] != "ok"] == []


def test_a_report_in_four_formats_is_one_work_with_four_sources(corpus):
    (work,) = Work.objects.filter(title__startswith="China's Quest for Global Primacy")
    assert sources_of(work) == {
        "rand-report-kicker.txt",
        "rand-citation-meta.html",
        "reference-manager.bib",
        "cnki-endnote-export.ris",
    }
    assert (work.type, work.doi, work.publisher) == (
        "report",
        "10.7249/RRA447-1",
        "RAND Corporation",
    )
    assert (work.date.isoformat(), work.date_precision) == ("2021-03-15", "day")
    assert [a.name_as_written for a in work.ordered_authorships()] == [
        "Timothy R. Heath",
        "Derek Grossman",
        "Asha Clark",
    ]
    assert work.place == "Santa Monica, CA" and len(work.paragraphs) == 3


def test_a_republished_copy_under_another_title_folds_into_the_paper(corpus):
    (work,) = Work.objects.filter(authorships__name_as_written="鲁传颖", title__contains="规则博弈")
    assert work.title == "网络空间国际规则博弈的新动向"
    assert sources_of(work) == {
        "reference-manager.bib",
        "repost-near-duplicate.txt",
        "siis-article-labelled.html",
        "siis-profile-cfemail.html",
    }
    # the BibTeX entry came first with the year; the page refined it to the day
    assert (work.date.isoformat(), work.date_precision) == ("2017-08-21", "day")
    assert work.type == "journal_paper" and len(work.paragraphs) == 4
    merges = [m for i in ImportRun.objects.get().report["inputs"] for m in i["merged"]]
    assert {"work": work.pk, "title": work.title, "matched_by": "near_duplicate_body"} in [
        {k: v for k, v in m.items() if k != "folded"} for m in merges
    ]


def test_the_same_expert_from_five_inputs_is_one_person(corpus):
    (person,) = Person.objects.filter(name="鲁传颖")
    assert person.email == "luchuanying@siis.org.cn"  # decoded from Cloudflare's data-cfemail
    (position,) = person.positions.select_related("unit__parent")
    assert (position.unit.name, position.unit.parent.name) == ("美洲研究中心", "全球治理研究所")
    titles = set(Work.objects.filter(authorships__person=person).values_list("title", flat=True))
    assert {
        "中美在网络问题上取得进展",
        "网络空间国际规则博弈的新动向",
        "数字丝绸之路建设的进展与挑战",
        "Working Together with One Heart: People-to-People Diplomacy in the Coronavirus Crisis",
    } <= titles
    # "Lu Chuanying" in a JSON Lines byline is the same person (matched by English name),
    # so the work listed on the profile and the JSON Lines record are one work
    (english,) = Work.objects.filter(title__startswith="Working Together")
    assert sources_of(english) == {"works.jsonl", "siis-profile-and-article.txt"}


def test_people_match_by_unit_and_email_and_stay_apart_when_units_differ(corpus):
    (zhang,) = Person.objects.filter(name="张海冰")
    assert (zhang.email, zhang.title) == ("zhanghb@example.org", "研究员")
    assert list(zhang.positions.values_list("unit__name", flat=True)) == ["世界经济研究所"]
    does = Person.objects.filter(name="Jane Doe")
    assert sorted(does.values_list("positions__unit__name", flat=True)) == [
        "Brookings Institution",
        "Council on Foreign Relations",
    ]


def test_compound_affiliations_become_unit_hierarchies(corpus):
    def parent_of(name: str) -> str:
        return Unit.objects.get(name=name).parent.name

    assert parent_of("亚太研究中心") == "上海国际问题研究院"
    assert parent_of("歐美研究所") == "中央研究院"
    assert parent_of("國際政治研究所") == "國立中興大學"
    assert not Unit.objects.filter(name__in=["上海国际问题研究院亚太研究中心"]).exists()


def test_the_same_commentary_as_text_and_html_is_one_work(corpus):
    (work,) = Work.objects.filter(title="How the US and China can cooperate on climate finance")
    assert sources_of(work) == {"brookings-oxford-comma.txt", "brookings-yoast-graph.html"}
    assert work.type == "commentary" and work.language == "en"


def test_languages_and_scripts(corpus):
    assert Work.objects.get(title="美中戰略競爭下的台海安全").language == "zh"
    assert Work.objects.get(title="中欧关系的新机遇").language == "zh"  # GBK page
    assert Work.objects.filter(language="en").count() >= 10


def test_reimporting_the_corpus_changes_nothing(corpus, ingest):
    before = snapshot()
    code, output = ingest(PAGES, SAMPLES)
    assert code == 0
    assert snapshot() == before
    for kind in ("units", "people", "works"):
        created, updated, _ = row(output, kind)
        assert (kind, created, updated) == (kind, 0, 0)
    latest = ImportRun.objects.order_by("-pk").first()
    assert all(not i["merged"] for i in latest.report["inputs"])
    assert Source.objects.filter(import_run=latest).count() == 0
