"""The Risk-of-bias figures tab follows the chosen outcome and marks unresolved judgements."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def test_figures_tab_shows_the_demo_outcome(main_window):
    view = main_window.rob_figures
    assert view.figure is not None
    assert view.figure.kind == "traffic-light"
    assert len(view.figure.table.rows) == 13
    assert "disagree" in view.message.text()  # Brandt 1994 D3 and Gallo 1997 D2


def test_summary_plot_can_be_weighted(main_window):
    view = main_window.rob_figures
    view.kind.setCurrentIndex(view.kind.findData("rob-summary"))
    assert view.weighted.isEnabled()
    view.weighted.setChecked(True)
    assert view.figure.kind == "rob-summary" and view.figure.weights


def test_outcome_without_assessments_says_so(qtbot, main_window):
    main_window.panel.select_outcome(2)
    view = main_window.rob_figures
    qtbot.waitUntil(lambda: view.figure is None)
    assert "No study of this outcome" in view.message.text()
    assert not view.export_button.isEnabled()
