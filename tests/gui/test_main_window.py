"""What a reviewer does in the main window: edit in the grid, see the plot change, undo."""

from __future__ import annotations

import math
import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402
from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtGui import QFontDatabase, QGuiApplication  # noqa: E402
from PySide6.QtWidgets import QLineEdit  # noqa: E402

from workbench.core.meta import run_meta  # noqa: E402
from workbench.session.analysis import load_outcome  # noqa: E402


def _grid_index(window, row: int, field: str):
    view = window.outcome_view
    column = view.model.columns.index(field)
    return view.grid.proxy.index(row, column)


def _expected(window):
    """What the core engine computes from the project as it is now."""
    project = window.controller.project
    data = load_outcome(project.store, window.outcome_view.outcome_id)
    rows = data.study_rows()
    return run_meta(rows, data.outcome.data_type, data.outcome.settings,
                    subgroups=any(r.subgroup for r in rows))


def _type_into(qtbot, window, row: int, field: str, text: str) -> None:
    grid = window.outcome_view.grid
    index = _grid_index(window, row, field)
    grid.setCurrentIndex(index)
    grid.edit(index)
    editor = grid.findChild(QLineEdit)
    assert editor is not None, "no cell editor opened"
    editor.selectAll()
    qtbot.keyClicks(editor, text)
    qtbot.keyClick(editor, Qt.Key.Key_Return)


def test_fonts_are_installed(main_window):
    assert QFontDatabase.families(), "no fonts: every glyph would render as an empty box"


def test_window_shows_project_and_reviewer(main_window):
    assert "Ketamine for chronic pain" in main_window.windowTitle()
    assert "Reviewer A" in main_window.status_reviewer.text()
    assert main_window.outcome_view.model.rowCount() == 13


def test_typing_a_value_updates_estimate_and_plot_and_undo_restores(qtbot, main_window):
    view = main_window.outcome_view
    before = view.result
    with qtbot.waitSignal(view.result_ready, timeout=3000):
        _type_into(qtbot, main_window, 0, "events_1", "5")
    after = view.result
    expected = _expected(main_window)
    assert after.estimate == pytest.approx(expected.estimate, abs=1e-12)
    assert after.estimate != pytest.approx(before.estimate)
    assert f"{math.exp(after.estimate):.2f}" in view.summary.text()
    # The plot's squares sit at the studies' log10 risk ratios, as the core computed them.
    xs, _ = view.forest.squares.getData()
    expected_xs = [s.yi / math.log(10) for s in expected.studies if s.yi is not None]
    assert sorted(xs.tolist()) == pytest.approx(sorted(expected_xs))
    assert view.result.studies[0].yi != before.studies[0].yi
    assert "Undo Edit value" in main_window.undo_action.text()
    with qtbot.waitSignal(view.result_ready, timeout=3000):
        main_window.undo_action.trigger()
    assert view.result.estimate == pytest.approx(before.estimate, abs=1e-12)
    assert view.model.data(_grid_index(main_window, 0, "events_1")) == "20"


def test_invalid_value_is_highlighted_and_never_stored(qtbot, main_window):
    view = main_window.outcome_view
    _type_into(qtbot, main_window, 0, "events_1", "99")  # more events than the 32 randomised
    index = _grid_index(main_window, 0, "events_1")
    qtbot.waitUntil(lambda: "exceed" in str(view.model.data(index, Qt.ItemDataRole.ToolTipRole)))
    stored = load_outcome(main_window.controller.project.store, view.outcome_id)
    assert stored.rows[0].cells["events_1"].values["Reviewer A"] == 20.0
    assert main_window.controller.project.history.undo_label() is None


def test_rename_study_in_the_grid_and_undo(qtbot, main_window):
    _type_into(qtbot, main_window, 0, "study", "Adeyemi 2010b")
    project = main_window.controller.project
    qtbot.waitUntil(lambda: project.store.study_label(1) == "Adeyemi 2010b")
    assert main_window.undo_action.text() == "&Undo Rename study"
    main_window.undo_action.trigger()
    assert project.store.study_label(1) == "Adeyemi 2010"
    assert main_window.redo_action.isEnabled()


def test_pasting_a_block_is_one_undo_step(qtbot, main_window):
    view = main_window.outcome_view
    grid = view.grid
    grid.setCurrentIndex(_grid_index(main_window, 0, "events_1"))
    QGuiApplication.clipboard().setText("1\t40\t2\t40\n3\t40\t4\t40\n")
    with qtbot.waitSignal(view.result_ready, timeout=3000):
        grid.paste()
    rows = load_outcome(main_window.controller.project.store, view.outcome_id).rows
    assert rows[0].cells["events_1"].values["Reviewer A"] == 1.0
    assert rows[1].cells["total_2"].values["Reviewer A"] == 40.0
    assert main_window.undo_action.text() == "&Undo Paste values"
    with qtbot.waitSignal(view.result_ready, timeout=3000):
        main_window.undo_action.trigger()
    rows = load_outcome(main_window.controller.project.store, view.outcome_id).rows
    assert rows[0].cells["events_1"].values["Reviewer A"] == 20.0
    assert rows[1].cells["total_2"].values["Reviewer A"] == 49.0
    assert main_window.controller.project.history.undo_label() is None


def test_changing_the_model_redraws_and_is_stored(qtbot, main_window):
    view = main_window.outcome_view
    panel = view.panel
    with qtbot.waitSignal(view.result_ready, timeout=3000):
        panel.method.setCurrentIndex(panel.method.findData("DL"))
    assert view.result.method == "DL"
    assert main_window.controller.project.store.outcome(view.outcome_id).settings.method == "DL"


def test_switching_outcome_shows_its_data(qtbot, main_window):
    main_window.panel.select_outcome(2)
    view = main_window.outcome_view
    qtbot.waitUntil(lambda: view.result is not None and view.result.measure == "MD")
    assert "mean_1" in view.model.columns


def test_a_pasted_block_never_renames_studies_and_sets_years_in_the_same_step(qtbot,
                                                                              main_window):
    """Rows copied from Excel starting at the Study column (review finding: a paste used to
    rename studies across the review in several undo steps)."""
    view = main_window.outcome_view
    grid = view.grid
    project = main_window.controller.project
    grid.setCurrentIndex(_grid_index(main_window, 0, "study"))
    QGuiApplication.clipboard().setText("Smith 2001\t2003\tneuropathic pain\t7\n")
    with qtbot.waitSignal(view.result_ready, timeout=3000):
        grid.paste()
    assert project.store.study_label(1) == "Adeyemi 2010"
    rows = load_outcome(project.store, view.outcome_id).rows
    assert rows[0].cells["events_1"].values["Reviewer A"] == 7.0
    assert project.store.study_value(1, project.store.reviewer_id("Reviewer A"),
                                     "year")[0] == 2003.0
    main_window.undo_action.trigger()
    assert project.history.undo_label() is None  # one step undid both
    assert project.store.study_value(1, project.store.reviewer_id("Reviewer A"),
                                     "year")[0] == 2010.0


def test_hksj_is_never_stored_with_a_fixed_effect_model(qtbot, main_window):
    view = main_window.outcome_view
    panel = view.panel
    with qtbot.waitSignal(view.result_ready, timeout=3000):
        panel.hksj.setChecked(True)
    with qtbot.waitSignal(view.result_ready, timeout=3000):
        panel.method.setCurrentIndex(panel.method.findData("MH"))
    stored = main_window.controller.project.store.outcome(view.outcome_id).settings
    assert stored.method == "MH" and stored.hksj is False
    assert view.result.method == "MH"


def test_revman_web_mode_is_stored_per_outcome_and_undone(qtbot, main_window):
    """"RevMan Web mode" beside "RevMan 5 mode": REML, HKSJ, Q-profile CI and a t(k-2)
    prediction interval are stored with the outcome; the two modes exclude each other."""
    view = main_window.outcome_view
    panel = view.panel
    project = main_window.controller.project
    before = project.store.outcome(view.outcome_id).settings
    with qtbot.waitSignal(view.result_ready, timeout=3000):
        panel.revman.setChecked(True)
    with qtbot.waitSignal(view.result_ready, timeout=3000):
        panel.revman_web.setChecked(True)
    assert not panel.revman.isChecked()
    stored = project.store.outcome(view.outcome_id).settings
    assert (stored.compat, stored.hksj, stored.tau2_ci, stored.pi_df) == (
        "revman-web", True, True, "k-2")
    assert stored.method in ("DL", "REML")
    assert view.result.het_ci is not None and view.result.statistic_type == "t"
    while project.history.undo_label() is not None:
        main_window.undo_action.trigger()
    assert project.store.outcome(view.outcome_id).settings == before
