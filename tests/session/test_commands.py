"""Every command: apply -> revert -> apply gives the same project, one audit entry per step."""

from __future__ import annotations

from dataclasses import replace

import pytest

from workbench.session.analysis import load_outcome
from workbench.session.commands import (
    AddStudyToOutcome,
    CellEdit,
    EditCells,
    RenameStudy,
    SetAnalysisSettings,
    SetFavoursLabels,
    SetGroupLabels,
    SetIncluded,
    SetReviewText,
    SetStudyField,
)
from workbench.session.commands.batch import Batch
from workbench.session.commands.structure import CommandError


def snapshot(project) -> dict:
    """Everything a user could see, read back from the file (the audit log aside)."""
    db = project.store.db
    tables = ["review", "studies", "study_values", "comparisons", "outcomes", "study_outcomes",
              "extracted_values", "consensus_values"]
    drop = {"entered_at"}
    return {t: sorted(tuple(v for k, v in row.items() if k not in drop)
                      for row in db[t].rows) for t in tables}


def _first_result(project):
    return project.store.results(1)[0]


def _commands(project):
    result = _first_result(project)
    settings = project.store.outcome(1).settings
    return [
        RenameStudy(result["study_id"], "Adeyemi 2010 (renamed)"),
        EditCells([CellEdit(result["result_id"], 1, result["study_id"], "events_1", 21.0)]),
        EditCells([CellEdit(result["result_id"], 1, result["study_id"], f, None)
                   for f in ("events_1", "total_1")], label="Clear values"),
        EditCells([CellEdit(result["result_id"], 1, result["study_id"], "subgroup", "other")]),
        SetStudyField(result["study_id"], "year", 2011.0),
        SetIncluded(result["result_id"], 1, False),
        SetAnalysisSettings(1, replace(settings, method="DL", hksj=True)),
        SetGroupLabels(1, "Ketamine (any dose)", "Saline"),
        SetReviewText("question", "A new question"),
        AddStudyToOutcome(1, "Zhou 2020"),
        SetFavoursLabels(3, "Favours fewer events", "Favours more events"),
        Batch([SetStudyField(result["study_id"], "year", 2012.0),
               EditCells([CellEdit(result["result_id"], 1, result["study_id"], "total_1",
                                   40.0)])], label="Paste values"),
    ]


@pytest.mark.parametrize("index", range(12))
def test_apply_revert_apply_round_trip(demo_project, index, round_trip):
    round_trip(demo_project, _commands(demo_project)[index], snapshot)


def test_each_step_writes_one_audit_entry(demo_project):
    before = demo_project.store.counts()["audit_log"]
    demo_project.execute(RenameStudy(1, "Renamed"))
    demo_project.undo()
    demo_project.redo()
    entries = demo_project.store.audit_entries()
    assert demo_project.store.counts()["audit_log"] == before + 3
    assert [e[3].split(" ")[0] for e in entries[:3]] == ["Redo", "Undo", "Rename"]


def test_history_labels_name_the_command(demo_project):
    assert demo_project.history.undo_label() is None
    demo_project.execute(RenameStudy(1, "Renamed"))
    assert demo_project.history.undo_label() == "Rename study"
    demo_project.undo()
    assert demo_project.history.redo_label() == "Rename study"
    demo_project.execute(SetReviewText("title", "x"))
    assert demo_project.history.redo_label() is None  # a new command clears redo


def test_edits_belong_to_the_current_reviewer(demo_project):
    demo_project.set_reviewer("Reviewer B")
    result = _first_result(demo_project)
    demo_project.execute(EditCells([CellEdit(result["result_id"], 1, result["study_id"],
                                             "events_1", 19.0)]))
    cell = load_outcome(demo_project.store, 1).rows[0].cells["events_1"]
    assert cell.values == {"Reviewer A": 20.0, "Reviewer B": 19.0}
    assert cell.in_conflict


def test_undo_restores_the_editing_reviewers_value_after_a_switch(demo_project):
    result = _first_result(demo_project)
    demo_project.set_reviewer("Reviewer B")
    demo_project.execute(EditCells([CellEdit(result["result_id"], 1, result["study_id"],
                                             "events_1", 19.0)]))
    demo_project.set_reviewer("Reviewer A")
    demo_project.undo()
    cell = load_outcome(demo_project.store, 1).rows[0].cells["events_1"]
    assert cell.values == {"Reviewer A": 20.0, "Reviewer B": 20.0}


@pytest.mark.parametrize("label", ["", "   ", "Brandt 1994"])
def test_rename_refuses_blank_or_duplicate_labels_and_changes_nothing(demo_project, label):
    original = snapshot(demo_project)
    with pytest.raises(CommandError):
        demo_project.execute(RenameStudy(1, label))
    assert snapshot(demo_project) == original
    assert demo_project.history.undo_label() is None


def test_listeners_hear_what_changed(demo_project):
    heard = []
    demo_project.subscribe(lambda changes, initiator: heard.append((changes, initiator)))
    result = _first_result(demo_project)
    demo_project.execute(EditCells([CellEdit(result["result_id"], 1, result["study_id"],
                                             "events_1", 3.0)]), initiator="grid")
    changes, initiator = heard[-1]
    assert initiator == "grid"
    assert changes.touches_outcome(1) and not changes.touches_outcome(2)


def test_favours_labels_default_to_the_groups_and_follow_the_outcome(demo_project):
    store = demo_project.store
    comparison = store.comparisons()[0]
    assert store.outcome(3).favours(comparison) == ("Favours Ketamine", "Favours Placebo")
    # The demo's response outcome is beneficial: higher risk ratios favour ketamine.
    assert store.outcome(1).favours(comparison) == ("Favours placebo", "Favours ketamine")
    demo_project.execute(SetFavoursLabels(3, "", "Favours saline"))
    assert store.outcome(3).favours(comparison) == ("Favours Ketamine", "Favours saline")
