"""nh3 sanitising: plain-text fields lose every trace of markup; clean text is untouched."""

import pytest

from zhiku.ingest.records import Extraction, PersonRecord, WorkRecord
from zhiku.ingest.sanitize import plain_input, sanitize_extraction
from zhiku.security.sanitize import clean_html, plain_text, safe_url

#: Each payload as it may arrive in a scraped or hand-made input, and what a reader should get.
PLAIN_TEXT = [
    ("<script>alert(1)</script>标题", "标题"),
    ("标题<SCRIPT SRC=//evil.example/x.js></SCRIPT>", "标题"),
    ('<img src=x onerror="alert(1)">图片', "图片"),
    ('<a href="javascript:alert(1)">链接</a>', "链接"),
    ('<a href="JaVaScRiPt:alert(1)" onmouseover=alert(2)>x</a>', "x"),
    ('<p style="background:url(javascript:alert(1))">段落</p>', "段落"),
    ("<style>body{display:none}</style>正文", "正文"),
    ('<div style="width: expression(alert(1))">正文</div>', "正文"),
    ("<svg/onload=alert(1)></svg>矢量", "矢量"),
    ("<svg/onload=alert(1)>未闭合", ""),  # an unclosed svg holds the rest, as browsers parse it
    ("<iframe src=javascript:alert(1)></iframe>框", "框"),
    ("&lt;script&gt;alert(1)&lt;/script&gt;转义", "转义"),
    ("&amp;lt;script&amp;gt;alert(1)&amp;lt;/script&amp;gt;两次", "两次"),
    ("<!-- <script>alert(1)</script> -->注释", "注释"),
    ("<b>粗体</b>与<i>斜体</i>", "粗体与斜体"),
    ("<math><mi xlink:href=javascript:alert(1)>m</mi></math>公式", "公式"),
]

UNCHANGED = [
    "中美在网络问题上取得进展",
    "a < b and c > d",
    "AT&T and R&D",
    "《文汇报》 2013年7月15日",
    "[email protected]",
    "Working Together with One Heart: People-to-People Diplomacy",
]


@pytest.mark.parametrize(("dirty", "clean"), PLAIN_TEXT)
def test_plain_text_removes_markup(dirty, clean):
    assert plain_text(dirty) == clean


@pytest.mark.parametrize("text", UNCHANGED)
def test_plain_text_leaves_clean_text_alone(text):
    assert plain_text(text) == text


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        ("<p>段落<b>粗</b></p>", "<p>段落<b>粗</b></p>"),
        ('<p onclick="x()">段</p>', "<p>段</p>"),
        (
            '<a href="https://example.org/">l</a>',
            '<a href="https://example.org/" rel="noopener noreferrer nofollow">l</a>',
        ),
        ('<a href="javascript:alert(1)">l</a>', '<a rel="noopener noreferrer nofollow">l</a>'),
        ('<span style="color:red">s</span>', "s"),
        ("<script>alert(1)</script><p>p</p>", "<p>p</p>"),
        ('<img src="x" onerror="alert(1)">', ""),
    ],
)
def test_clean_html_keeps_only_safe_markup(html, expected):
    assert clean_html(html) == expected


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://www.siis.org.cn/a?b=1", "https://www.siis.org.cn/a?b=1"),
        ("  http://example.org/x  ", "http://example.org/x"),
        ("javascript:alert(1)", ""),
        ("JAVASCRIPT:alert(1)", ""),
        ("java\tscript:alert(1)", ""),
        ("data:text/html,<script>alert(1)</script>", ""),
        ("vbscript:msgbox(1)", ""),
        ("//evil.example/x", ""),
        ("/relative/path", ""),
        ("https://", ""),
        ("", ""),
    ],
)
def test_safe_url_accepts_only_absolute_http_links(url, expected):
    assert safe_url(url) == expected


def test_extraction_is_sanitised_with_warnings_naming_the_field():
    extraction = Extraction(
        people=[PersonRecord(name="<b>王五</b>", bio="<script>x()</script>简介")],
        works=[
            WorkRecord(
                title="<i>标题</i>",
                authors=["王五", "<script>alert(1)</script>", "李四"],
                authors_en=["Wang Wu", "", "Li Si"],
                body=["<p onclick=x>第一段</p>", "<style>p{}</style>"],
                url="javascript:alert(1)",
            ),
            WorkRecord(title="<script>alert('only markup')</script>"),
        ],
    )
    sanitize_extraction(extraction)
    assert extraction.people[0].name == "王五"
    assert extraction.people[0].bio == "简介"
    work = extraction.works[0]
    assert work.title == "标题"
    assert work.authors == ["王五", "李四"]
    assert work.authors_en == ["Wang Wu", "Li Si"]  # still aligned with the names
    assert work.body == ["第一段"]
    assert work.url is None
    assert len(extraction.works) == 1  # the record that was nothing but markup is gone
    codes = {(w.code, w.field) for w in extraction.warnings}
    assert {
        ("markup_removed", "title"),
        ("unsafe_url", "url"),
        ("record_dropped", "title"),
    } <= codes


def test_clean_extraction_is_returned_untouched():
    work = WorkRecord(title="中美在网络问题上取得进展", authors=["鲁传颖"], body=["R&D 与 AT&T。"])
    extraction = sanitize_extraction(Extraction(works=[work]))
    assert extraction.works[0] == WorkRecord(
        title="中美在网络问题上取得进展", authors=["鲁传颖"], body=["R&D 与 AT&T。"]
    )
    assert extraction.warnings == []


@pytest.mark.parametrize(
    ("text", "expected", "lines"),
    [
        ("标题\n正文 R&D", "标题\n正文 R&D", 0),
        ("标题<b>粗</b>\n<svg onload=x()>未闭合\n下一行", "标题粗\n\n下一行", 2),
    ],
)
def test_plain_input_works_line_by_line(text, expected, lines):
    assert plain_input(text) == (expected, lines)
