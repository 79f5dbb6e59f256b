"""Stage 1: bytes to text, with encodings detected and bad files refused with a reason."""

import pytest

from zhiku.ingest.read import ReadError, decode_bytes

PAGE = (
    "中美在网络问题上取得进展\n鲁传颖\n2013-07-15\n"
    "在刚刚结束的第五轮战略与经济对话中，中美在网络问题进行了广泛而深入的对话。\n"
)


@pytest.mark.parametrize(
    ("data", "encoding", "guessed"),
    [
        (PAGE.encode("utf-8"), "utf-8", False),
        (b"\xef\xbb\xbf" + PAGE.encode("utf-8"), "utf-8-sig", False),
        (PAGE.encode("gb18030"), "gb18030", True),
        (PAGE.encode("gbk"), "gb18030", True),
    ],
)
def test_decodes_common_chinese_encodings(data, encoding, guessed):
    decoded = decode_bytes(data)
    assert decoded.text.lstrip("\ufeff") == PAGE
    assert decoded.encoding == encoding
    assert decoded.guessed is guessed


def test_decodes_big5_traditional():
    text = (
        "網絡安全與國際治理\n張三\n2013-07-15\n"
        "在剛剛結束的第五輪戰略與經濟對話中，中美雙方在網絡問題上進行了廣泛而深入的對話。\n"
    )
    decoded = decode_bytes(text.encode("big5"))
    assert decoded.text == text
    assert decoded.encoding.startswith("big5")


def test_declared_charset_wins_over_guessing():
    html = '<html><head><meta charset="gbk"></head><body>中文内容，网络安全</body></html>'
    decoded = decode_bytes(html.encode("gbk"))
    assert "网络安全" in decoded.text
    assert decoded.declared and not decoded.guessed


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty"),
        (b"   \n\n  ", "empty"),
        (b"\x7fELF\x02\x01\x01\x00\x00\x00" + bytes(range(256)), "binary"),
        (b"PK\x03\x04\x14\x00\x00\x00\x08\x00" + bytes(200), "binary"),
    ],
)
def test_refuses_empty_and_binary(data, reason):
    with pytest.raises(ReadError, match=reason):
        decode_bytes(data)


def test_undecodable_bytes_are_refused_not_stored_as_mojibake():
    noise = bytes([0x81, 0x30, 0xFE, 0xFF, 0xC0, 0x80, 0xE0, 0x80]) * 40
    with pytest.raises(ReadError, match="decode"):
        decode_bytes(noise)
