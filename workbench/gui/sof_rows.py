"""Which outcomes the Summary of Findings shows and in what order: a checkable, ordered list."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from workbench.core.model import Outcome


class SofRowChooser(QWidget):
    """Tick the outcomes to show; Up/Down (or drag) to order them. Emits `chosen(ids)`."""

    chosen = Signal(object)  # list of outcome ids, or None for all in project order

    def __init__(self) -> None:
        super().__init__()
        self.list = QListWidget()
        self.list.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.up, self.down = QPushButton("Up"), QPushButton("Down")
        self.all = QPushButton("All, project order")
        buttons = QHBoxLayout()
        for button in (self.up, self.down, self.all):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(QLabel("<b>Rows</b> (GRADE advises at most 7)"))
        layout.addWidget(self.list, 1)
        layout.addLayout(buttons)
        self._showing = False
        self.list.itemChanged.connect(lambda _: self._emit())
        self.list.model().rowsMoved.connect(lambda *_: self._emit())
        self.up.clicked.connect(lambda: self._step(-1))
        self.down.clicked.connect(lambda: self._step(1))
        self.all.clicked.connect(lambda: self.chosen.emit(None))

    def show_rows(self, outcomes: list[Outcome], shown: list[int]) -> None:
        """`shown`: the ids in the table, in order; the other outcomes follow, unticked."""
        self._showing = True
        current = self.list.currentItem().data(Qt.ItemDataRole.UserRole) \
            if self.list.currentItem() else None
        self.list.clear()
        by_id = {o.id: o for o in outcomes}
        rest = [o.id for o in outcomes if o.id not in shown]
        for outcome_id in [*shown, *rest]:
            item = QListWidgetItem(by_id[outcome_id].label)
            item.setData(Qt.ItemDataRole.UserRole, outcome_id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable
                          | Qt.ItemFlag.ItemIsDragEnabled)
            item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsDropEnabled)
            item.setCheckState(Qt.CheckState.Checked if outcome_id in shown
                               else Qt.CheckState.Unchecked)
            self.list.addItem(item)
            if outcome_id == current:
                self.list.setCurrentItem(item)
        self._showing = False

    def ticked(self) -> list[int]:
        return [self.list.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.list.count())
                if self.list.item(i).checkState() == Qt.CheckState.Checked]

    def _step(self, step: int) -> None:
        row = self.list.currentRow()
        target = row + step
        if row < 0 or not 0 <= target < self.list.count():
            return
        self._showing = True
        item = self.list.takeItem(row)
        self.list.insertItem(target, item)
        self.list.setCurrentRow(target)
        self._showing = False
        self._emit()

    def _emit(self) -> None:
        if not self._showing:
            self.chosen.emit(self.ticked())
