"""The evidence-based reading of a page: title among candidates, body by density, fields from
every source, confidence, template induction, and the pages that used to be lost."""

import io
import json

import pytest
from django.core.management import call_command

from zhiku.ingest.normalize import normalize_date
from zhiku.ingest.pipeline import InputError, extract_text
from zhiku.ingest.readers.page import Line
from zhiku.ingest.readers.people import listed_entries
from zhiku.ingest.template import learn_template, site_template

BODY = [
    "当前，全球经济治理体系正在经历深刻调整，多边机制的权威受到挑战，区域合作的重要性不断上升。",
    "对中国而言，既要积极参与规则制定，也要在开放中提升自身的治理能力，为全球发展提供公共产品。",
]


def work_of(page: str, fmt: str = "text") -> dict:
    return extract_text(page.encode("utf-8"), fmt).to_dict()["works"][0]


def page(*head: str, body: list[str] = BODY, tail: tuple[str, ...] = ()) -> str:
    return "\n".join([*head, *body, *tail])


def test_a_site_name_menu_breadcrumb_and_search_box_above_the_title_are_not_the_title():
    work = work_of(
        page(
            "中国社会科学院世界经济与政治研究所",
            "检索",
            "首页 | 关于我所 | 科研人员 | 成果展示",
            "您现在的位置：首页 >> 成果展示 >> 时事评论",
            "全球经济治理的新变化",
            "作者：宋泓文　　文章来源：《人民日报》　　发布日期：2017-03-20　　点击数：1984",
        )
    )
    assert (work["title"], work["authors"], work["date"]) == (
        "全球经济治理的新变化",
        ["宋泓文"],
        "2017-03-20",
    )
    assert work["source"] == "《人民日报》"
    assert work["body"] == BODY


@pytest.mark.parametrize(
    ("meta", "authors", "date", "source"),
    [
        (
            "2019-05-06 10:23　来源：解放日报　作者：张三　字号：大 中 小",
            ["张三"],
            "2019-05-06",
            "解放日报",
        ),
        ("发布时间：2018/11/06 浏览次数：512", [], "2018-11-06", None),
        ("信息来源：浙江日报　执笔：李四", ["李四"], None, "浙江日报"),
        ("新京报 2022-06-03 14:26", [], "2022-06-03", None),
        ("来源：聯合報 2020/11/12", [], "2020-11-12", "聯合報"),
        ("文/新京报评论员 钟书阳", ["钟书阳"], None, None),
        (
            "By Jane Doe and John Roe | November 19, 2019",
            ["Jane Doe", "John Roe"],
            "2019-11-19",
            None,
        ),
    ],
)
def test_metadata_run_together_or_labelled_in_many_ways(meta, authors, date, source):
    work = work_of(page("标题在这里", meta, tail=("责任编辑：王五",)))
    assert (work["authors"], work["date"], work["source"]) == (authors, date, source)


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("2017.9.8", "2017-09-08"),
        ("２０１９年１１月１９日", "2019-11-19"),
        ("2019-11-19 09:12:33", "2019-11-19"),
        ("19 November 2019", "2019-11-19"),
        ("Monday, November 18th, 2019", "2019-11-18"),
        ("108年11月19日", "2019-11-19"),
        ("108/11/19", "2019-11-19"),
        ("19/11/2019", "2019-11-19"),
        ("11/19/2019", "2019-11-19"),
    ],
)
def test_dates_in_the_forms_sites_write_them(text, iso):
    assert normalize_date(text).iso == iso


def test_an_ambiguous_day_and_month_is_not_guessed():
    assert normalize_date("3/4/2019") is None


def test_a_news_dateline_credits_its_reporters_and_stays_in_the_first_paragraph():
    first = (
        "新华社北京12月14日电（记者 王思远 胡晓）由中国社会科学院牵头编制的报告14日在京发布，"
        "引起广泛关注。"
    )
    work = work_of(
        page("我国学者发布全球治理指数报告", "2019年12月14日 19:42", body=[first, BODY[0]])
    )
    assert work["authors"] == ["王思远", "胡晓"]
    assert work["body"][0] == first


def test_a_column_label_is_not_part_of_the_headline():
    work = work_of(page("社评：增加房屋供应 贵在落实执行", "2021-03-02"))
    assert work["title"] == "增加房屋供应 贵在落实执行"


def test_a_source_that_is_the_site_itself_is_no_outlet():
    work = work_of(
        page("新华网", "今年全国铁路计划投产新线4000公里以上", "2020-03-12 15:20:47　来源：新华网")
    )
    assert work["source"] is None


def test_where_a_text_first_appeared_is_its_source_not_its_last_paragraph():
    work = work_of(page("标题在这里", "作者：张三", tail=("（本文原载于《文汇报》）",)))
    assert work["source"] == "文汇报"
    assert work["body"] == BODY


def test_an_unsigned_english_text_is_credited_to_the_author_note_after_it():
    body = [
        "Climate change is one of the few areas where Washington and Beijing still agree.",
        "Jane Doe is a senior fellow at the Brookings Institution.",
    ]
    work = work_of(page("How the US and China can cooperate", "March 2, 2021", body=body))
    assert work["authors"] == ["Jane Doe"]
    assert work["body"] == body[:1]


def test_a_page_without_any_metadata_is_kept_with_a_low_confidence_warning():
    extraction = extract_text(
        page("首页 | 研究", "数字贸易规则的新进展").encode(), "text"
    ).to_dict()
    assert extraction["works"][0]["title"] == "数字贸易规则的新进展"
    assert "low_confidence" in {w["code"] for w in extraction["warnings"]}


def test_only_a_page_without_a_heading_or_paragraph_is_refused_and_says_why():
    with pytest.raises(InputError, match="no text"):
        extract_text(b"| | |\n>>\n", "text")


def test_a_page_nested_deeper_than_the_parser_allows_is_still_read():
    deep = (
        "<html><head><title>深层标题</title></head><body>" + "<div>" * 400 + "<h1>深层标题</h1>"
        "<p>作者：张三</p>"
        + "".join(f"<p>{p}</p>" for p in BODY)
        + "</div>" * 400
        + "</body></html>"
    )
    work = work_of(deep, "html")
    assert (work["title"], work["authors"], work["body"]) == ("深层标题", ["张三"], BODY)


def test_template_induction_drops_recurring_blocks_but_keeps_a_title_repeated_alone():
    menu = ["本站首页", "机构设置", "专家团队"]
    pages = [
        [*menu, f"文章标题{i}", "共同的标题", *BODY, "地址：上海", "电话：021"] for i in range(4)
    ]
    pages[0][3:4] = []  # one page without its own title: "共同的标题" stands alone there
    template = learn_template("site", pages)
    assert {"本站首页", "机构设置", "专家团队"} <= template.furniture
    assert "共同的标题" not in template.furniture


def test_a_learned_template_cleans_a_page_of_its_site():
    text = page("某某研究院", "本站首页 专家团队", "真正的标题", "作者：张三")
    template = learn_template("site", [["某某研究院", "本站首页 专家团队", "其他"]] * 3)
    with site_template(template):
        work = work_of(text)
    assert work["title"] == "真正的标题"


def test_a_list_of_dated_titles_is_read_title_by_title():
    lines = [
        Line(1, "[2019-12-02]美国贸易政策的国内政治逻辑", True),
        Line(2, "全球债务风险上升的成因与应对 2019-11-19", True),
        Line(3, "Pacific fisheries: the quiet contest for tuna", False),
        Line(4, "Sione Tupou, Grace McAllister | 3 June 2021", False),
    ]
    titles, _ = listed_entries(lines, need_dates=True)
    assert titles == [
        "美国贸易政策的国内政治逻辑",
        "全球债务风险上升的成因与应对",
        "Pacific fisheries: the quiet contest for tuna",
    ]


def test_extract_explain_shows_confidence_and_evidence(tmp_path):
    path = tmp_path / "page.txt"
    path.write_text(
        page("首页 | 研究", "全球经济治理的新变化", "作者：张三", "2017-03-20"), "utf-8"
    )
    out = io.StringIO()
    call_command("extract", str(path), "--explain", stdout=out)
    explained = json.loads(out.getvalue())["works"][0]["explain"]
    assert explained["confidence"]["authors"] >= 0.8
    sources = {e["field"]: e["from"] for e in explained["evidence"] if e.get("chosen", True)}
    assert sources["authors"].startswith("line") and "作者：张三" in sources["authors"]
    assert "densest run" in sources["body"]
