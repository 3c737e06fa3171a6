"""The study column stays put while the grid scrolls sideways (Qt's frozen-column pattern)."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView


class FrozenColumn(QTableView):
    """A second view over the same model and selection, showing only column 0, laid over the
    grid's left edge; it scrolls vertically with the grid and never horizontally."""

    def __init__(self, grid: QTableView):
        super().__init__(grid)
        self.grid = grid
        self.setObjectName("frozen_column")
        self.setModel(grid.model())
        self.setSelectionModel(grid.selectionModel())
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setEditTriggers(grid.editTriggers())
        self.setAlternatingRowColors(grid.alternatingRowColors())
        # Enabling sorting here would sort the shared model at once; a click sorts the grid.
        self.horizontalHeader().setSectionsClickable(True)
        self.horizontalHeader().sectionClicked.connect(self._sort_by_study)
        self.horizontalHeader().setSortIndicatorShown(True)
        self.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.verticalHeader().hide()
        self.verticalHeader().setDefaultSectionSize(grid.verticalHeader().defaultSectionSize())
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        grid.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        grid.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setStyleSheet("QTableView#frozen_column { border: none; "
                           "border-right: 2px solid #C9CED6; }")
        grid.viewport().stackUnder(self)
        self._connect()
        self.hide_other_columns()

    def _connect(self) -> None:
        grid, model = self.grid, self.grid.model()
        grid.horizontalHeader().sectionResized.connect(self._column_resized)
        grid.verticalHeader().sectionResized.connect(
            lambda row, _old, size: self.setRowHeight(row, size))
        self.verticalScrollBar().valueChanged.connect(grid.verticalScrollBar().setValue)
        grid.verticalScrollBar().valueChanged.connect(self.verticalScrollBar().setValue)
        for signal in (model.modelReset, model.columnsInserted, model.layoutChanged):
            signal.connect(self.hide_other_columns)

    def hide_other_columns(self, *_args) -> None:
        for col in range(self.model().columnCount()):
            self.setColumnHidden(col, col != 0)
        self._column_resized(0, 0, self.grid.columnWidth(0))

    def _column_resized(self, col: int, _old: int, size: int) -> None:
        if col == 0:
            self.setColumnWidth(0, size)
            self.place()

    def place(self) -> None:
        """Over the grid's first column, from the header to the bottom of the viewport."""
        grid = self.grid
        frame = grid.frameWidth()
        self.setGeometry(grid.verticalHeader().width() + frame, frame, grid.columnWidth(0),
                         grid.viewport().height() + grid.horizontalHeader().height())
        self.setVisible(grid.model().columnCount() > 0)

    def _sort_by_study(self, _section: int) -> None:
        header = self.grid.horizontalHeader()
        ascending = header.sortIndicatorSection() != 0 or \
            header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder
        order = Qt.SortOrder.AscendingOrder if ascending else Qt.SortOrder.DescendingOrder
        self.grid.sortByColumn(0, order)
        self.horizontalHeader().setSortIndicator(0, order)

    def edit_here(self, index: QModelIndex, trigger, event) -> bool:
        """Column 0 is edited in this view: the grid's own editor would sit underneath."""
        return self.edit(index, trigger, event)
