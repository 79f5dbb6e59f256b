"""Bad input: each case is named with its file (and line, for line formats) and the reason, and
the rest of the batch still loads. Every case runs in a folder next to a good page."""

import json

import pytest

from tests.conftest import SAMPLES
from zhiku.catalog.models import ImportRun, Work

pytestmark = pytest.mark.django_db

GOOD = "网络空间治理\n作者：张三\n2013-07-15\n正文第一段，讨论网络空间治理。\n"
ARTICLE = (SAMPLES / "siis-profile-and-article.txt").read_text(encoding="utf-8")
HTML = (
    "<!DOCTYPE html><html><head><meta charset='utf-8'><title>东盟的中心地位</title></head><body>"
    "<h1>东盟的中心地位</h1><p>作者：李四　发布时间：2016-09-08</p>"
    "<div class='content'><p>亚太地区的区域架构正经历深刻调整，多种合作机制并存，东盟在区域合作"
    "中的中心地位面临新的挑战。</p><p>区域全面经济伙伴关系协定的谈判进程表明，东盟仍然是各方都能"
    "接受的协调者，其东盟方式为区域合作提供了灵活的制度安排。</p></div></body></html>"
)
BIBTEX_GOOD = (
    "@article{a1,\n  title = {中美关系的新阶段},\n  author = {张三},\n  year = {2020},\n}\n"
)
BIBTEX_BROKEN = "@book{b2,\n  title = {Missing brace,\n  author = {Li, Si}\n\n"


def cases():
    """(file name, bytes, failed?, what the output must say)."""
    big = "<html><body><h1>Big</h1>" + "<p>" + "很长的段落。" * 200 + "</p>" * 1 + "</body></html>"
    return [
        ("empty.txt", b"", True, ["empty.txt: file is empty"]),
        ("binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(300), True, ["binary file"]),
        (
            "truncated.html",
            HTML[: HTML.index("灵活的")].encode(),
            True,
            ["truncated.html: truncated HTML: the file ends inside the article text"],
        ),
        (
            "undecodable.txt",
            bytes([0x81, 0x30, 0xFE, 0xFF, 0xC0, 0x80, 0xE0, 0x80]) * 40,
            True,
            ["undecodable.txt: cannot decode confidently"],
        ),
        (
            "lines.jsonl",
            b'{"title": "\xe6\xa0\x87\xe9\xa2\x98", "authors": ["\xe5\xbc\xa0\xe4\xb8\x89"]}\n'
            b"{not json\n",
            False,
            ["lines.jsonl: bad_line: line 2: not JSON"],
        ),
        (
            "untitled.jsonl",
            json.dumps({"id": "x1", "title": "", "authors": ["张三"]}).encode() + b"\n",
            False,
            ["untitled.jsonl: bad_record: line 1: record has no title"],
        ),
        (
            "baddate.jsonl",
            json.dumps({"title": "Cyber Norms", "date": "2013-13-45"}).encode(),
            False,
            ["baddate.jsonl: date_unparsed: line 1: not a calendar date: '2013-13-45'"],
        ),
        (
            "baddate.txt",
            "标题在此\n作者：张三\n日期：2013-13-45\n正文一段。\n".encode(),
            False,
            ["baddate.txt: date_unparsed: line 3: not a calendar date: '2013-13-45'"],
        ),
        (
            "huge.html",
            (big * (20 * 2**20 // len(big.encode()) + 1)).encode(),
            True,
            ["huge.html: page is 20.0 MiB, more than the 8 MiB limit for a page"],
        ),
        (
            "refs.bib",
            (BIBTEX_GOOD + "\n" + BIBTEX_BROKEN + BIBTEX_GOOD.replace("a1", "a3")).encode(),
            False,
            ["refs.bib: bad_entry: line 7: syntax error in '@book{b2,'"],
        ),
        (
            "broken.bib",
            BIBTEX_BROKEN.encode(),
            True,
            ["broken.bib: BibTeX syntax error: line 1: syntax error in '@book{b2,'"],
        ),
        (
            "people.csv",
            "name,title,units\n张三,研究员,欧洲研究中心\n李四,研究员\n".encode(),
            False,
            ["people.csv: bad_row: line 3: 2 cells, but the header has 3"],
        ),
    ]


@pytest.mark.parametrize(("name", "data", "failed", "says"), cases(), ids=lambda c: str(c)[:20])
def test_bad_input_is_named_and_the_batch_goes_on(ingest, tmp_path, name, data, failed, says):
    (tmp_path / "good.txt").write_text(GOOD, encoding="utf-8")
    (tmp_path / name).write_bytes(data)
    code, output = ingest(tmp_path)
    assert code == (1 if failed else 0), output
    for text in says:
        assert text in output, output
    assert Work.objects.filter(title="网络空间治理").exists()
    (item,) = [i for i in ImportRun.objects.get().report["inputs"] if i["path"].endswith(name)]
    assert item["status"] == ("failed" if failed else "ok")


def test_a_failed_input_leaves_nothing_and_names_the_reason_in_the_report(ingest, tmp_path):
    (tmp_path / "broken.bib").write_text(BIBTEX_BROKEN, encoding="utf-8")
    code, _ = ingest(tmp_path)
    assert code == 1 and Work.objects.count() == 0
    (item,) = ImportRun.objects.get().report["inputs"]
    assert item["reason"].startswith("BibTeX syntax error: line 1:")


def test_all_the_bad_files_together_do_not_stop_the_good_ones(ingest, tmp_path):
    for name, data, _, _ in cases():
        (tmp_path / name).write_bytes(data)
    (tmp_path / "good.txt").write_text(GOOD, encoding="utf-8")
    (tmp_path / "sample.txt").write_text(ARTICLE, encoding="utf-8")
    code, _ = ingest(tmp_path)
    assert code == 1
    run = ImportRun.objects.get()
    assert run.failed == sum(1 for c in cases() if c[2])
    assert Work.objects.filter(title="网络空间治理").exists()
    assert Work.objects.filter(title="中美在网络问题上取得进展").exists()
    assert Work.objects.filter(title="中美关系的新阶段").exists()  # from the half-broken .bib
