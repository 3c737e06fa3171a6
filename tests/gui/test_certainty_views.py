"""The Certainty and Summary of Findings tabs: judging by keyboard, overriding with a reason,
undo, the SoF following the data, statements, rows and exports (pytest-qt, offscreen)."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from workbench.core.model import AnalysisSettings, DataType  # noqa: E402
from workbench.session.changes import Changes  # noqa: E402


def certainty_tab(window, qtbot):
    view = window.certainty_view
    window.tabs.setCurrentWidget(view)
    view.select_outcome(1)  # "At least 30% pain relief", the demo's first outcome
    qtbot.waitUntil(lambda: view.report is not None and view.report["outcome"]
                    == "At least 30% pain relief")
    return view


def sof_tab(window, qtbot):
    view = window.sof_view
    window.tabs.setCurrentWidget(view)
    qtbot.waitUntil(lambda: view.document is not None)
    return view


def domain(view, name):
    return view.report["domains"][name]


def test_accept_a_suggestion_with_one_key_and_undo(main_window, qtbot):
    view = certainty_tab(main_window, qtbot)
    row = view.rows["risk_of_bias"]
    suggested = domain(view, "risk_of_bias")["suggested"]
    assert suggested is not None and domain(view, "risk_of_bias")["judged"] is None
    row.setFocus()
    qtbot.keyClick(row, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: domain(view, "risk_of_bias")["judged"] == suggested)
    assert row.level.currentData() == suggested
    assert "4 of 5 reasons to rate down not judged" in view.summary.text()
    # Down moves to the next domain; Enter accepts there too.
    qtbot.keyClick(row, Qt.Key.Key_Down)
    assert QApplication.focusWidget() is view.rows["inconsistency"]
    main_window.controller.undo()
    qtbot.waitUntil(lambda: domain(view, "risk_of_bias")["judged"] is None)
    assert row.level.currentData() is None


def test_override_needs_a_reason_then_saves_and_undoes(main_window, qtbot):
    view = certainty_tab(main_window, qtbot)
    project = main_window.controller.project
    row = view.rows["inconsistency"]
    assert domain(view, "inconsistency")["suggested"] == 0
    before = project.history.undo_label()
    row.setFocus()
    qtbot.keyClick(row, Qt.Key.Key_1)  # rate down one level: not what the rule suggests
    assert "type the reason" in view.status.text()
    assert QApplication.focusWidget() is row.reason
    assert project.history.undo_label() == before  # nothing was stored without a reason
    assert domain(view, "inconsistency")["judged"] is None
    qtbot.keyClicks(row.reason, "Effects point different ways in two trials")
    qtbot.keyClick(row.reason, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: domain(view, "inconsistency")["judged"] == -1)
    assert domain(view, "inconsistency")["reason"] == "Effects point different ways in two trials"
    main_window.controller.undo()
    qtbot.waitUntil(lambda: domain(view, "inconsistency")["judged"] is None)
    assert row.reason.text() == ""


def test_settings_change_the_suggestion_at_once(main_window, qtbot):
    """A MID wider than the CI's reach moves the imprecision evidence's thresholds."""
    view = certainty_tab(main_window, qtbot)
    box = view.settings_box
    box.importance.setValue(8)
    box.importance.editingFinished.emit()
    qtbot.waitUntil(lambda: view.report["importance"] == 8)
    box.kind.setCurrentIndex(box.kind.findData("natural"))
    box.lower.setText("0.5")
    box.upper.setText("2.5")
    box.upper.editingFinished.emit()
    qtbot.waitUntil(lambda: view.report["thresholds"] == [0.5, 2.5])
    evidence = domain(view, "imprecision")["evidence"]
    assert (evidence["threshold_lower"], evidence["threshold_upper"]) == (0.5, 2.5)
    main_window.controller.undo()
    qtbot.waitUntil(lambda: view.report["thresholds"] == [0.75, 1.25])  # RR defaults


def test_a_judgement_goes_stale_when_the_data_change(main_window, qtbot):
    view = certainty_tab(main_window, qtbot)
    row = view.rows["imprecision"]
    row.setFocus()
    qtbot.keyClick(row, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: domain(view, "imprecision")["judged"] is not None)
    grid = main_window.outcome_view.model
    column = grid.columns.index("total_2")
    grid.edit_cells([(0, column, "400")])
    qtbot.waitUntil(lambda: domain(view, "imprecision")["stale"])
    assert row.stale.text().startswith("Stale")


def sof_row(view, outcome):
    return next(r for r in view.document.sof["rows"] if r["outcome"] == outcome)


def participants_cell(view, outcome_id):
    row = view.table.row_outcomes.index(outcome_id)
    return view.table.item(row, 4).text()


def test_sof_row_follows_a_study_edit_and_undo(main_window, qtbot):
    """Reviewer A types a new total: the row is the engine's new row, shown at once.
    (Both demo reviewers extracted the same value, so A's edit makes it a conflict and the
    study leaves the analysis until resolved: grade.md section 4, "Which data".)"""
    from workbench.session.sof import sof_report

    view = sof_tab(main_window, qtbot)
    before = sof_row(view, "At least 30% pain relief")
    text = participants_cell(view, 1)
    assert text == f"{before['participants']} ({before['studies']} RCTs)"
    grid = main_window.outcome_view.model
    column = grid.columns.index("total_2")
    old = int(grid.data(grid.index(0, column)))
    grid.edit_cells([(0, column, str(old + 100))])
    qtbot.waitUntil(lambda: sof_row(view, "At least 30% pain relief") != before)
    store = main_window.controller.project.store
    after = sof_report(store, 1)["rows"][0]
    assert sof_row(view, "At least 30% pain relief") == after
    assert participants_cell(view, 1) == f"{after['participants']} ({after['studies']} RCTs)"
    assert participants_cell(view, 1) != text
    main_window.controller.undo()
    qtbot.waitUntil(lambda: participants_cell(view, 1) == text)
    assert sof_row(view, "At least 30% pain relief") == before


def test_edit_a_statement_then_restore_it(main_window, qtbot):
    view = sof_tab(main_window, qtbot)
    generated = sof_row(view, "Withdrawals")["statement"]
    view.table.selectRow(view.table.row_outcomes.index(5))
    assert view.statement.text() == generated
    view.statement.setText("Ketamine may make little difference to withdrawals.")
    view.save_statement.click()
    qtbot.waitUntil(lambda: sof_row(view, "Withdrawals")["statement_edited"])
    assert "edited by a reviewer" in view.statement_state.text()
    row = view.table.row_outcomes.index(5)
    assert "✎ statement edited" in view.table.item(row, 6).text()
    view.restore_statement.click()
    qtbot.waitUntil(lambda: sof_row(view, "Withdrawals")["statement"] == generated)


def test_rows_chosen_and_ordered_and_more_than_seven_warns(main_window, qtbot):
    view = sof_tab(main_window, qtbot)
    chooser = view.rows
    chooser.list.item(0).setCheckState(Qt.CheckState.Unchecked)  # drop the first outcome
    qtbot.waitUntil(lambda: 1 not in view.outcome_ids)
    chooser.list.setCurrentRow(3)  # Withdrawals, last of the ticked ones ...
    chooser.up.click()  # ... moves up one
    qtbot.waitUntil(lambda: view.outcome_ids == [2, 3, 5, 4])
    assert [r["outcome"] for r in view.document.sof["rows"]][2] == "Withdrawals"
    chooser.all.click()
    qtbot.waitUntil(lambda: view.outcome_ids == [1, 2, 3, 4, 5])
    assert not view.warning.isVisibleTo(view)
    store = main_window.controller.project.store
    for n in range(3):  # three more outcomes make eight rows: GRADE advises seven
        store.add_outcome(1, f"Extra {n}", DataType.DICHOTOMOUS, AnalysisSettings())
    main_window.controller.changed.emit(Changes(structure=True), None)
    qtbot.waitUntil(lambda: len(view.outcome_ids) == 8)
    assert view.warning.isVisibleTo(view) and "at most 7" in view.warning.text()


def test_provisional_certainty_is_marked_in_the_table(main_window, qtbot):
    view = sof_tab(main_window, qtbot)
    row = view.table.row_outcomes.index(1)
    item = view.table.item(row, 5)
    assert sof_row(view, "At least 30% pain relief")["provisional"]
    assert "(provisional)" in item.text() and "†" in item.text()
    assert item.font().italic()


def test_copy_puts_methods_and_results_on_the_clipboard(main_window, qtbot):
    view = sof_tab(main_window, qtbot)
    view.copy.click()
    text = QApplication.clipboard().text()
    assert text.startswith("We pooled risk ratios (RR)")
    assert "RR 1.88, 95% CI 1.52 to 2.32; 12 studies, 850 participants; I² = 0%" in text


def test_file_export_writes_each_document(main_window, tmp_path):
    exports = main_window.certainty_exports
    assert len(exports.menu.actions()) == 4
    for kind in ("sof-docx", "sof-html", "profile-docx", "profile-html"):
        path = tmp_path / f"{kind}.{kind.split('-')[1]}"
        assert exports.export(kind, path)
        assert path.stat().st_size > 0


def test_typed_baselines_are_saved_and_bad_ones_refused_naming_the_part(main_window, qtbot):
    view = certainty_tab(main_window, qtbot)
    box, project = view.settings_box, main_window.controller.project
    before = project.history.undo_label()
    box.typed.setText("High risk=1.5")
    box.typed.editingFinished.emit()
    assert "Baseline risks: 'High risk=1.5'" in view.status.text()
    assert project.history.undo_label() == before  # nothing stored
    box.typed.setText("High risk=0.30; Low risk")
    box.typed.editingFinished.emit()
    assert "'Low risk': write LABEL=RISK" in view.status.text()
    box.typed.setText("High risk=0.30")
    box.typed.editingFinished.emit()
    sof = window_sof_rows(main_window, qtbot)
    qtbot.waitUntil(lambda: [e["baseline"] for e in sof()[0]["absolute"]]
                    == ["Study population", "High risk"])
    assert sof()[0]["absolute"][1]["risk_comparator_per_1000"] == 300  # 1,000 × 0.30


def test_thresholds_that_are_not_numbers_are_refused_naming_them(main_window, qtbot):
    view = certainty_tab(main_window, qtbot)
    box, project = view.settings_box, main_window.controller.project
    before = project.history.undo_label()
    box.lower.setText("0.8")
    box.upper.setText("big")
    box.upper.editingFinished.emit()
    assert "Decision thresholds: '0.8 and big' are not numbers" in view.status.text()
    assert project.history.undo_label() == before
    assert view.report["thresholds"] == [0.75, 1.25]


def window_sof_rows(window, qtbot):
    view = sof_tab(window, qtbot)
    return lambda: view.document.sof["rows"]


def test_an_edited_statement_is_flagged_when_the_certainty_changes_under_it(main_window, qtbot):
    view = sof_tab(main_window, qtbot)
    row = view.table.row_outcomes.index(5)
    view.table.selectRow(row)
    view.statement.setText("Ketamine may make little difference to withdrawals.")
    view.save_statement.click()
    qtbot.waitUntil(lambda: sof_row(view, "Withdrawals")["statement_edited"])
    assert not sof_row(view, "Withdrawals")["statement_stale"]
    before = sof_row(view, "Withdrawals")["certainty"]
    # Rate inconsistency down two levels: the certainty moves under the edited statement.
    from workbench.session.commands.certainty import SetCertaintyJudgement

    main_window.controller.execute(SetCertaintyJudgement(5, "inconsistency", -2, "Opposite"))
    qtbot.waitUntil(lambda: sof_row(view, "Withdrawals")["statement_stale"])
    assert sof_row(view, "Withdrawals")["certainty"] != before
    assert "⚠ the numbers changed" in view.table.item(row, 6).text()
    view.table.selectRow(row)
    assert "changed since" in view.statement_state.text()
