"""History: the audit log as a table (who, when, what, before → after), filtered, with jumps."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from workbench.gui.lazy import RefreshWhenShown
from workbench.session.changes import Changes
from workbench.session.history_log import LogEntry, read_log
from workbench.storage.audit import logged_reviewers

HEADERS = ("When (UTC)", "Reviewer", "Where", "What", "Change")
MAX_WIDTH = 260  # px per column but the last; the full text is in the tooltip
LIMIT = 2000  # newest entries shown; `workbench log` gives all of them


class HistoryView(RefreshWhenShown, QWidget):
    """Emits `jump(outcome_id, study_id)` when a row is double-clicked (either may be -1)."""

    jump = Signal(int, int)

    def __init__(self, controller, parent: QWidget | None = None):
        super().__init__(parent)
        self.controller = controller
        self.entries: list[LogEntry] = []
        self.study = QComboBox()
        self.outcome = QComboBox()
        self.reviewer = QComboBox()
        for combo in (self.study, self.outcome, self.reviewer):
            combo.currentIndexChanged.connect(self.refresh)
            combo.setMinimumContentsLength(12)
        self.table = QTableWidget(0, len(HEADERS))
        self.table.setHorizontalHeaderLabels(HEADERS)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.verticalHeader().setVisible(False)
        self.table.cellDoubleClicked.connect(self._jump)
        self.note = QLabel()
        filters = QHBoxLayout()
        for text, combo in (("Study", self.study), ("Outcome", self.outcome),
                            ("Reviewer", self.reviewer)):
            filters.addWidget(QLabel(text))
            filters.addWidget(combo, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.note)
        controller.changed.connect(self._on_changed)
        self.request_refresh()

    def _on_changed(self, changes: Changes, _initiator: object) -> None:
        if changes.everything or changes.structure or changes.reviewers:
            self._fill_filters()
        self.request_refresh()  # every command writes an entry

    def _fill_filters(self) -> None:
        project = self.controller.project
        store = None if project is None else project.store
        choices = {
            self.study: [] if store is None else [(s.label, s.id) for s in store.studies()],
            self.outcome: [] if store is None else [(o.label, o.id) for o in store.outcomes()],
            self.reviewer: [] if store is None else [(n, n) for n in logged_reviewers(store)],
        }
        for combo, items in choices.items():
            current = combo.currentData()
            combo.blockSignals(True)
            combo.clear()
            combo.addItem("(all)", None)
            for text, data in items:
                combo.addItem(text, data)
            combo.setCurrentIndex(max(0, combo.findData(current)))
            combo.blockSignals(False)

    def refresh(self) -> None:
        project = self.controller.project
        if project is None:
            self.entries = []
        else:
            if self.study.count() == 0:
                self._fill_filters()
            self.entries = read_log(project.store, study_id=self.study.currentData(),
                                    outcome_id=self.outcome.currentData(),
                                    reviewer=self.reviewer.currentData(), limit=LIMIT)
        self._fill_table()

    def _fill_table(self) -> None:
        self.table.setRowCount(len(self.entries))
        for row, entry in enumerate(self.entries):
            where = " · ".join(x for x in (", ".join(entry.studies[:3]),
                                           ", ".join(entry.outcomes[:2])) if x)
            texts = (entry.at.replace("T", " ").replace("+00:00", ""), entry.reviewer,
                     where, entry.description, entry.change_text())
            for col, text in enumerate(texts):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                self.table.setItem(row, col, item)
        self.table.resizeColumnsToContents()
        for column in range(len(HEADERS) - 1):  # the change, last, gets the room left
            self.table.setColumnWidth(column, min(self.table.columnWidth(column), MAX_WIDTH))
        self.note.setText(f"{len(self.entries)} changes shown, newest first. Double-click one "
                          "to go to its study and outcome." if self.entries else
                          "No changes recorded yet." if self.controller.project else "")

    def _jump(self, row: int, _column: int) -> None:
        entry = self.entries[row]
        outcome = entry.outcome_ids[0] if entry.outcome_ids else -1
        study = entry.study_ids[0] if entry.study_ids else -1
        self.jump.emit(outcome, study)
