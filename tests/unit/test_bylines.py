"""Bylines, titles and affiliations as (input, expected) tables."""

import pytest

from zhiku.ingest.bylines import (
    Byline,
    read_author_note,
    split_byline,
    split_unit_path,
    unit_level,
    unit_rank,
)


@pytest.mark.parametrize(
    ("line", "names"),
    [
        (
            "By Ryan Hass, Patricia M. Kim, and Emilie Kimball",
            ["Ryan Hass", "Patricia M. Kim", "Emilie Kimball"],
        ),
        ("Written by Jane Doe & John Smith", ["Jane Doe", "John Smith"]),
        (
            "by Timothy R. Heath, Derek Grossman, Asha Clark",
            ["Timothy R. Heath", "Derek Grossman", "Asha Clark"],
        ),
        ("张三等", ["张三"]),
        ("Jane Doe et al.", ["Jane Doe"]),
        ("文｜张三", ["张三"]),
        ("本报记者 王晓", ["王晓"]),
        ("撰稿：王五、赵六", ["王五", "赵六"]),
        ("林正義 研究員", ["林正義"]),
        ("上海国际问题研究院 张三、复旦大学 李四", ["张三", "李四"]),
    ],
)
def test_split_byline_names(line, names):
    byline = split_byline(line)
    assert byline is not None and byline.names == names


@pytest.mark.parametrize(
    ("line", "titles", "units"),
    [
        (
            "By Jane Doe, Senior Fellow at the Brookings Institution",
            {"Jane Doe": "Senior Fellow"},
            {"Jane Doe": ["Brookings Institution"]},
        ),
        (
            "Zhao Tong, Senior Fellow, Carnegie-Tsinghua Center for Global Policy",
            {"Zhao Tong": "Senior Fellow"},
            {"Zhao Tong": ["Carnegie-Tsinghua Center for Global Policy"]},
        ),
        (
            "蔡明彥（國立中興大學國際政治研究所教授）",
            {"蔡明彥": "教授"},
            {"蔡明彥": ["國立中興大學國際政治研究所"]},
        ),
        (
            "上海国际问题研究院 张三、复旦大学 李四",
            {},
            {"张三": ["上海国际问题研究院"], "李四": ["复旦大学"]},
        ),
    ],
)
def test_titles_and_affiliations_go_to_the_person(line, titles, units):
    byline = split_byline(line)
    assert (byline.titles, byline.units) == (titles, units)
    assert all(name.isalpha() or " " in name for name in byline.names)  # never "张三研究员"


@pytest.mark.parametrize(
    "line",
    [
        "文",
        "By the numbers: China's economy in 2020",
        "Senior Fellow",
        "Brookings Institution",
        "研究员",
    ],
)
def test_not_bylines(line):
    assert split_byline(line) is None


@pytest.mark.parametrize(
    ("note", "authors", "titles", "units"),
    [
        (
            "（作者系中国现代国际关系研究院副院长、研究员）",
            ["傅梦孜"],
            {"傅梦孜": "副院长"},
            {"傅梦孜": ["中国现代国际关系研究院"]},
        ),
        (
            "作者简介：王五，复旦大学国际问题研究院教授；赵六，上海国际问题研究院研究员。",
            ["王五", "赵六"],
            {"王五": "教授", "赵六": "研究员"},
            {"王五": ["复旦大学国际问题研究院"], "赵六": ["上海国际问题研究院"]},
        ),
        (
            "Jane Doe is a senior fellow for Asia studies at the Council on Foreign Relations. "
            "John Smith is an adjunct senior fellow at the Council on Foreign Relations.",
            ["Jane Doe", "John Smith"],
            {"Jane Doe": "Senior Fellow for Asia studies", "John Smith": "Adjunct Senior Fellow"},
            {
                "Jane Doe": ["Council on Foreign Relations"],
                "John Smith": ["Council on Foreign Relations"],
            },
        ),
    ],
)
def test_author_notes(note, authors, titles, units):
    byline = Byline(names=list(authors))
    assert read_author_note(note, byline)
    assert (byline.titles, byline.units) == (titles, units)


def test_a_sentence_about_someone_else_is_not_an_author_note():
    byline = Byline(names=["Jane Doe"])
    assert not read_author_note("Xi Jinping is the president of China.", byline)


@pytest.mark.parametrize(
    ("name", "path"),
    [
        ("上海国际问题研究院亚太研究中心", ["亚太研究中心", "上海国际问题研究院"]),
        ("中国社会科学院世界经济与政治研究所", ["世界经济与政治研究所", "中国社会科学院"]),
        ("复旦大学国际问题研究院美国研究中心", ["美国研究中心", "国际问题研究院", "复旦大学"]),
        ("國立中興大學國際政治研究所", ["國際政治研究所", "國立中興大學"]),
        ("国务院发展研究中心", ["国务院发展研究中心"]),
        ("全球治理研究所", ["全球治理研究所"]),
        ("联合国系统研究中心", ["联合国系统研究中心"]),
        ("中国科学院大学", ["中国科学院大学"]),
    ],
)
def test_split_unit_path(name, path):
    assert split_unit_path(name) == path


@pytest.mark.parametrize(
    ("name", "level", "rank"),
    [
        ("亚太研究中心", 1, 1),
        ("国际政治研究所", 2, 2),
        ("上海国际问题研究院", 3, 3),
        ("复旦大学", 3, 4),
        ("RAND Corporation", 3, 3),
        ("China Power Project", 1, 1),
        ("Senior Adviser for Asia", None, 0),
    ],
)
def test_unit_level_and_rank(name, level, rank):
    assert (unit_level(name), unit_rank(name)) == (level, rank)
