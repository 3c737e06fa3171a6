"""Forest plot zoom (Ctrl +/−, fit) and glyphs only for the rows in view at k = 1,000."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import Qt

from workbench.core.meta import run_meta
from workbench.core.model import AnalysisSettings, Comparison, DataType, Outcome, StudyRow
from workbench.gui.forest.widget import ZOOM_STEP, ForestPlotWidget

SETTINGS = AnalysisSettings(measure="RR", method="DL")
OUTCOME = Outcome(1, 1, "Events", DataType.DICHOTOMOUS, SETTINGS)
COMPARISON = Comparison(1, "T vs C", "Treatment", "Control")


def _scale(main_window) -> float:
    return main_window.outcome_view.forest.view.transform().m11()


def test_ctrl_plus_minus_and_zero_zoom_the_plot(main_window, qtbot):
    forest = main_window.outcome_view.forest
    fitted = _scale(main_window)
    main_window.activateWindow()
    qtbot.keyClick(main_window, Qt.Key.Key_Plus, Qt.KeyboardModifier.ControlModifier)
    # The fitted scale itself may shift a little when a scroll bar appears; the zoom is exact.
    assert forest.zoom == ZOOM_STEP and _scale(main_window) > fitted * 1.1
    qtbot.keyClick(main_window, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(main_window, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    assert forest.zoom == pytest.approx(1 / ZOOM_STEP) and _scale(main_window) < fitted
    qtbot.keyClick(main_window, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    assert _scale(main_window) == pytest.approx(fitted) and forest.zoom == 1.0


def test_zoom_buttons_and_limits(main_window):
    panel = main_window.outcome_view.plots
    minus, plus, fit = panel.zoom_buttons
    for _ in range(20):
        plus.click()
    assert panel.forest.zoom == 4.0  # never past four times the fitted size
    fit.click()
    minus.click()
    assert panel.forest.zoom == pytest.approx(1 / ZOOM_STEP)


def _thousand() -> tuple[list[StudyRow], object]:
    rng = np.random.default_rng(1000)
    rows = [StudyRow(f"Study {i:04d}", {"events_1": float(rng.integers(1, 20)),
                                        "total_1": 100.0, "events_2": float(rng.integers(1, 20)),
                                        "total_2": 100.0}) for i in range(1000)]
    return rows, run_meta(rows, DataType.DICHOTOMOUS, SETTINGS)


def test_k1000_holds_glyphs_only_for_rows_in_view_and_follows_scrolling(qtbot):
    rows, result = _thousand()
    widget = ForestPlotWidget()
    qtbot.addWidget(widget)
    widget.resize(1200, 700)
    widget.show()
    qtbot.waitExposed(widget)
    widget.set_data(result, rows, OUTCOME, COMPARISON)
    shown = len(widget.squares.getData()[0])
    assert 0 < shown < 200  # a screenful and a spare one, not a thousand
    bar = widget.view.verticalScrollBar()
    bar.setValue(bar.maximum())
    _, ys = widget.squares.getData()
    assert max(ys) == 999  # the last study's square is there once scrolled to
    widget.export_begin(1.0)  # an export draws every study
    assert len(widget.squares.getData()[0]) == 1000
    widget.export_end()
    assert len(widget.squares.getData()[0]) < 1000


def test_plot_toolbar_wraps_instead_of_clipping_at_1024(main_window, qtbot):
    main_window.resize(1024, 700)
    panel = main_window.outcome_view.plots
    qtbot.waitUntil(lambda: panel.width() < 600)
    for widget in (panel.export_button, panel.mark_conflicts, panel.leave_out,
                   panel.exclude_high, *panel.zoom_buttons):
        right = widget.mapTo(panel, widget.rect().topRight()).x()
        assert right <= panel.width(), f"{widget} is cut off at the panel's right edge"
