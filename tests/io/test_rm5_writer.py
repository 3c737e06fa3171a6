"""The .rm5 writer: what it writes is well-formed XML that our reader reads back."""

from __future__ import annotations

import pytest

from workbench.io.rm5.model import RmComparison, RmOutcome, RmReview, RmRow, RmStudy
from workbench.io.rm5.reader import read_rm5
from workbench.io.rm5.writer import write_rm5


def test_control_characters_and_markup_in_text_survive(tmp_path):
    study = RmStudy(id="STD-O'Neil-<1>", raw_id="STD-O_x0027_Neil", name="O'Neil & <Co> 2001",
                    year=2001, characteristics={"methods": "Bell\x07 rang\nsecond line"})
    row = RmRow(study_id=study.id, values={"events_1": 1, "total_1": 10, "events_2": 2,
                                           "total_2": 10}, footnote="a\x0bb")
    outcome = RmOutcome(kind="DICH", id="CMP-001.01", name="Death \"all\"",
                        settings={"METHOD": "MH", "EFFECT_MEASURE": "RR"}, rows=[row])
    review = RmReview(title="T\x01itle", studies={study.id: study},
                      comparisons=[RmComparison("CMP-001", "A > B", [outcome])])
    path = tmp_path / "w.rm5"
    write_rm5(review, path)
    back = read_rm5(path)
    assert back.title == "T itle"
    [(comparison, read)] = back.outcomes()
    assert comparison.name == "A > B" and read.name == 'Death "all"'
    assert read.rows[0].footnote == "a b" and read.rows[0].values["total_2"] == 10
    only = next(iter(back.studies.values()))
    assert only.name == "O'Neil & <Co> 2001"
    assert only.characteristics == {"methods": "Bell rang\nsecond line"}


def test_a_failed_write_leaves_the_old_file(tmp_path):
    path = tmp_path / "w.rm5"
    path.write_text("old")
    review = RmReview(title="T", studies={}, comparisons=[RmComparison("CMP-001", "C", [
        RmOutcome(kind="DICH", id="CMP-001.01", name="O", settings={},
                  rows=[RmRow(study_id="STD-missing", values={})])])])
    with pytest.raises(KeyError):
        write_rm5(review, path)
    assert path.read_text() == "old"
