"""Spreadsheet-like table for an outcome: type to replace, Tab/Enter move, paste, Delete clears."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtGui import QGuiApplication, QKeySequence
from PySide6.QtWidgets import QAbstractItemDelegate, QAbstractItemView, QHeaderView, QTableView

from workbench.gui.frozen_column import FrozenColumn
from workbench.gui.grid_model import OutcomeGridModel


class OutcomeGridView(QTableView):
    """The data grid. Edits go to the model, which turns them into undoable Commands."""

    def __init__(self, model: OutcomeGridModel, parent=None):
        super().__init__(parent)
        self.source_model = model
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(model)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.proxy.setFilterKeyColumn(0)
        self.setModel(self.proxy)
        self.setSortingEnabled(True)
        self.sortByColumn(-1, Qt.SortOrder.AscendingOrder)  # file order until a header click
        self.setAlternatingRowColors(True)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.AnyKeyPressed
                             | QAbstractItemView.EditTrigger.DoubleClicked
                             | QAbstractItemView.EditTrigger.EditKeyPressed)
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.horizontalHeader().setStretchLastSection(False)
        # Size columns from the first rows only: measuring 1,000 rows takes half a second.
        self.horizontalHeader().setResizeContentsPrecision(60)
        self.verticalHeader().setDefaultSectionSize(24)
        self.verticalHeader().hide()
        self.frozen = FrozenColumn(self)

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        self.frozen.place()

    def updateGeometries(self) -> None:  # noqa: N802 - Qt override
        super().updateGeometries()
        if hasattr(self, "frozen"):
            self.frozen.place()

    def edit(self, index, trigger=QAbstractItemView.EditTrigger.AllEditTriggers,
             event=None) -> bool:
        if index.isValid() and index.column() == 0 and hasattr(self, "frozen"):
            return self.frozen.edit_here(index, trigger, event)
        return super().edit(index, trigger, event)

    def moveCursor(self, action, modifiers):  # noqa: N802 - Qt override
        """Moving left to a cell hidden under the frozen column scrolls it into view."""
        current = super().moveCursor(action, modifiers)
        if action == QAbstractItemView.CursorAction.MoveLeft and current.column() > 0:
            visual = self.visualRect(current)
            if visual.left() < self.frozen.width():
                bar = self.horizontalScrollBar()
                bar.setValue(bar.value() + visual.left() - self.frozen.width())
        return current

    def set_filter(self, text: str) -> None:
        self.proxy.setFilterFixedString(text)

    def fit_columns(self) -> None:
        self.resizeColumnsToContents()
        if self.source_model.columnCount():
            self.setColumnWidth(0, max(self.columnWidth(0), 170))

    # --- keyboard -----------------------------------------------------------------------
    def keyPressEvent(self, event) -> None:
        if event.matches(QKeySequence.StandardKey.Paste):
            self.paste()
        elif event.matches(QKeySequence.StandardKey.Copy):
            self.copy()
        elif event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and \
                self.state() != QAbstractItemView.State.EditingState:
            self.clear_selection_values()
        elif event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and \
                self.state() != QAbstractItemView.State.EditingState:
            self._move(1, 0)
        else:
            super().keyPressEvent(event)

    def closeEditor(self, editor, hint) -> None:
        # Enter commits and moves down, as in a spreadsheet; Tab is handled by Qt.
        super().closeEditor(editor, hint)
        if hint == QAbstractItemDelegate.EndEditHint.SubmitModelCache:
            self._move(1, 0)

    def _move(self, rows: int, columns: int) -> None:
        current = self.currentIndex()
        if not current.isValid():
            return
        target = self.proxy.index(min(current.row() + rows, self.proxy.rowCount() - 1),
                                  current.column() + columns)
        if target.isValid():
            self.setCurrentIndex(target)

    def _source_cell(self, index: QModelIndex) -> tuple[int, int]:
        source = self.proxy.mapToSource(index)
        return source.row(), source.column()

    def clear_selection_values(self) -> None:
        cells = [(*self._source_cell(i), "") for i in self.selectedIndexes()
                 if self.source_model.columns[i.column()] not in ("study", "included")]
        if cells:
            self.source_model.edit_cells(cells, label="Clear values")

    def paste(self) -> None:
        """Paste a block copied from Excel (tab-separated lines) as one undoable step."""
        text = QGuiApplication.clipboard().text()
        start = self.currentIndex()
        if not text or not start.isValid():
            return
        cells = []
        for r, line in enumerate(text.rstrip("\r\n").split("\n")):
            for c, cell in enumerate(line.rstrip("\r").split("\t")):
                index = self.proxy.index(start.row() + r, start.column() + c)
                if index.isValid():
                    cells.append((*self._source_cell(index), cell))
        self.source_model.edit_cells(cells, label="Paste values")

    def copy(self) -> None:
        indexes = sorted(self.selectedIndexes(), key=lambda i: (i.row(), i.column()))
        if not indexes:
            return
        rows: dict[int, list[str]] = {}
        for index in indexes:
            rows.setdefault(index.row(), []).append(str(index.data() or ""))
        QGuiApplication.clipboard().setText("\n".join("\t".join(v) for v in rows.values()))
