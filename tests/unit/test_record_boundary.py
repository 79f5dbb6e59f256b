"""The record boundary, without a database: text normalisation, length limits, JSON depth and
line size (``zhiku.ingest.validate``, the JSON Lines reader, ``pipeline.validated``), and
property tests feeding arbitrary JSON and text through them.

The property tests run a few examples by default; ``HYPOTHESIS_EXAMPLES=10000`` runs a
long search (see docs/ingest.md)."""

from __future__ import annotations

import json
import os
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from zhiku.ingest import validate
from zhiku.ingest.pipeline import validated
from zhiku.ingest.read import LongLine, iter_byte_lines
from zhiku.ingest.readers.jsonl import read_jsonl
from zhiku.ingest.records import Extraction, PersonRecord, WorkRecord

EXAMPLES = int(os.environ.get("HYPOTHESIS_EXAMPLES", "60"))
PROPERTY = settings(
    max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
#: What no stored text may contain once validated.
FORBIDDEN = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")
#: Warning codes the boundary reports a refused line or record with.
REPORTED = {"bad_line", "bad_record", "record_dropped"}


def read(text_or_lines) -> Extraction:
    # as the loader sees them: validated, then checked against the models' limits
    extractions = [validate.check_limits(validated(e)) for e in read_jsonl(text_or_lines)]
    merged = Extraction()
    for e in extractions:
        merged.works += e.works
        merged.warnings += e.warnings
    return merged


# --- normalisation --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "clean", "removed"),
    [
        ("a\ud800b", "ab", ["U+D800"]),
        ("a\x00b\x07c", "abc", ["U+0000", "U+0007"]),
        ("a\x85b\x9fc\x7f", "abc", ["U+0085", "U+009F", "U+007F"]),
        ("tab\tand\nnewline", "tab\tand\nnewline", []),
        ("crlf\r\nand\rcr", "crlf\nand\ncr", []),
        ("鲁传颖", "鲁传颖", []),
    ],
)
def test_clean_text(text, clean, removed):
    assert validate.clean_text(text) == (clean, removed)


def test_normalisation_names_the_field_and_the_line():
    work = WorkRecord(title="a\ud800b", body=["x\x00y", "z"], authors=["张\x01三"], line=7)
    extraction = validate.normalize_extraction(Extraction(works=[work]))
    assert (work.title, work.body, work.authors) == ("ab", ["xy", "z"], ["张三"])
    notes = [(w.code, w.field, w.line) for w in extraction.warnings]
    assert notes == [
        ("control_removed", "title", 7),
        ("control_removed", "authors", 7),
        ("control_removed", "body", 7),
    ]
    assert extraction.warnings[0].detail == "line 7: title: control characters removed (U+D800)"


def test_contributors_are_normalised():
    work = WorkRecord(title="题", contributors=[{"name": "张\x00三", "role": "editor"}], line=3)
    extraction = validate.normalize_extraction(Extraction(works=[work]))
    assert work.contributors == [{"name": "张三", "role": "editor"}]
    assert [(w.field, w.line) for w in extraction.warnings] == [("contributors", 3)]


def test_warnings_and_the_subject_are_normalised_too():
    extraction = Extraction(subject="张\x00三")
    extraction.warn("date_unparsed", "line 1: '\ud800'", field="date")
    validate.normalize_extraction(extraction)
    assert extraction.subject == "张三" and extraction.warnings[0].detail == "line 1: ''"


# --- limits ---------------------------------------------------------------------------------


def test_a_record_over_a_limit_is_dropped_with_field_length_and_line():
    works = [WorkRecord(title="好", line=1), WorkRecord(title="长" * 501, doi="1" * 201, line=2)]
    extraction = validate.check_limits(Extraction(works=works))
    assert [w.title for w in extraction.works] == ["好"]
    dropped, refused = extraction.warnings
    assert (refused.code, refused.field, refused.line) == ("bad_record", "title", 2)
    assert refused.detail == "line 2: title has 501 characters, more than 500: work skipped"
    assert (dropped.code, dropped.field, dropped.line) == ("field_dropped", "doi", 2)
    assert dropped.detail == (
        "line 2: doi has 201 characters, more than 200: doi dropped, the work kept"
    )


def test_a_detail_over_its_limit_is_dropped_and_the_record_kept():
    work = WorkRecord(title="好", issn="1" * 41, pages="2" * 51, authors=["甲"], line=4)
    work.authors_en = ["A" * 201]
    extraction = validate.check_limits(Extraction(works=[work]))
    assert extraction.works == [work]
    assert (work.issn, work.pages, work.authors_en) == (None, None, [""])
    assert [(w.code, w.field) for w in extraction.warnings] == [
        ("field_dropped", "pages"),
        ("field_dropped", "issn"),
        ("field_dropped", "authors_en"),
    ]


def test_a_record_at_its_limits_is_kept():
    work = WorkRecord(title="长" * 500, authors=["名" * 200], author_units=[["所" * 200]])
    person = PersonRecord(name="名" * 200, title="职" * 100, units=["所" * 200])
    extraction = validate.check_limits(Extraction(works=[work], people=[person]))
    assert (extraction.works, extraction.people, extraction.warnings) == ([work], [person], [])


def test_per_author_units_and_people_are_checked():
    work = WorkRecord(title="好", authors=["甲"], author_units=[["所" * 201]])
    person = PersonRecord(name="甲", title="职" * 101)
    extraction = validate.check_limits(Extraction(works=[work], people=[person]))
    assert (extraction.works, extraction.people) == ([], [person])
    assert person.title is None
    assert [w.detail for w in extraction.warnings] == [
        "person[0]: title has 101 characters, more than 100: title dropped, the person kept",
        "work[0]: author_units[0] has 201 characters, more than 200: work skipped",
    ]


# --- JSON depth and line size ---------------------------------------------------------------


def test_json_depth():
    assert not validate.json_too_deep('{"a": ' + "[" * 63 + "]" * 63 + "}")
    assert validate.json_too_deep('{"a": ' + "[" * 64 + "]" * 64 + "}")
    assert not validate.json_too_deep(json.dumps({"title": "[" * 5000 + '"\\{'}))
    assert validate.json_too_deep("[" * 100_000)  # unclosed: still no recursion


def test_a_deep_line_is_reported_with_its_number():
    text = '{"title": "一"}\n' + '{"x": ' + "[" * 5000 + "]" * 5000 + "}\n" + '{"title": "三"}'
    out = read(text)
    assert [w.title for w in out.works] == ["一", "三"]
    (warning,) = out.warnings
    assert (warning.code, warning.line) == ("bad_line", 2)
    assert warning.detail == "line 2: nested more than 64 levels deep: skipped"


def test_long_lines_are_counted_not_read(tmp_path):
    path = tmp_path / "long.jsonl"
    path.write_bytes(b'{"title": "a"}\n' + b"x" * 5000 + b"\n" + b"y" * 100 + b"\n" + b"z" * 101)
    lines = list(iter_byte_lines(path, max_line=100))
    assert lines == [
        b'{"title": "a"}\n',
        LongLine(5000, 100),
        b"y" * 100 + b"\n",
        LongLine(101, 100),
    ]


def test_a_long_line_in_text_is_reported_too(monkeypatch):
    from zhiku.ingest.readers import jsonl

    monkeypatch.setattr(jsonl, "MAX_LINE_BYTES", 400)
    out = read('{"title": "一"}\n{"title": "' + "长" * 200 + '"}\n')
    assert [w.title for w in out.works] == ["一"]
    assert out.warnings[0].detail.startswith("line 2: 0.0 MiB, more than the")


# --- the fallback: one record that breaks a stage costs only itself --------------------------


def test_a_record_that_breaks_a_stage_is_dropped_alone(monkeypatch):
    from zhiku.ingest import pipeline

    real = pipeline.sanitize_extraction

    def fragile(extraction):
        if any(w.title == "炸" for w in extraction.works):
            raise RecursionError("maximum recursion depth exceeded")
        return real(extraction)

    monkeypatch.setattr(pipeline, "sanitize_extraction", fragile)
    works = [WorkRecord(title="一", line=1), WorkRecord(title="炸", line=2)]
    extraction = Extraction(works=[*works, WorkRecord(title="三", line=3)])
    extraction.warn("date_unparsed", "line 3: '2013-13-45'", line=3)
    out = validated(extraction)
    assert [w.title for w in out.works] == ["一", "三"]
    details = [w.detail for w in out.warnings]
    assert "line 2: RecursionError: maximum recursion depth exceeded: work skipped" in details
    assert "line 3: '2013-13-45'" in details


# --- properties -----------------------------------------------------------------------------

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=12,
)
record_keys = st.sampled_from(
    ["title", "authors", "body", "date", "type", "language", "keywords", "units", "id", "doi",
     "url", "journal", "title_en", "abstract", "source", "volume"]
)  # fmt: skip
records = st.dictionaries(record_keys, json_values, max_size=8)
plain_words = st.text(
    st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp"), blacklist_characters="<>&"),
    min_size=1,
    max_size=40,
).filter(lambda t: t.strip() and t == t.strip())


def assert_clean(extraction: Extraction) -> None:
    for work in extraction.works:
        for value in [work.title, *work.authors, *work.body, *work.keywords, *work.units]:
            assert not FORBIDDEN.search(value), value
        assert len(work.title) <= validate.WORK_LIMITS["title"]
    for warning in extraction.warnings:
        assert not FORBIDDEN.search(warning.detail)
        warning.detail.encode("utf-8")


@PROPERTY
@given(st.lists(records | json_values, max_size=6))
def test_arbitrary_json_lines_never_raise(lines):
    text = "\n".join(json.dumps(v) for v in lines)
    for source in (text, [line.encode() for line in text.split("\n")]):
        out = read(source)
        assert_clean(out)
        reported = {w.line for w in out.warnings if w.code in REPORTED}
        loaded = {w.line for w in out.works}
        merged = any(w.code == "duplicate_works" for w in out.warnings)
        for number, value in enumerate(lines, 1):
            # every line loads or is reported with its number (a repeat may be merged)
            if isinstance(value, dict):
                assert number in loaded or number in reported or merged, (number, out)
            else:  # not an object
                assert number in reported and number not in loaded


@PROPERTY
@given(st.text(max_size=300))
def test_arbitrary_bytes_of_text_never_raise(text):
    raw = text.encode("utf-8", "surrogatepass")
    out = read([raw, *raw.split(b"\n")])
    assert_clean(out)


@PROPERTY
@given(
    st.lists(
        st.tuples(plain_words, st.lists(plain_words, max_size=3), st.text(max_size=60)),
        min_size=1,
        max_size=8,
    )
)
def test_every_valid_record_is_kept(items):
    """Valid records (a title and authors of plain words; any body, controls and surrogates
    included) all come through, with their text normalised and their line."""
    lines = [
        json.dumps({"id": f"r{n}", "title": title, "authors": authors, "body": body})
        for n, (title, authors, body) in enumerate(items, 1)
    ]
    out = read("\n".join(lines))
    assert_clean(out)
    assert [w.line for w in out.works] == list(range(1, len(items) + 1))
    assert [w.title for w in out.works] == [validate.plain(t) for t, _, _ in items]
    assert not [w for w in out.warnings if w.code in REPORTED]


@PROPERTY
@given(st.text(max_size=200), st.integers(min_value=1, max_value=600))
def test_arbitrary_text_through_the_boundary(text, size):
    title = (text or "题") * (size // max(len(text), 1) + 1)
    work = WorkRecord(title=title, body=[text], authors=[text], keywords=[text], line=1)
    out = validate.check_limits(validated(Extraction(works=[work])))
    assert_clean(out)
    if out.works:
        assert out.works[0].title.strip()
    else:
        assert {w.code for w in out.warnings} & REPORTED
