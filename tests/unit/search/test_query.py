"""The query parser: what a reader types → zhiku's own structure (never engine syntax)."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from zhiku.search.backends.tantivy.compile import compile_query
from zhiku.search.query import (
    MAX_QUERY_CHARS,
    AnyOf,
    Notice,
    Phrase,
    Text,
    parse,
    parse_years,
)


@pytest.mark.parametrize(
    ("text", "must", "must_not"),
    [
        ("中美 网络安全", [Text("中美"), Text("网络安全")], []),
        ('"网络 安全" 中美', [Phrase("网络 安全"), Text("中美")], []),
        ("“一带一路” 「倡议」", [Phrase("一带一路"), Phrase("倡议")], []),
        ("中美 -美洲", [Text("中美")], [Text("美洲")]),
        ('-"中美洲" 美洲', [Text("美洲")], [Phrase("中美洲")]),
        ("中美 OR 中欧", [AnyOf((Text("中美"), Text("中欧")))], []),
        ("a OR b OR c", [AnyOf((Text("a"), Text("b"), Text("c")))], []),
        ("NOT 美国 美洲", [Text("美洲")], [Text("美国")]),
        ("US-China", [Text("US-China")], []),
        ("- 中美", [Text("-"), Text("中美")], []),
        # Lucene/tantivy syntax is text: the analyzer drops what is not a word
        (
            "title:中美 AND (a* OR b?) ~2 ^3",
            [Text("title:中美"), AnyOf((Text("(a*"), Text("b?)"))), Text("~2"), Text("^3")],
            [],
        ),
        ("'; DROP TABLE catalog_work; --", [Text("';"), Text("DROP")], [Text("-")]),
    ],
)
def test_items(text, must, must_not):
    parsed = parse(text)
    assert parsed.must[: len(must)] == must
    assert parsed.must_not == must_not


@pytest.mark.parametrize(
    ("text", "field", "value"),
    [
        ("author:鲁传颖", "authors", ["鲁传颖"]),
        ('author:"lu chuanying"', "authors", ["lu chuanying"]),
        ("作者：鲁传颖 中美", "authors", ["鲁传颖"]),
        ("中美关系作者:鲁传颖", "authors", ["鲁传颖"]),
        ("type:report", "types", ["report"]),
        ("类型:报告", "types", ["report"]),
        ("lang:en", "languages", ["en"]),
        ("语言:中文", "languages", ["zh"]),
        ("lang:pt-br", "languages", ["pt-br"]),
        ("unit:美洲研究中心", "units", ["美洲研究中心"]),
        ("year:2015", "years", (2015, 2015)),
        ("year:2013..2016", "years", (2013, 2016)),
        ("年份：2016-2013", "years", (2013, 2016)),
        ("YEAR:..2010", "years", (None, 2010)),
    ],
)
def test_filters(text, field, value):
    assert getattr(parse(text).filters, field) == value


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("type:poem", "unknown_type"),
        ("lang:klingon!", "unknown_language"),
        ("year:abc", "bad_year"),
        ("year:20155", "bad_year"),
        ("year:0999", "bad_year"),
        ("author: 中美", "empty_filter"),
        ('"unbalanced 中美', "unbalanced_quote"),
        ("中" * (MAX_QUERY_CHARS + 10), "query_truncated"),
    ],
)
def test_problems_become_notices(text, code):
    assert code in [n.code for n in parse(text).notices]


def test_unbalanced_quote_runs_to_the_end():
    assert parse('中美 "网络 安全').must == [Text("中美"), Phrase("网络 安全")]


def test_url_parameters_are_filters_too():
    parsed = parse("中美", {"type": ["report", "nonsense"], "person": ["12", "x"], "foo": ["1"]})
    assert parsed.filters.types == ["report"]
    assert parsed.filters.person_ids == [12]
    assert Notice("unknown_type", "nonsense") in parsed.notices
    assert Notice("unknown_person", "x") in parsed.notices


def test_a_person_id_is_ascii_digits():
    parsed = parse("", {"person": ["²", "١٢", "１２", "7"]})  # all str.isdigit()
    assert parsed.filters.person_ids == [7]
    assert [n.value for n in parsed.notices if n.code == "unknown_person"] == ["²", "١٢", "１２"]


def test_control_characters_are_removed():
    assert parse("中美\x00\x1b[31m\u200b 关系\u2028").text == "中美 [31m 关系"


@pytest.mark.parametrize(
    ("value", "years"),
    [
        ("2015", (2015, 2015)),
        ("2013..2016", (2013, 2016)),
        ("2013..", (2013, None)),
        ("2013~2016", (2013, 2016)),
        ("2013至2016", (2013, 2016)),
        ("..", None),
        ("abc", None),
    ],
)
def test_parse_years(value, years):
    assert parse_years(value) == years


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=300))
def test_any_text_parses_and_compiles(text):
    parsed = parse(text)
    assert len(parsed.text) <= MAX_QUERY_CHARS
    compile_query(parsed)  # never raises: every item becomes our own query objects


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                '"',
                "-",
                "OR",
                "NOT",
                "author:",
                "type:",
                "year:",
                "：",
                "“",
                "」",
                " ",
                "中美",
                "a",
                "*",
                "(",
                ")",
                "\\",
                "AND",
                "year:2015..",
                "lang:",
                "😀",
                "\x00",
            ]
        ),
        max_size=30,
    )
)
def test_syntax_soup_parses_and_compiles(pieces):
    compile_query(parse("".join(pieces)))
