"""Snippets are cut from the original text, with whole matched tokens marked and escaped."""

import pytest

from zhiku.search.snippets import SNIPPET_CHARS, Highlight, best_snippet, mark_whole

FILLER = "各方在多个议题上交换了意见。" * 12


@pytest.mark.parametrize(
    ("text", "terms", "marked"),
    [
        ("中美关系进入新阶段。", {"中美关系", "中美", "关系"}, ["中美关系"]),
        # 中美 inside 中美洲 is not a match; the real one is
        ("中美洲国家与中美两国", {"中美"}, ["中美"]),
        # Traditional text: marked in its own characters
        ("兩岸與網絡安全問題", {"网络安全", "网络", "安全"}, ["網絡安全"]),
        # a stem marks the whole word as written
        ("Negotiations on CBMs resumed.", {"negoti", "cbm"}, ["Negotiations", "CBMs"]),
    ],
)
def test_marks_whole_tokens_in_the_original(text, terms, marked):
    snippet = best_snippet(text, terms)
    assert [snippet.text[s:e] for s, e in snippet.marks] == marked


def test_the_passage_with_the_match_is_chosen():
    text = FILLER + "此后，中美双方在网络问题上取得进展。" + FILLER
    snippet = best_snippet(text, {"网络"})
    assert "中美双方在网络问题上取得进展" in snippet.text
    assert snippet.cut_before and snippet.cut_after
    assert len(snippet.text) <= SNIPPET_CHARS
    assert snippet.plain().startswith("…") and snippet.plain().endswith("…")


def test_no_match_gives_the_beginning():
    snippet = best_snippet(FILLER, {"美洲"})
    assert snippet.text == FILLER[:SNIPPET_CHARS] and not snippet.marks


def test_html_is_escaped_and_marked():
    snippet = best_snippet("<script>alert(1)</script> 中美 & 关系", {"中美"})
    assert str(snippet.html()) == (
        "&lt;script&gt;alert(1)&lt;/script&gt; <mark>中美</mark> &amp; 关系"
    )


def test_titles_are_marked_whole():
    title = mark_whole("網絡安全與數據", {"网络安全", "网络", "安全"})
    assert str(title.html()) == "<mark>網絡安全</mark>與數據"


def test_phrases_are_marked_only_where_their_words_stand_together():
    marked = Highlight(phrases=(((0, "网络"), (1, "安全")),))  # 網路 is indexed as 网络
    snippet = best_snippet("資訊安全與網路安全，網路攻擊", marked)
    assert [snippet.text[s:e] for s, e in snippet.marks] == ["網路安全"]


def test_a_query_highlights_synonym_phrases_as_phrases():
    from zhiku.search.backends.tantivy.compile import compile_query
    from zhiku.search.query import parse

    highlight = compile_query(parse("网络安全")).highlight
    assert "网络安全" in highlight.terms and "安全" not in highlight.terms
    assert ((0, "cyber"), (1, "secur")) in highlight.phrases  # "cyber security"
