"""The text-dump reader on page shapes beyond the sample."""

import pytest

from zhiku.ingest.pipeline import InputError, extract_text


def extract(text: str) -> dict:
    return extract_text(text.encode("utf-8")).to_dict()


def codes(result: dict) -> set[tuple[str, str | None]]:
    return {(w["code"], w.get("field")) for w in result["warnings"]}


def test_profile_without_article():
    result = extract("- 张三\n- 研究员\n- 欧洲研究中心\n- 欧盟社会政策研究\n")
    assert result["people"] == [
        {"name": "张三", "title": "研究员", "units": ["欧洲研究中心"], "email": None}
    ]
    assert result["works"] == []
    assert [w["title"] for w in result["listed_works"]] == ["欧盟社会政策研究"]


def test_article_without_profile_reads_multi_author_byline():
    result = extract(
        "中美关系的新阶段\n张三、李四\n2013年7月15日\n第一段正文内容，讨论中美关系。\n"
    )
    (work,) = result["works"]
    assert work["authors"] == ["张三", "李四"]
    assert work["date"] == "2013-07-15"
    assert result["people"] == []


def test_labelled_fields_on_separate_lines():
    page = (
        "全球治理的新议程\n作者：王五\n来源：《解放日报》\n发布时间：2019-01-02 08:30\n"
        "正文第一段，讨论全球治理。\n正文第二段，讨论多边主义。\n"
    )
    (work,) = extract(page)["works"]
    assert (work["authors"], work["source"], work["date"]) == (
        ["王五"],
        "《解放日报》",
        "2019-01-02",
    )
    assert work["body"] == ["正文第一段，讨论全球治理。", "正文第二段，讨论多边主义。"]


def test_empty_source_label_is_unknown_with_a_warning():
    result = extract("标题在此\n张三\n2013-07-15\n正文一段。\n文献来源：\n")
    assert result["works"][0]["source"] is None
    assert ("empty_field", "source") in codes(result)


def test_impossible_date_is_reported_not_guessed():
    result = extract("标题在此\n作者：张三\n日期：2013-13-45\n正文一段。\n")
    assert result["works"][0]["date"] is None
    assert ("date_unparsed", "date") in codes(result)


def test_doubled_body_is_deduplicated_with_a_warning():
    para = ["第一段：网络空间的全球治理。", "第二段：中美双方的分歧仍然存在。"]
    result = extract("\n".join(["标题", "张三", "2013-07-15", *para, *para]))
    assert result["works"][0]["body"] == para
    assert ("duplicate_paragraphs", None) in codes(result)


def test_near_duplicate_paragraphs_differing_in_width_and_spacing():
    same = ["中美双方,在网络问题上取得进展。", "中美双方， 在网络问题上取得进展。"]
    page = "\n".join(["标题", "张三", "2013-07-15", *same])
    assert len(extract(page)["works"][0]["body"]) == 1


def test_furniture_never_reaches_the_body():
    page = (
        "当前位置：首页 > 研究成果\n标题\n张三\n2013-07-15\n【字体：大 中 小】\n正文一段。\n"
        "打印本页 关闭窗口\n分享到：微信 微博\n"
        "Copyright © 2020 某研究院 版权所有 沪ICP备12345678号\n"
    )
    assert extract(page)["works"][0]["body"] == ["正文一段。"]


@pytest.mark.parametrize(
    "text",
    ["hello world", "随便写的一句话", "a,b,c\n1,2,3\n", "\n\n\n"],
)
def test_text_that_is_not_a_page_is_refused(text):
    with pytest.raises(InputError):
        extract(text)
