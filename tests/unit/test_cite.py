"""Citation styles as (record, expected) tables; exports parsed back by real readers."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import bibtexparser
import jsonschema
import pytest
import rispy

from zhiku.interop.cite import FORMATS, CitationRecord, apa, bibtex, gbt7714, split_name
from zhiku.interop.cite.record import Name

SCHEMAS = Path(__file__).resolve().parent.parent / "schemas"


def names(*written: str) -> tuple[Name, ...]:
    return tuple(split_name(n) for n in written)


@pytest.mark.parametrize(
    ("written", "family", "given"),
    [
        ("鲁传颖", "鲁", "传颖"),
        ("欧阳修", "欧阳", "修"),
        ("司马相如", "司马", "相如"),
        ("王五", "王", "五"),
        ("约瑟夫·奈", "奈", "约瑟夫"),
        ("John Ronald Smith", "Smith", "John Ronald"),
        ("Smith, John", "Smith", "John"),
        ("Plato", "Plato", ""),
        ("  鲁  传颖 ", "鲁", "传颖"),
    ],
)
def test_split_name(written, family, given):
    assert split_name(written) == Name(family, given)


# Each expected string is written from GB/T 7714-2015's rules and its own examples (some are
# the standard's examples verbatim: 袁训来 et al., CRAWFPRD & GORMAN, 丁文祥, 中国互联网络信息中心,
# 萧钰), not produced by running the code.
GBT_CASES = [
    pytest.param(
        CitationRecord(
            key="a", type="journal_paper",
            title="蓝田生物群: 一个认识多细胞生物起源和早期演化的新窗口",
            authors=names("袁训来", "陈哲", "肖书海", "张昀"), year=2012, container="科学通报",
            volume="55", issue="34", pages="3219",
        ),
        "袁训来, 陈哲, 肖书海, 等. 蓝田生物群: 一个认识多细胞生物起源和早期演化的新窗口[J]. "
        "科学通报, 2012, 55(34): 3219.",
        id="journal, four Chinese authors → 3 + 等",
    ),
    pytest.param(
        CitationRecord(
            key="b", type="book", language="en",
            title="Future libraries: dreams, madness, & reality",
            authors=names("Walt Crawfprd", "Michael Gorman"), year=1995,
            place="Chicago", publisher="American Library Association",
        ),
        "CRAWFPRD W, GORMAN M. Future libraries: dreams, madness, & reality[M]. "
        "Chicago: American Library Association, 1995.",
        id="book, Latin authors surname first in capitals",
    ),
    pytest.param(
        CitationRecord(
            key="c", type="book", title="国史旧闻: 第1卷", authors=names("陈登原"), year=2000,
            place="北京", publisher="中华书局",
        ),
        "陈登原. 国史旧闻: 第1卷[M]. 北京: 中华书局, 2000.",
        id="book, Chinese",
    ),
    pytest.param(
        CitationRecord(key="d", type="book", title="无名集", authors=names("张三"), year=1990),
        "张三. 无名集[M]. [出版地不详]: [出版者不详], 1990.",
        id="book, place and publisher unknown (Chinese)",
    ),
    pytest.param(
        CitationRecord(
            key="e", type="commentary", title="数字革命与竞争国际化", authors=names("丁文祥"),
            year=2000, month=11, day=20, container="中国青年报", pages="15",
        ),
        "丁文祥. 数字革命与竞争国际化[N]. 中国青年报, 2000-11-20(15).",
        id="newspaper with page (版次)",
    ),
    pytest.param(
        CitationRecord(
            key="f", type="report", title="第29次中国互联网络发展状况统计报告",
            authors=names("中国互联网络信息中心"), year=2012, month=1, day=16,
            url="http://www.cnnic.net.cn/hlwfzyj/hlwxzbg/201201/P020120709345264469680.pdf",
            accessed=dt.date(2013, 3, 26),
        ),
        "中国互联网络信息中心. 第29次中国互联网络发展状况统计报告[R/OL]. (2012-01-16)[2013-03-26]. "
        "http://www.cnnic.net.cn/hlwfzyj/hlwxzbg/201201/P020120709345264469680.pdf.",
        id="online report: (publication date)[access date] URL",
    ),
    pytest.param(
        CitationRecord(
            key="g", type="report", title="中美网络安全合作报告", authors=names("鲁传颖"),
            year=2016, place="上海", publisher="上海国际问题研究院",
        ),
        "鲁传颖. 中美网络安全合作报告[R]. 上海: 上海国际问题研究院, 2016.",
        id="printed report",
    ),
    pytest.param(
        CitationRecord(
            key="h", type="article", title="出版业信息化迈入快车道", authors=names("萧钰"),
            year=2001, month=12, day=19,
            url="http://www.creader.com/news/20011219/200112190019.html",
            accessed=dt.date(2002, 4, 15),
        ),
        "萧钰. 出版业信息化迈入快车道[EB/OL]. (2001-12-19)[2002-04-15]. "
        "http://www.creader.com/news/20011219/200112190019.html.",
        id="electronic resource [EB/OL]",
    ),
    pytest.param(
        CitationRecord(
            key="i", type="journal_paper", language="en", title="Cyber norms and China",
            authors=names("John Smith", "Jane Doe", "Ann Lee", "Bob Stone"), year=2020,
            container="International Affairs", volume="96", issue="3", pages="45-67",
        ),
        "SMITH J, DOE J, LEE A, et al. Cyber norms and China[J]. International Affairs, 2020, "
        "96(3): 45-67.",
        id="journal, four Latin authors → 3 + et al.",
    ),
    pytest.param(
        CitationRecord(
            key="j", type="article", title="网络空间治理", year=2019,
            url="https://example.org/works/3/", accessed=dt.date(2024, 1, 2),
        ),
        "网络空间治理[EB/OL]. (2019)[2024-01-02]. https://example.org/works/3/.",
        id="no author: the title leads",
    ),
]  # fmt: skip


@pytest.mark.parametrize(("record", "expected"), GBT_CASES)
def test_gbt7714_2015(record, expected):
    assert gbt7714.render(record) == expected


def test_gbt7714_list_is_numbered_in_order():
    records = [case.values[0] for case in GBT_CASES[:3]]
    lines = gbt7714.render_list(records).splitlines()
    assert [line[:4] for line in lines] == ["[1] ", "[2] ", "[3] "]
    assert lines[1].startswith("[2] CRAWFPRD W")


def test_a_later_edition_is_a_second_style():
    later = gbt7714.Style(name="GB/T 7714-20xx", max_authors=2)
    record = GBT_CASES[0].values[0]
    assert gbt7714.render(record, later).startswith("袁训来, 陈哲, 等. ")
    assert gbt7714.render(record).startswith("袁训来, 陈哲, 肖书海, 等. ")


@pytest.mark.parametrize(
    ("record", "expected"),
    [
        (
            CitationRecord(
                key="a", type="journal_paper", language="en", title="Cyber norms and China",
                authors=names("John Ronald Smith", "Jane Doe"), year=2020,
                container="International Affairs", volume="96", issue="3", pages="45-67",
                doi="10.1093/ia/iiaa001",
            ),
            "Smith, J. R., & Doe, J. (2020). Cyber norms and China. International Affairs, "
            "96(3), 45–67. https://doi.org/10.1093/ia/iiaa001",
        ),
        (
            CitationRecord(
                key="b", type="commentary", title="中美在网络问题上取得进展",
                authors=names("鲁传颖"), year=2013, month=7, day=15, container="文汇报",
                url="https://example.org/works/1/",
            ),
            "鲁传颖. (2013, July 15). 中美在网络问题上取得进展. 文汇报. https://example.org/works/1/",
        ),
        (
            CitationRecord(
                key="c", type="book", language="en", title="Future libraries",
                authors=names("Walt Crawford", "Michael Gorman", "Ann Lee"), year=1995,
                publisher="American Library Association",
            ),
            "Crawford, W., Gorman, M., & Lee, A. (1995). Future libraries. "
            "American Library Association.",
        ),
        (
            CitationRecord(key="d", type="article", title="Untitled notes", language="en"),
            "Untitled notes. (n.d.).",
        ),
    ],
)  # fmt: skip
def test_apa7(record, expected):
    assert apa.render(record) == expected


SAMPLE_RECORDS = [case.values[0] for case in GBT_CASES] + [
    CitationRecord(
        key="tricky",
        type="chapter",
        title="Braces {and} 100% & $ signs_ in \\ titles",
        authors=names("O'Brien, Mary-Kate"),
        editors=names("张三"),
        container="论文集",
        year=2021,
        keywords=("网络空间", "治理"),
        abstract="摘要：中文保持原样。",
        url="https://example.org/works/9/",
        accessed=dt.date(2024, 5, 6),
    )
]


def test_bibtex_parses_back_with_bibtexparser():
    text = bibtex.render_list(SAMPLE_RECORDS)
    library = bibtexparser.parse_string(
        text,
        append_middleware=[
            bibtexparser.middlewares.LatexDecodingMiddleware(),
            bibtexparser.middlewares.SeparateCoAuthors(),
        ],
    )
    assert not library.failed_blocks
    entries = {e.key: e for e in library.entries}
    assert set(entries) == {r.key for r in SAMPLE_RECORDS}
    assert entries["a"].entry_type == "article"
    assert entries["a"]["title"] == "蓝田生物群: 一个认识多细胞生物起源和早期演化的新窗口"
    assert entries["a"]["author"] == ["袁训来", "陈哲", "肖书海", "张昀"]
    assert entries["b"].entry_type == "book" and entries["g"].entry_type == "techreport"
    tricky = entries["tricky"]
    assert tricky.entry_type == "incollection"
    assert tricky["title"] == "Braces {and} 100% & $ signs_ in \\ titles"
    assert tricky["keywords"] == "网络空间, 治理"


def test_ris_parses_back_with_rispy():
    entries = rispy.loads(gbt7714_free_ris())
    assert len(entries) == len(SAMPLE_RECORDS)
    journal = entries[0]
    assert journal["type_of_reference"] == "JOUR"
    assert journal["authors"] == ["袁训来", "陈哲", "肖书海", "张昀"]
    assert journal["journal_name"] == "科学通报"
    assert (journal["volume"], journal["number"], journal["start_page"]) == ("55", "34", "3219")
    assert entries[4]["type_of_reference"] == "NEWS"
    tricky = entries[-1]
    assert tricky["type_of_reference"] == "CHAP"
    assert tricky["keywords"] == ["网络空间", "治理"]
    assert tricky["authors"] == ["O'Brien, Mary-Kate"]


def gbt7714_free_ris() -> str:
    return FORMATS["ris"].render(SAMPLE_RECORDS)


def test_csl_json_is_valid_against_the_csl_data_schema():
    schema = json.loads((SCHEMAS / "csl-data.json").read_text())
    text = FORMATS["csl-json"].render(SAMPLE_RECORDS)
    assert "蓝田生物群" in text  # UTF-8, not \u escapes
    items = json.loads(text)
    jsonschema.validate(items, schema, cls=jsonschema.Draft7Validator)
    assert items[0]["type"] == "article-journal"
    assert items[0]["author"][0] == {"family": "袁", "given": "训来"}
    assert items[0]["issued"] == {"date-parts": [[2012]]}


def test_csl_schema_check_can_fail():
    schema = json.loads((SCHEMAS / "csl-data.json").read_text())
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate([{"id": "x", "type": "blog"}], schema)


@pytest.mark.parametrize("key", sorted(FORMATS))
def test_every_format_keeps_chinese_as_utf8(key):
    text = FORMATS[key].render([GBT_CASES[0].values[0]])
    assert "蓝田生物群" in text and "科学通报" in text and "\\u" not in text
