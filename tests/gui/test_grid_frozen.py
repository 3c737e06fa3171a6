"""The study column stays frozen while the grid scrolls sideways; it can still be edited."""

from __future__ import annotations

from PySide6.QtCore import QPoint


def _narrow(main_window, qtbot):
    main_window.resize(1024, 700)
    grid = main_window.outcome_view.grid
    qtbot.waitUntil(lambda: grid.model().rowCount() > 0)
    grid.resize(420, 300)  # narrower than the columns: the grid must scroll sideways
    grid.frozen.place()
    return grid


def test_study_column_stays_while_grid_scrolls(main_window, qtbot):
    grid = _narrow(main_window, qtbot)
    bar = grid.horizontalScrollBar()
    assert bar.maximum() > 0, "the grid should be wider than its view"
    bar.setValue(bar.maximum())
    frozen = grid.frozen
    assert frozen.isVisible() and frozen.width() == grid.columnWidth(0)
    assert frozen.pos().x() <= grid.frameWidth() + grid.verticalHeader().width()
    first = frozen.model().index(0, 0)
    assert frozen.visualRect(first).left() == 0  # column 0 at the left edge, unscrolled
    assert frozen.indexAt(QPoint(5, 5)).column() == 0


def test_frozen_column_follows_vertical_scrolling_and_shows_only_study(main_window, qtbot):
    grid = _narrow(main_window, qtbot)
    frozen = grid.frozen
    hidden = [c for c in range(frozen.model().columnCount()) if frozen.isColumnHidden(c)]
    assert hidden == list(range(1, frozen.model().columnCount()))
    grid.resize(420, 120)
    grid.verticalScrollBar().setValue(grid.verticalScrollBar().maximum())
    assert frozen.verticalScrollBar().value() == grid.verticalScrollBar().value() > 0


def test_study_cell_is_edited_in_the_frozen_view(main_window, qtbot):
    grid = _narrow(main_window, qtbot)
    index = grid.model().index(0, 0)
    grid.setCurrentIndex(index)
    assert grid.edit(index)
    assert grid.frozen.state() == grid.frozen.State.EditingState
