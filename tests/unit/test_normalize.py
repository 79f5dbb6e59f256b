"""Normalisers as (input, expected) tables."""

import pytest

from zhiku.ingest.bylines import split_byline, unit_level
from zhiku.ingest.normalize import DateError, classify_type, normalize_date, strip_book_marks
from zhiku.text.keys import text_key
from zhiku.text.names import is_person_name, romanize_name
from zhiku.text.scripts import detect_language


@pytest.mark.parametrize(
    ("text", "iso", "precision"),
    [
        ("2013-07-15", "2013-07-15", "day"),
        ("2013年7月15日", "2013-07-15", "day"),
        ("2013 年 7 月 15 日", "2013-07-15", "day"),
        ("2013年07月15日 星期一", "2013-07-15", "day"),
        ("2013/07/15", "2013-07-15", "day"),
        ("2013/7/15", "2013-07-15", "day"),
        ("2013.7.15", "2013-07-15", "day"),
        ("2013.07.15", "2013-07-15", "day"),
        ("2013-07-15 10:32", "2013-07-15", "day"),
        ("2013-07-15 10:32:05", "2013-07-15", "day"),
        ("2013-07-15T10:32:05+08:00", "2013-07-15", "day"),
        ("２０１３－０７－１５", "2013-07-15", "day"),
        ("July 15, 2013", "2013-07-15", "day"),
        ("Jul. 15, 2013", "2013-07-15", "day"),
        ("15 July 2013", "2013-07-15", "day"),
        ("Monday, July 15, 2013", "2013-07-15", "day"),
        ("2013年7月", "2013-07", "month"),
        ("2013-07", "2013-07", "month"),
        ("July 2013", "2013-07", "month"),
        ("2013年", "2013", "year"),
        ("2013", "2013", "year"),
        ("二〇一三年七月十五日", "2013-07-15", "day"),
        ("二〇一九年十一月二十日", "2019-11-20", "day"),
        ("二〇一三年七月", "2013-07", "month"),
        ("民國102年7月15日", "2013-07-15", "day"),
        ("中华民国102年7月", "2013-07", "month"),
        ("July 15, 2013 at 10:30 AM EST", "2013-07-15", "day"),
        ("15 July 2013 10:30", "2013-07-15", "day"),
        ("2021/03/15", "2021-03-15", "day"),
        ("20130715", "2013-07-15", "day"),
        ("Mon, 15 Jul 2013 10:00:00 +0800", "2013-07-15", "day"),
        ("2013年07月15日 10:30:01", "2013-07-15", "day"),
    ],
)
def test_normalize_date(text, iso, precision):
    parsed = normalize_date(text)
    assert parsed is not None
    assert (parsed.iso, parsed.precision) == (iso, precision)


@pytest.mark.parametrize(
    "text", ["2013-13-45", "2013年2月30日", "2013/02/29", "0999-01-01", "二〇一三年二月三十日"]
)
def test_impossible_dates_are_errors_not_guesses(text):
    with pytest.raises(DateError):
        normalize_date(text)


@pytest.mark.parametrize("text", ["", "中美在网络问题上取得进展", "共20项", "G20", "鲁传颖"])
def test_non_dates(text):
    assert normalize_date(text) is None


@pytest.mark.parametrize(
    ("line", "names"),
    [
        ("鲁传颖", ["鲁传颖"]),
        ("张三、李四", ["张三", "李四"]),
        ("张三，李四", ["张三", "李四"]),
        ("张三 李四", ["张三", "李四"]),
        ("文/张三", ["张三"]),
        ("文 / 张三", ["张三"]),
        ("作者：张三、李四、王五", ["张三", "李四", "王五"]),
        ("By Jane Doe", ["Jane Doe"]),
        ("By Jane Doe and John Smith", ["Jane Doe", "John Smith"]),
        ("欧阳修", ["欧阳修"]),
    ],
)
def test_split_byline(line, names):
    byline = split_byline(line)
    assert byline is not None
    assert byline.names == names


def test_byline_moves_title_and_unit_to_the_person():
    byline = split_byline("鲁传颖（上海国际问题研究院研究员）")
    assert byline.names == ["鲁传颖"]
    assert byline.titles == {"鲁传颖": "研究员"}
    assert byline.units == {"鲁传颖": ["上海国际问题研究院"]}


def test_byline_title_after_name():
    byline = split_byline("张三 副研究员")
    assert byline.names == ["张三"]
    assert byline.titles == {"张三": "副研究员"}


@pytest.mark.parametrize("line", ["首先，对话取得进展。", "中美关系", "研究员", ""])
def test_prose_is_not_a_byline(line):
    assert split_byline(line) is None


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("鲁传颖", True),
        ("欧阳修", True),
        ("阿不都·热合曼", True),
        ("Jane Doe", True),
        ("中美关系", False),
        ("研究员", False),
        ("网络", False),
        ("NATO", False),
    ],
)
def test_is_person_name(name, expected):
    assert is_person_name(name) is expected


@pytest.mark.parametrize(
    ("name", "pinyin"),
    [
        ("鲁传颖", "Lu Chuanying"),
        ("欧阳修", "Ouyang Xiu"),
        ("单雄信", "Shan Xiongxin"),
        ("曾国藩", "Zeng Guofan"),
        ("Jane Doe", "Jane Doe"),
    ],
)
def test_romanize_name(name, pinyin):
    assert romanize_name(name) == pinyin


@pytest.mark.parametrize(
    ("text", "level"),
    [
        ("美洲研究中心", 1),
        ("全球治理研究所", 2),
        ("上海国际问题研究院", 3),
        ("复旦大学", 3),
        ("Center for American Studies", 1),
        ("Brookings Institution", 3),
        ("Senior Fellow", None),
        ("上海國際問題研究院", 3),
        ("American Studies Center", 1),
        ("研究员", None),
        ("中心", None),
    ],
)
def test_unit_level(text, level):
    assert unit_level(text) == level


@pytest.mark.parametrize(
    ("title", "bare", "is_book"),
    [
        ("《中国与拉美国家相互依赖模式研究》", "中国与拉美国家相互依赖模式研究", True),
        ("《老挝与“一带一路”》", "老挝与“一带一路”", True),
        ("《论语》与《孟子》比较", "《论语》与《孟子》比较", False),
        ("《论语》与《孟子》", "《论语》与《孟子》", False),
        ("读《论语》", "读《论语》", False),
    ],
)
def test_strip_book_marks(title, bare, is_book):
    assert strip_book_marks(title) == (bare, is_book)


@pytest.mark.parametrize(
    ("title", "kwargs", "expected"),
    [
        ('"保护海外能源利益" 国际学术研讨会综述', {}, "conference_summary"),
        ("第五届世界互联网大会论坛纪要", {}, "conference_summary"),
        ("文献综述：全球治理研究", {}, "article"),
        ("全球治理报告2020", {}, "report"),
        ("2020年全球网络安全研究报告", {}, "report"),
        ("政府工作报告解读", {}, "article"),
        ("中美关系", {"in_book_marks": True}, "book"),
        ("中美关系", {"source": "《国际问题研究》2015年第3期"}, "journal_paper"),
        ("中美关系", {"source": "《文汇报》"}, "article"),
        ("中美关系", {"label": "报告"}, "report"),
        ("Cyber Norms", {"label": "Report"}, "report"),
        ("中美关系", {}, "article"),
        ("专访｜朱锋：中美关系的下一步怎么走", {}, "interview"),
        ("Interview: Jessica Chen Weiss on Nationalism", {}, "interview"),
        ("中美关系", {"label": "时事评论"}, "commentary"),
        ("China's Quest", {"label": "Research Report"}, "report"),
        ("China's Quest", {"label": "Commentary"}, "commentary"),
        ("对话的艺术", {}, "article"),
    ],
)
def test_classify_type(title, kwargs, expected):
    assert classify_type(title, **kwargs) == expected


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("中美在网络问题上取得进展", "zh"),
        ("Working Together with One Heart", "en"),
        ("建立信任措施(CBMs)", "zh"),
        ("中俄关系2015", "zh"),
        ("網絡安全", "zh"),
        ("The Belt and Road Initiative (一带一路) in Southeast Asia", "en"),
        ("日本の外交政策", "ja"),
        ("한국 외교", "ko"),
        ("2015", "und"),
    ],
)
def test_detect_language(text, lang):
    assert detect_language(text) == lang


def test_text_key_folds_width_space_and_punctuation():
    assert text_key("中美，关系 ２０１５!") == text_key("中美,关系2015！")
