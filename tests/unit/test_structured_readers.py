"""CSV, BibTeX, RIS and JSON Lines readers; upload checks; near-duplicate fingerprints."""

import json

import pytest

from zhiku.ingest import fingerprint
from zhiku.ingest.pipeline import InputError, extract_text, upload_problem
from zhiku.ingest.readers.jsonl import read_jsonl


def extract(text: str, fmt: str):
    return extract_text(text.encode("utf-8"), fmt)


def codes(extraction) -> list[tuple[str, int | None]]:
    return [(w.code, w.line) for w in extraction.warnings]


def test_csv_people_with_chinese_headers_and_bad_rows():
    extraction = extract(
        "姓名,英文名,职称,部门,邮箱\n"
        "鲁传颖,Lu Chuanying,研究员,美洲研究中心;全球治理研究所,lu@example.org\n"
        "张三,,研究员,欧洲研究中心,[email protected]\n"
        ",,研究员,,\n"
        "李四,,副研究员,亚太研究中心,not-an-email\n"
        "王五,研究员\n",
        "csv",
    )
    first, second, third = extraction.people
    assert (first.name, first.name_en, first.units, first.email) == (
        "鲁传颖",
        "Lu Chuanying",
        ["美洲研究中心", "全球治理研究所"],
        "lu@example.org",
    )
    assert second.email is None and third.email is None
    assert codes(extraction) == [
        ("email_obfuscated", 3),
        ("bad_row", 4),
        ("bad_email", 5),
        ("bad_row", 6),
    ]


def test_csv_without_a_name_column_is_refused():
    with pytest.raises(InputError, match="no name column"):
        extract("title,units\n研究员,美洲研究中心\n", "csv")


BIBTEX = r"""@article{a,
  author = {Doe, Jane and 鲁, 传颖},
  title = {On {Cyber} Norms},
  journal = {Foreign Affairs},
  year = 2013, month = jul, volume = {92}, number = {4}, pages = {10--20},
  doi = {https://doi.org/10.2307/123},
}
@inproceedings{b,
  author = {Smith, John},
  title = {A Paper},
  booktitle = {Proceedings of Something},
  year = {2019},
}
@misc{c, author = {X, Y}, year = {2020}}
"""


def test_bibtex_entries():
    extraction = extract(BIBTEX, "bibtex")
    article, paper = extraction.works
    assert article.authors == ["Jane Doe", "鲁传颖"]
    assert (article.title, article.type, article.date) == (
        "On Cyber Norms",
        "journal_paper",
        "2013-07",
    )
    assert (article.journal, article.source, article.volume, article.issue, article.pages) == (
        "Foreign Affairs", "Foreign Affairs", "92", "4", "10-20",
    )  # fmt: skip
    assert article.doi == "10.2307/123"
    assert (paper.type, paper.journal) == ("chapter", "Proceedings of Something")
    assert codes(extraction) == [("bad_record", 14)]  # @misc{c} has no title


def test_bibtex_with_only_a_broken_entry_names_the_line():
    with pytest.raises(
        InputError, match=r"BibTeX syntax error: line 3: syntax error in '@book\{x,'"
    ):
        extract("% comment\n\n@book{x,\n  title = {Unclosed,\n", "bibtex")


RIS = """TY  - JOUR
AU  - Glaser, Bonnie S.
TI  - Managing Risk
JO  - Survival
PY  - 2020///
SP  - 1
EP  - 9
ER  -

TY  - RPRT
TI  - Broken record
this line is not a tag
ER  -

TY  - BOOK
TI  - Unclosed
"""


def test_ris_records_and_malformed_ones():
    """An untagged line continues the field above it (issue 13: a wrapped line is joined, never
    a refusal); a record the file does not close is read and reported with its line."""
    extraction = extract(RIS, "ris")
    work, wrapped, unclosed = extraction.works
    assert (work.authors, work.type, work.date, work.pages, work.journal) == (
        ["Bonnie S. Glaser"], "journal_paper", "2020", "1-9", "Survival",
    )  # fmt: skip
    assert wrapped.title == "Broken record this line is not a tag"
    assert unclosed.title == "Unclosed"
    assert codes(extraction) == [("bad_entry", 15)]
    assert "not closed by 'ER  - '" in extraction.warnings[0].detail


def test_ris_without_any_record_is_refused():
    with pytest.raises(InputError, match="RIS syntax error: line 1: text outside a record"):
        extract("just prose\n", "ris")


def test_jsonl_author_units_tell_none_from_absent():
    line = json.dumps(
        {
            "title": "T",
            "authors": ["甲", {"name": "乙", "units": []}, {"name": "丙", "units": ["某中心"]}],
            "units": ["美洲研究中心"],
        },
        ensure_ascii=False,
    )
    (batch,) = read_jsonl(line)
    assert batch.works[0].author_units == [None, [], ["某中心"]]


def test_jsonl_lines_that_are_not_utf8_are_reported_alone():
    good = json.dumps({"title": "标题"}, ensure_ascii=False).encode()
    (batch,) = read_jsonl([good + b"\n", b'{"title": "\xff\xfe"}\n', good + b"\n"])
    assert len(batch.works) == 2 and codes(batch) == [("bad_line", 2)]


@pytest.mark.parametrize(
    ("name", "head", "problem"),
    [
        ("page.html", b"<!DOCTYPE html><html>", None),
        ("page.txt", "标题\n作者：张三\n".encode(), None),
        ("refs.bib", b"% refs\n@article{a, title={T}}", None),
        ("refs.ris", b"TY  - JOUR\nTI  - T\nER  - \n", None),
        ("people.csv", b"name,title\n", None),
        ("works.jsonl", b'{"title": "T"}\n', None),
        ("report.pdf", b"%PDF-1.7", "not an accepted file type (.pdf)"),
        ("noext", b"text", "not an accepted file type (no extension)"),
        ("page.txt", b"GIF89a\x00\x00\x01", "binary content"),
        ("refs.ris", b"Title: T\n", "does not look like RIS"),
        ("people.csv", "姓名\n张三\n".encode(), "does not look like CSV"),
    ],
)
def test_upload_problem(name, head, problem):
    found = upload_problem(name, head)
    assert (found is None) if problem is None else (found is not None and problem in found)


BODY = (
    "近年来，网络空间国际规则的制定进入了一个新的阶段。联合国信息安全政府专家组未能就最终报告达成"
    "共识，标志着以联合国为主渠道的规则制定进程遭遇挫折，各方围绕网络空间治理模式的分歧进一步公开化。"
    "从主要行为体的政策取向看，美国更加强调以威慑为核心的网络安全战略，欧盟着力推动网络外交工具箱"
    "建设，俄罗斯和中国则坚持在联合国框架下制定具有约束力的国际规则。与此同时，私营部门和技术社群在"
    "规则制定中的作用日益突出，多利益攸关方模式对国家主导模式形成补充与挑战。展望未来，网络空间国际"
    "规则的博弈将长期化、复杂化，中国应当积极参与各类规则制定进程。"
)


def test_a_republished_copy_is_a_near_duplicate_and_another_text_is_not():
    original = fingerprint.fingerprint_body(BODY)
    copy = fingerprint.fingerprint_body(BODY.replace("，", ", ") + "（本文有删节）")
    other = fingerprint.fingerprint_body(BODY[::-1])
    assert fingerprint.jaccard(original.shingles, copy.shingles) >= 0.9
    assert set(original.bands) & set(copy.bands)
    assert fingerprint.estimate(original.signature, copy.signature) >= fingerprint.ESTIMATE_FLOOR
    assert fingerprint.jaccard(original.shingles, other.shingles) < 0.1
    assert not set(original.bands) & set(other.bands)


def test_short_bodies_are_not_fingerprinted_and_signatures_round_trip():
    assert fingerprint.fingerprint_body("太短的正文。") is None
    fp = fingerprint.fingerprint_body(BODY)
    restored = fingerprint.signature_from_bytes(fp.signature_bytes())
    assert (restored == fp.signature).all() and len(fp.bands) == fingerprint.BANDS


@pytest.mark.parametrize("month", ["²", "١٢", "13", "sept", "7"])
def test_a_bibtex_month_that_is_no_month_leaves_the_year(month):
    # "²".isdigit() is true but int("²") fails: an odd month must not fail the whole file
    [work] = extract(f"@article{{a, title={{T}}, year=2013, month={{{month}}}}}", "bibtex").works
    assert work.date == ("2013-07" if month == "7" else "2013-09" if month == "sept" else "2013")
