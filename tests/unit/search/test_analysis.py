"""The analyzer: small ``analyze(text) == [tokens]`` tables (index mode unless stated)."""

import pytest

from zhiku.search.analysis import (
    analyze,
    normalize,
    parts,
    phrase_terms,
    regional_forms,
    tokenize,
)


@pytest.mark.parametrize(
    ("text", "tokens"),
    [
        # Traditional folds to Simplified; a word is followed by its parts
        ("網絡安全", ["网络安全", "网络", "安全"]),
        ("网络安全", ["网络安全", "网络", "安全"]),
        # 中美洲 is Central America: its parts are 美洲, never 中美
        ("中美洲", ["中美洲", "美洲"]),
        ("中美关系", ["中美关系", "中美", "关系"]),
        ("中美战略与经济对话", ["中美", "战略", "经济", "对话"]),
        ("美国与美洲", ["美国", "美洲"]),
        # user dictionary terms stay whole
        ("推进一带一路倡议", ["推进", "一带一路", "一带", "一路", "倡议"]),
        ("人类命运共同体", ["人类命运共同体", "人类", "命运", "共同体"]),
        ("二十国集团峰会", ["二十国集团", "十国集团", "峰会"]),
        # mixed scripts, acronyms and numbers
        ("建立信任措施(CBMs)", ["建立信任措施", "建立", "信任措施", "cbm"]),
        ("CBM", ["cbm"]),
        ("G20峰会在2015年举行", ["g20", "峰会", "2015", "年", "举行"]),
        ("5G网络", ["5g", "网络"]),
        ("LNG进口", ["lng", "进口"]),
        ("NGOs and the UN", ["ngo", "un"]),
        # English: lower case, stemmed, function words not indexed
        ("The Negotiations", ["negoti"]),
        ("China's relations", ["china", "relat"]),
        ("US-China", ["us", "china"]),
        # accents and widths fold
        ("Lǔ Chuányǐng", ["lu", "chuani"]),
        ("ＡＢＣ１２３，全角", ["abc123", "全角"]),
        ("ﬁnance", ["financ"]),
        # function words keep their place but are not indexed
        ("中国和美国的关系", ["中国", "美国", "关系"]),
        # other scripts are kept as words; symbols and emoji are not words
        ("Привет мир", ["привет", "мир"]),
        ("😀 ☃ ※", []),
        ("", []),
        ("a" * 41, []),
    ],
)
def test_analyze(text, tokens):
    assert analyze(text) == tokens


@pytest.mark.parametrize(
    ("text", "tokens"),
    [
        ("網絡安全", ["网络安全"]),
        ("中美洲国家与中美关系", ["中美洲", "国家", "与", "中美关系"]),
        ("中国和美国", ["中国", "和", "美国"]),
        ("the Belt and Road", ["the", "belt", "and", "road"]),
    ],
)
def test_query_mode_gives_words_without_parts(text, tokens):
    assert analyze(text, "query") == tokens


def test_the_same_chain_for_traditional_and_simplified():
    assert analyze("中美關係與網絡空間") == analyze("中美关系与网络空间")


def test_offsets_point_into_the_original_text():
    text = "ﬁnance：網絡安全 Lǔ"
    tokens = {t.text: t for t in tokenize(text)}
    assert text[tokens["网络安全"].start : tokens["网络安全"].end] == "網絡安全"
    assert text[tokens["financ"].start : tokens["financ"].end] == "ﬁnance"
    assert text[tokens["lu"].start : tokens["lu"].end] == "Lǔ"


def test_one_position_per_token():
    assert [(t.text, t.position) for t in tokenize("中美洲的网络安全")] == [
        ("中美洲", 0),
        ("美洲", 1),
        ("网络安全", 2),
        ("网络", 3),
        ("安全", 4),
    ]


@pytest.mark.parametrize(
    ("text", "terms"),
    [
        ("网络安全问题", [(0, "网络安全"), (3, "问题")]),  # its parts sit at 1 and 2
        ("中美洲国家", [(0, "中美洲"), (2, "国家")]),
        ("中国和美国", [(0, "中国"), (1, "美国")]),  # 和 is not indexed, here or in texts
        ("belt and road", [(0, "belt"), (1, "road")]),
    ],
)
def test_phrase_terms(text, terms):
    assert phrase_terms(text) == terms


@pytest.mark.parametrize(
    ("word", "expected"),
    [("网络安全", ("网络", "安全")), ("中美洲", ("美洲",)), ("中国", ()), ("鲁传颖", ())],
)
def test_parts(word, expected):
    assert parts(word) == expected


def test_normalize_reports_offsets_only_when_lengths_change():
    assert normalize("中美关系 ABC") == ("中美关系 abc", None)
    form, offsets = normalize("ﬁ網")
    assert form == "fi网" and offsets == [0, 0, 1]


def test_unknown_mode_is_an_error():
    with pytest.raises(ValueError, match="mode"):
        analyze("x", "fast")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("網路", ["网络"]),
        ("網路安全", ["网络安全", "网络", "安全"]),
        ("軟體", ["软件"]),
        ("程式", ["程序"]),
        ("東協", ["东盟"]),
        ("資安", ["网络安全", "网络", "安全"]),
        ("美中關係", ["中美关系", "中美", "关系"]),
        ("人工智慧", ["人工智能", "人工", "智能"]),
        ("晶片", ["芯片"]),
    ],
)
def test_taiwan_and_hong_kong_phrasing_is_indexed_as_mainland_phrasing(text, expected):
    assert analyze(text) == expected
    assert analyze(text, "query") == expected[:1]


@pytest.mark.parametrize(
    "word", ["建立", "程序", "文件", "核心", "指标", "智慧", "整合", "美中不足"]
)
def test_mainland_words_are_not_rewritten_as_if_they_were_regional(word):
    assert analyze(word, "query") == [word]


def test_a_regional_word_keeps_the_offsets_of_the_original():
    tokens = tokenize("推動資安產業")
    assert [(t.text, t.start, t.end, t.position) for t in tokens] == [
        ("推动", 0, 2, 0),
        ("网络安全", 2, 4, 1),  # 資安: every piece spans the original word
        ("网络", 2, 4, 2),
        ("安全", 2, 4, 3),
        ("产业", 4, 6, 4),
    ]


def test_regional_forms_lead_back_to_the_regional_words():
    assert {"网路", "网路安全"} <= regional_forms("网络")
    assert "资安" in regional_forms("网络安全")
