"""The Risk-of-bias figures tab follows the chosen outcome and marks unresolved judgements."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def _show_tab(window):
    window.tabs.setCurrentWidget(window.rob_figures)  # hidden tabs draw when first shown
    return window.rob_figures


def test_hidden_tab_waits_until_shown(main_window):
    assert main_window.rob_figures.figure is None


def test_figures_tab_shows_the_demo_outcome(main_window):
    view = _show_tab(main_window)
    assert view.figure is not None
    assert view.figure.kind == "traffic-light"
    assert len(view.figure.table.rows) == 13
    assert "disagree" in view.message.text()  # Brandt 1994 D3 and Gallo 1997 D2


def test_summary_plot_can_be_weighted(main_window):
    view = _show_tab(main_window)
    view.kind.setCurrentIndex(view.kind.findData("rob-summary"))
    assert view.weighted.isEnabled()
    view.weighted.setChecked(True)
    assert view.figure.kind == "rob-summary" and view.figure.weights


def test_outcome_without_assessments_says_so(qtbot, main_window):
    view = _show_tab(main_window)
    main_window.panel.select_outcome(2)
    qtbot.waitUntil(lambda: view.figure is None)
    assert "No study of this outcome" in view.message.text()
    assert not view.export_button.isEnabled()
