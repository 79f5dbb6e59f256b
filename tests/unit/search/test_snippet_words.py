"""Snippets are cut between words: an English word is never cut in half."""

import re

import pytest

from zhiku.search.snippets import best_snippet

TEXT = (
    "The long history of international negotiations shows " * 3
    + "that cybersecurity norms emerge slowly among states and institutions that "
    + "rarely agree on definitions of sovereignty, attribution and responsibility " * 4
)
WORDS = set(re.findall(r"[A-Za-z]+", TEXT))


@pytest.mark.parametrize("terms", [{"cybersecur"}, {"sovereignti"}, {"attribut"}, {"nothing"}])
def test_both_ends_of_a_snippet_are_whole_words(terms):
    snippet = best_snippet(TEXT, terms)
    assert snippet.cut_after
    for word in re.findall(r"[A-Za-z]+", snippet.text):
        assert word in WORDS, word
    assert not snippet.text.endswith(" ")


def test_a_chinese_snippet_keeps_its_length():
    text = "中美关系" * 100
    snippet = best_snippet(text, {"中美"})
    assert len(snippet.text) >= 150
