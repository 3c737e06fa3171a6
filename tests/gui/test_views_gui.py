"""Whose numbers are on screen: the data-view selector, the empty state, New/Open/Close."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402

from workbench.gui.new_project_dialog import NewReview  # noqa: E402
from workbench.session.data_view import CONSENSUS, MINE, REVIEWER  # noqa: E402


def _choose_view(qtbot, view, kind: str, reviewer: str = "") -> None:
    combo = view.plots.data_view
    index = next(i for i in range(combo.count()) if combo.itemData(i).kind == kind
                 and (not reviewer or combo.itemData(i).reviewer == reviewer))
    if combo.currentIndex() == index:
        return
    with qtbot.waitSignal(view.result_ready, timeout=3000):
        combo.setCurrentIndex(index)


def _study(view, label: str):
    return next(s for s in view.result.studies if s.study == label)


def test_the_view_decides_whose_values_the_plot_uses(qtbot, main_window):
    """Brandt 1994, pain relief: Reviewer A typed 5 events, Reviewer B 7
    (resources/demo/ketamine.json, second_reviewer_differences), not yet resolved."""
    main_window.review_actions.blind_action.setChecked(False)
    view = main_window.outcome_view
    _choose_view(qtbot, view, CONSENSUS)
    brandt = _study(view, "Brandt 1994")
    assert not brandt.included and brandt.reason.startswith("reviewers disagree")
    assert "agreed values" in view.forest.layout_.effect_title[1]
    cells = next(r for r in view.forest.layout_.rows if r.cells[0].startswith("Brandt"))
    assert cells.cells[-1] == "Reviewers disagree"  # not "Not estimable"
    _choose_view(qtbot, view, MINE)
    brandt = _study(view, "Brandt 1994")
    assert brandt.included and brandt.disputed  # my 5 events are used, still marked †
    assert "my values (Reviewer A)" in view.forest.layout_.effect_title[1]
    assert "your value is used here" in view.summary.text()
    mine = brandt.yi
    _choose_view(qtbot, view, REVIEWER, "Reviewer B")
    brandt = _study(view, "Brandt 1994")
    assert brandt.included and not brandt.disputed and brandt.yi != pytest.approx(mine)
    assert "Reviewer B's values" in view.forest.layout_.effect_title[1]


def test_blind_mode_hides_the_other_reviewer_in_every_view(qtbot, main_window):
    from workbench.session.commands.resolve import SetStudyFinished

    controller = main_window.controller
    view = main_window.outcome_view
    main_window.review_actions.blind_action.setChecked(True)
    controller.project.set_reviewer("Reviewer B")
    brandt_id = controller.project.store.study_id("Brandt 1994")
    controller.execute(SetStudyFinished(brandt_id, False))  # B reopens Brandt
    controller.project.set_reviewer("Reviewer A")
    qtbot.waitUntil(lambda: brandt_id in view.model.hidden_studies)
    _choose_view(qtbot, view, CONSENSUS)
    brandt = _study(view, "Brandt 1994")
    assert brandt.included and not brandt.disputed  # only my own values, no hint of B's
    _choose_view(qtbot, view, REVIEWER, "Reviewer B")
    assert all(s.study != "Brandt 1994" for s in view.result.studies)
    conflicts = main_window.conflicts_view
    main_window.tabs.setCurrentWidget(conflicts)
    qtbot.waitUntil(lambda: conflicts.isVisible())
    conflicts.refresh()
    assert all(c.study != "Brandt 1994" for c in conflicts.conflicts)
    assert "blind mode" in conflicts.message.text()


def _views_hold_nothing(window) -> None:
    view = window.outcome_view
    assert view.stack.currentIndex() == 0 and view.model.rowCount() == 0
    assert view.result is None and view.summary.text() == ""
    assert window.panel.topLevelItemCount() == 0
    assert window.conflicts_view.conflicts == []
    assert window.outline.history.entries == []
    assert window.rob_figures.outcome_id is None


def test_close_clears_every_view_and_open_refills_them(qtbot, main_window, tmp_path,
                                                       monkeypatch):
    main_window.close_project()
    for tab in (main_window.conflicts_view, main_window.outline.history):
        main_window.tabs.setCurrentWidget(tab)
        tab.refresh()
    main_window.tabs.setCurrentWidget(main_window.outcome_view)
    _views_hold_nothing(main_window)
    assert main_window.outcome_view.empty.heading.text() == "No project is open"
    # A second, empty project: nothing of the demo may show anywhere.
    monkeypatch.setattr(main_window.outline, "ask_review", lambda path: NewReview(
        "Other review", "", "Drug versus nothing", "Drug", "Nothing"))
    assert main_window.outline.create(tmp_path / "other.wbproj")
    view = main_window.outcome_view
    assert view.stack.currentIndex() == 0
    assert view.empty.heading.text() == "This review has no outcomes yet"
    assert view.model.rowCount() == 0
    texts = [i.text(0) for i in main_window.panel._walk()]
    assert "Drug versus nothing" in texts
    assert not any("Ketamine" in t or "Adeyemi" in t for t in texts)
    assert "Other review" in main_window.windowTitle()


def test_empty_state_buttons_say_what_to_do_next(qtbot, main_window, tmp_path, monkeypatch):
    monkeypatch.setattr(main_window.outline, "ask_review", lambda path: NewReview(
        "Empty", "", "", "", ""))
    assert main_window.outline.create(tmp_path / "empty.wbproj")
    empty = main_window.outcome_view.empty
    shown = {k for k, b in empty.buttons.items() if not b.isHidden()}
    assert shown == {"import", "add_outcome", "add_study", "demo"}
    assert main_window.outcome_view.stack.currentWidget() is empty
