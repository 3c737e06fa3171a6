"""Dual extraction in the window: blind mode in the grid, merging a copy from the menu."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import Qt  # noqa: E402

from workbench.session.commands import CellEdit, EditCells  # noqa: E402
from workbench.session.commands.resolve import SetStudyFinished  # noqa: E402
from workbench.session.project import Project  # noqa: E402


def _cell(window, row: int, field: str):
    view = window.outcome_view
    return view.model.index(row, view.model.columns.index(field))


def test_blind_mode_hides_the_other_reviewers_values_until_both_finished(qtbot, main_window):
    controller = main_window.controller
    # Brandt 1994 (row 1): Reviewer B reopens it, so it is no longer finished by both.
    controller.project.set_reviewer("Reviewer B")
    controller.execute(SetStudyFinished(2, False))
    controller.project.set_reviewer("Reviewer C")  # a third reviewer who entered nothing
    view = main_window.outcome_view
    qtbot.waitUntil(lambda: 2 in view.model.hidden_studies)
    assert view.model.data(_cell(main_window, 1, "events_1")) == ""
    assert view.model.data(_cell(main_window, 1, "events_1"),
                           Qt.ItemDataRole.BackgroundRole) is None  # no conflict shown
    main_window.review_actions.blind_action.setChecked(False)
    qtbot.waitUntil(lambda: not view.model.hidden_studies)
    assert view.model.data(_cell(main_window, 1, "events_1")) == ""  # in conflict: no value
    assert "Reviewer A: 5" in view.model.data(_cell(main_window, 1, "events_1"),
                                              Qt.ItemDataRole.ToolTipRole)


def test_merge_from_the_menu_brings_the_other_copy_in(qtbot, main_window, tmp_path):
    project = main_window.controller.project
    copy = tmp_path / "colleague.wbproj"
    project.save_as(copy)
    other = Project.open(copy, backup=False)
    other.set_reviewer("Reviewer C")
    result = other.store.results(1)[0]
    other.execute(EditCells([CellEdit(result["result_id"], 1, result["study_id"],
                                      "events_1", 18.0)]))
    other.close()
    main_window.tabs.setCurrentWidget(main_window.conflicts_view)
    # Reviewer C has finished nothing: blind mode would hide the new conflict (tested in
    # test_data_view_gui); this test is about the merge itself.
    main_window.review_actions.blind_action.setChecked(False)
    counts = main_window.review_actions.merge(str(copy))
    assert counts is not None and counts["conflicts_added"] == 1
    assert main_window.undo_action.text().startswith("&Undo Merge")
    conflicts = main_window.conflicts_view
    qtbot.waitUntil(lambda: any(c.values.get("Reviewer C") == 18.0
                                for c in conflicts.conflicts))
    main_window.undo_action.trigger()
    qtbot.waitUntil(lambda: not any("Reviewer C" in c.values for c in conflicts.conflicts))


def test_refused_merge_says_why_and_changes_nothing(qtbot, main_window, tmp_path):
    bogus = tmp_path / "bogus.wbproj"
    bogus.write_bytes(b"not a project")
    before = main_window.controller.project.store.counts()
    assert main_window.review_actions.merge(str(bogus)) is None
    assert "not an Evidence Workbench project" in main_window.statusBar().currentMessage()
    assert main_window.controller.project.store.counts() == before


def test_each_reviewer_sees_their_own_year_and_the_disagreement(qtbot, main_window):
    """Moreau 1996a: Reviewer A entered 1996, Reviewer B 1997 (the demo's data file)."""
    view = main_window.outcome_view
    row = next(i for i, r in enumerate(view.data.rows) if r.study == "Moreau 1996a")
    assert view.data.rows[row].year is None  # in dispute: no year until resolved
    cell = _cell(main_window, row, "year")
    assert view.model.data(cell) == "1996"
    assert view.model.data(cell, Qt.ItemDataRole.BackgroundRole) is not None  # marked
    main_window.controller.set_reviewer("Reviewer B")
    qtbot.waitUntil(lambda: view.model.reviewer == "Reviewer B")
    assert view.model.data(_cell(main_window, row, "year")) == "1997"
