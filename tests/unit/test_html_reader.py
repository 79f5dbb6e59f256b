"""The HTML reader's parts: Cloudflare e-mails, markup, rendering, furniture, truncation."""

import pytest
from lxml import html as lxml_html

from zhiku.ingest.pipeline import InputError, extract_text
from zhiku.ingest.readers.html import prune, render
from zhiku.ingest.readers.markup import decode_cfemail, read_meta, reveal_emails
from zhiku.ingest.readers.page import is_noise


def cf(email: str, key: int = 0x42) -> str:
    """``email`` as Cloudflare hides it in data-cfemail."""
    return bytes([key, *(c ^ key for c in email.encode())]).hex()


def tree(markup: str):
    return lxml_html.document_fromstring(markup)


@pytest.mark.parametrize("email", ["luchuanying@siis.org.cn", "bonnie.glaser@csis.org"])
def test_cfemail_decodes(email):
    assert decode_cfemail(cf(email)) == email


@pytest.mark.parametrize("hex_text", ["", "zz", "42", cf("not an address")])
def test_cfemail_garbage_is_none(hex_text):
    assert decode_cfemail(hex_text) is None


def test_reveal_replaces_the_placeholder_in_both_conventions():
    page = tree(
        f'<html><body><p>A: <a class="__cf_email__" data-cfemail="{cf("a@x.org")}">'
        "[email&#160;protected]</a></p>"
        f'<p>B: <a href="/cdn-cgi/l/email-protection#{cf("b@x.org", 0x17)}">'
        f'<span class="__cf_email__" data-cfemail="{cf("b@x.org", 0x17)}">[email protected]</span>'
        "</a> (office)</p></body></html>"
    )
    assert reveal_emails(page) >= 2
    text = page.text_content()
    assert "a@x.org" in text and "b@x.org (office)" in text and "protected" not in text


def test_meta_vocabularies_and_json_ld_graph():
    meta = read_meta(
        tree(
            "<html><head>"
            '<meta name="citation_title" content="T">'
            '<meta name="citation_author" content="Heath, T.">'
            '<meta name="citation_author" content="Clark, Asha">'
            '<meta name="citation_publication_date" content="2021/03/15">'
            '<meta name="citation_firstpage" content="12">'
            '<meta name="citation_lastpage" content="34">'
            '<meta name="citation_doi" content="https://doi.org/10.7249/RRA447-1">'
            '<meta name="keywords" content="本站,智库">'
            '<meta name="ColumnName" content="时事评论">'
            '<script type="application/ld+json">{"@graph": [{"@type": "Article", "headline": "H",'
            ' "author": [{"@id": "#p"}], "isPartOf": {"@type": "Periodical", "name": "J"}},'
            ' {"@type": "Person", "@id": "#p", "name": "Zhao Tong"}]}</script>'
            '<script type="application/ld+json">{broken</script>'
            "</head><body></body></html>"
        )
    )
    assert (meta.title, meta.authors, meta.date) == (
        "T",
        ["Heath, T.", "Clark, Asha"],
        "2021-03-15",
    )
    assert meta.venue == {"pages": "12-34", "doi": "10.7249/RRA447-1"}
    assert meta.keywords == []  # the plain keywords meta is the site's, not the work's
    assert meta.type_label == "时事评论"
    assert meta.source == "J"
    assert meta.problems and "JSON-LD" in meta.problems[0]


def test_render_gives_one_line_per_block_and_marks_list_items():
    page = tree(
        "<html><body><div>标题</div><p>一<br>二</p><ul><li>甲</li><li>乙</li></ul>"
        "<table><tr><td>作者：张三</td><td>来源：文汇报</td></tr></table></body></html>"
    )
    lines = [line.strip() for line in render(page).splitlines() if line.strip()]
    # table cells stay apart (a tab), so a label/value grid can be read cell by cell
    assert lines == ["标题", "一", "二", "- 甲", "- 乙", "作者：张三\t来源：文汇报"]


def test_prune_removes_furniture_but_keeps_the_article_header():
    page = tree(
        "<html><body><header><nav>首页 研究成果</nav></header>"
        "<div class='breadcrumb'>首页 &gt; 研究</div>"
        "<article><header><h1>标题</h1><p class='byline'>作者：张三</p></header>"
        "<p>正文。</p><div class='share-tools'>分享</div></article>"
        "<footer>版权所有</footer><script>var x;</script></body></html>"
    )
    prune(page)
    text = page.text_content()
    assert "标题" in text and "作者：张三" in text and "正文。" in text
    assert not any(word in text for word in ("首页", "分享", "版权", "var x"))


@pytest.mark.parametrize(
    ("line", "noise"),
    [
        ("本站首页 | 所内动态 | 学术论文 | 专家学者", True),
        ("Home | About | Experts | Research", True),
        ("Twitter | Facebook | Email", True),
        ("张三 | 李四 | 王五", False),  # a byline, not a menu
        ("作者：张三 | 来源：文汇报 | 2019-05-20", False),
        ("下载报告全文（PDF）", True),
        ("Download PDF", True),
        ("浏览次数：1234", True),
        ("沪ICP备05032088号", True),
        ("中美关系正处在一个新的十字路口。", False),
    ],
)
def test_furniture_lines(line, noise):
    assert is_noise(line) is noise


ARTICLE = (
    "<html><head><title>东盟的中心地位</title></head><body><h1>东盟的中心地位</h1>"
    "<p class='info'>作者：李四　发布时间：2016-09-08</p><div class='content'>"
    "<p>亚太地区的区域架构正经历深刻调整，多种合作机制并存，东盟的中心地位面临新的挑战。</p>"
    "<p>区域全面经济伙伴关系协定的谈判进程表明，东盟仍然是各方都能接受的协调者。</p></div>"
)


def test_a_page_cut_after_its_article_is_kept_with_a_warning():
    extraction = extract_text((ARTICLE + "<div class='footer'><p>地址：上海").encode(), "html")
    (work,) = extraction.works
    assert len(work.body) == 2 and work.authors == ["李四"]
    assert [w.code for w in extraction.warnings] == ["truncated_html"]


def test_a_page_cut_inside_its_article_is_refused():
    cut = ARTICLE[: ARTICLE.index("东盟仍然")]
    with pytest.raises(InputError, match="ends inside the article text"):
        extract_text(cut.encode(), "html")


def test_a_complete_page_has_no_truncation_warning():
    extraction = extract_text((ARTICLE + "</body></html>").encode(), "html")
    assert extraction.warnings == []
