"""Golden imports: real export files of other tools, read as ``zhiku ingest`` reads them.

Every file in ``tests/golden/imports`` is extracted (``extract_path``) and compared with its
``*.expected.json`` sidecar by ``imports_score``: records recovered per file and overall, and the
checked fields of the listed records. No file may crash a reader, and the overall figures may
not fall below ``imports_floor.json`` (raise the floors when the readers improve; never lower
them). ``python -m tests.golden.imports_score`` prints the table with every difference.
"""

import json

import pytest

from tests.golden.imports_score import FLOORS, export_of, score_all, score_file, sidecars


@pytest.fixture(scope="module")
def summary():
    return score_all()


def test_every_sidecar_names_a_file():
    assert len(sidecars()) >= 61
    for sidecar in sidecars():
        assert export_of(sidecar).is_file(), sidecar


@pytest.mark.parametrize("sidecar", sidecars(), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_no_reader_crashes(sidecar):
    assert score_file(sidecar).crashed == ""


def test_recovery_does_not_fall_below_the_floors(summary):
    floors = json.loads(FLOORS.read_text(encoding="utf-8"))
    figures = summary.figures()
    assert not summary.crashes
    for name, floor in floors.items():
        assert figures[name] >= floor, (name, figures[name], floor)


def test_the_target_share_is_met(summary):
    """Issue 13's target: at least 97% of the records recovered with their fields intact."""
    assert summary.figures()["records_intact"] >= 0.97
