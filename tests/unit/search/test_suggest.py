"""The suggestion table: keys (pinyin, initials, English names, title words), prefix lookup,
ranking and the precomputed answers of crowded prefixes."""

import pytest

from zhiku.search import suggest
from zhiku.search.suggest import Entry, Suggestions, fold, person_keys, title_keys, unit_keys
from zhiku.search.suggest_build import build_file


def table(tmp_path, items) -> Suggestions:
    path = tmp_path / "suggest.bin"
    build_file(path, items)
    return Suggestions(path)


def person(name, name_en="", weight=1.0):
    return Entry("person", name, f"/experts/{name}/", name_en, weight), person_keys(name, name_en)


def work(title, weight=0.0):
    return Entry("work", title, f"/works/{title}/", "", weight), title_keys(title)


@pytest.fixture
def people(tmp_path):
    return table(
        tmp_path,
        [
            person("鲁传颖", "Lu Chuanying", 12),
            person("李春燕", "", 3),
            person("林晓川", "Lin Xiaochuan", 8),
            person("Mark Wilson", "", 5),
            work("Cyber norms and the United Nations"),
            work("鲁迅与现代中国"),
            (
                Entry("unit", "上海国际问题研究院", "/units/siis/", "", 2),
                unit_keys("上海国际问题研究院", "Shanghai Institutes for International Studies"),
            ),
        ],
    )


def labels(found):
    return [e.label for e in found]


@pytest.mark.parametrize(
    "typed",
    [
        "lcy",
        "LCY",
        "鲁",
        "鲁传",
        "魯傳穎",
        "lu",
        "lu chuan",
        "luchuanying",
        "chuanying lu",
        "Lu Chuanying",
    ],
)
def test_a_person_is_found_by_name_pinyin_initials_and_english_name(people, typed):
    assert "鲁传颖" in labels(people.lookup(typed))


def test_pinyin_initials_find_only_the_people_they_abbreviate(people):
    assert labels(people.lookup("lcy")) == ["鲁传颖", "李春燕"]  # more works first
    assert labels(people.lookup("lx")) == ["林晓川"]


def test_titles_match_from_their_start_and_from_each_later_word(people):
    assert labels(people.lookup("cyber no")) == ["Cyber norms and the United Nations"]
    assert labels(people.lookup("united nat")) == ["Cyber norms and the United Nations"]
    assert labels(people.lookup("nations")) == ["Cyber norms and the United Nations"]
    assert labels(people.lookup("norma")) == []  # a prefix, not a substring


def test_people_come_before_titles_and_units_by_initials(people):
    found = people.lookup("鲁")
    assert [(e.kind, e.label) for e in found] == [("person", "鲁传颖"), ("work", "鲁迅与现代中国")]
    assert labels(people.lookup("siis")) == ["上海国际问题研究院"]
    assert labels(people.lookup("shgj")) == ["上海国际问题研究院"]


def test_english_names_by_either_order(people):
    assert labels(people.lookup("wilson")) == ["Mark Wilson"]
    assert labels(people.lookup("mark w")) == ["Mark Wilson"]


def test_nothing_typed_or_nothing_known(people):
    assert people.lookup("") == []
    assert people.lookup("   ") == []
    assert people.lookup("zzzz") == []
    assert people.lookup("\u0000\t") == []


def test_folding_is_case_width_and_script_blind():
    assert fold("ＬＵ  Chuan·ying") == "lu chuan ying"
    assert fold("網絡安全") == "网络安全"


def test_crowded_prefixes_are_precomputed_and_agree_with_a_scan(tmp_path):
    items = [work(f"网络安全治理第{n}号报告", weight=n) for n in range(1000)]
    items += [person("王伟", "Wang Wei", 1)]
    t = table(tmp_path, items)
    assert "网" in t.hot and "网络" in t.hot
    found = t.lookup("网络", limit=8)
    assert [e.label for e in found] == [f"网络安全治理第{n}号报告" for n in range(999, 991, -1)]
    # The scan of a narrow range ranks the same way.
    assert t.lookup("网络安全治理第5", limit=3)[0].label == "网络安全治理第599号报告"
    assert labels(t.lookup("ww")) == ["王伟"]


def test_quotas_keep_room_for_every_kind(tmp_path):
    items = [person(f"张{c}", "", 10) for c in "一二三四五六七八"]
    items += [work(f"张{c}文集") for c in "一二三四五六七八九十"]
    found = table(tmp_path, items).lookup("张", limit=10)
    kinds = [e.kind for e in found]
    assert kinds.count("person") == suggest.QUOTAS["person"]
    assert kinds.count("work") == 6
    assert len(found) == 10


def test_a_replaced_file_is_reopened(tmp_path, settings):
    path = suggest.suggestion_path(tmp_path)
    build_file(path, [person("鲁传颖", "Lu Chuanying")])
    assert labels(suggest.open_suggestions(tmp_path).lookup("lcy")) == ["鲁传颖"]
    build_file(path, [person("林晓川", "Lin Xiaochuan")])
    assert labels(suggest.open_suggestions(tmp_path).lookup("lcy")) == []
    assert labels(suggest.open_suggestions(tmp_path).lookup("lxc")) == ["林晓川"]


def test_a_missing_or_damaged_file_suggests_nothing(tmp_path):
    assert suggest.open_suggestions(tmp_path) is None
    path = suggest.suggestion_path(tmp_path)
    path.parent.mkdir(parents=True)
    path.write_bytes(b'{"format": 1, "sizes": [10]}\nabc')
    assert suggest.open_suggestions(tmp_path) is None
