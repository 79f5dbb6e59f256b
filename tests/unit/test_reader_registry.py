"""Reader formats describe themselves: the pipeline, batching and upload checks follow the
registry, and a format registered in a test is detected, accepted and read like any other."""

from collections.abc import Iterable, Iterator
from pathlib import Path

import pytest

from zhiku.ingest.pipeline import (
    detect_format,
    extract_path,
    extract_text,
    not_an_input,
    upload_problem,
)
from zhiku.ingest.read import MAX_INPUT_BYTES, MAX_PAGE_BYTES
from zhiku.ingest.readers import registry
from zhiku.ingest.readers.batches import BATCH_SIZE, Batches
from zhiku.ingest.readers.registry import ReaderFormat
from zhiku.ingest.records import Extraction, WorkRecord


def test_every_reader_module_declares_its_format():
    by_name = {f.name: f for f in registry.formats()}
    assert set(by_name) == {
        "bibtex",
        "cnki_estudy",
        "csl_json",
        "csv",
        "endnote_tagged",
        "endnote_xml",
        "html",
        "jsonl",
        "noteexpress",
        "refworks",
        "ris",
        "text",
    }
    assert registry.fallback().name == "text"
    assert [f.name for f in registry.formats() if f.streams] == ["jsonl"]
    assert by_name["jsonl"].size_limit is None
    assert by_name["html"].size_limit == by_name["text"].size_limit == MAX_PAGE_BYTES
    assert by_name["csv"].size_limit == by_name["ris"].size_limit == MAX_INPUT_BYTES
    assert [f.name for f in registry.formats() if f.plain_text] == ["text"]
    assert registry.by_suffix(".ASPX").name == "html"


@pytest.mark.parametrize(
    ("name", "head", "fmt"),
    [
        ("a.txt", b"\xef\xbb\xbf  <!DOCTYPE html><html>", "html"),
        ("a.txt", b"% refs\n@article{a,", "bibtex"),
        ("a.txt", b"TY  - JOUR\n", "ris"),
        ("a.txt", b'{"title": "T"}', "text"),  # a .txt name is weak, but JSON is no proof
        ("a.dat", b'{"title": "T"}', "jsonl"),
        ("a.csv", b"<html>", "csv"),  # a strong name wins over content
        ("a.dat", b"some words", "text"),
    ],
)
def test_detection_follows_the_declarations(name, head, fmt, tmp_path):
    assert detect_format(tmp_path / name, head) == fmt


def test_batches_hand_over_full_extractions_and_the_rest():
    batches = Batches(size=2)
    out = []
    for n in range(5):
        batches.current.works.append(WorkRecord(title=str(n)))
        out += batches.full()
    out += batches.rest()
    assert [len(e.works) for e in out] == [2, 2, 1]
    assert batches.rest() == []
    warned = Batches(size=2, count_warnings=True)
    warned.current.warn("bad_line", "1")
    warned.current.warn("bad_line", "2")
    assert len(warned.full()) == 1 and BATCH_SIZE == 500


def _read_lines(lines: Iterable[str | bytes]) -> Iterator[Extraction]:
    """A toy format: each line ``title|author`` is one work."""
    batches = Batches()
    for line in lines:
        text = line.decode() if isinstance(line, bytes) else line
        if text.strip():
            title, _, author = text.strip().partition("|")
            batches.current.works.append(WorkRecord(title=title, authors=[author]))
            yield from batches.full()
    yield from batches.rest()


def _read(text: str) -> Iterator[Extraction]:
    return _read_lines(text.splitlines())


@pytest.fixture
def toy_format():
    fmt = registry.register(
        ReaderFormat(
            name="toy",
            suffixes=(".toy", ".md"),
            read=_read,
            read_lines=_read_lines,
            size_limit=None,
            sniff=lambda head: head.startswith(b"TOY|"),
            sniff_wins=True,
            upload_check=lambda head: None if b"|" in head else "does not look like toy",
        )
    )
    yield fmt
    registry.unregister(fmt.name)
    assert "toy" not in {f.name for f in registry.formats()}
    assert not_an_input(Path("notes.md"))  # skipped again: no format reads it


def test_a_registered_format_is_detected_accepted_and_read(toy_format, tmp_path):
    assert registry.by_suffix(".TOY") is toy_format
    assert not not_an_input(Path("notes.md")) and not_an_input(Path("report.pdf"))
    assert detect_format(tmp_path / "list.toy", b"anything") == "toy"
    assert detect_format(tmp_path / "list.txt", b"TOY|header") == "toy"  # sniffed
    assert detect_format(tmp_path / "list.txt", b"plain words") == "text"
    assert upload_problem("list.toy", b"TOY|a|b\n") is None
    assert "does not look like toy" in upload_problem("list.toy", b"no bars\n")
    assert ".toy" in upload_problem("list.pdf", b"%PDF")  # listed among the accepted types

    path = tmp_path / "list.txt"
    path.write_text("TOY|header\n网络空间治理|鲁传颖\n", encoding="utf-8")
    source, extractions = extract_path(path)
    (extraction,) = list(extractions)
    assert source.format == "toy" and source.extractor.startswith("zhiku.toy/")
    assert [w.title for w in extraction.works] == ["TOY", "网络空间治理"]
    assert extraction.works[1].authors == ["鲁传颖"]
    assert extract_text(b"a|b\n", "toy").works[0].title == "a"


def test_registering_a_taken_suffix_or_name_is_refused(toy_format):
    with pytest.raises(ValueError, match="already"):
        registry.register(ReaderFormat(name="toy", suffixes=(".toy2",), read=_read))
    with pytest.raises(ValueError, match=r"\.bib"):
        registry.register(ReaderFormat(name="other", suffixes=(".bib",), read=_read))
    with pytest.raises(ValueError, match="no size limit"):
        registry.register(
            ReaderFormat(name="other", suffixes=(".x",), read=_read, read_lines=_read_lines)
        )
