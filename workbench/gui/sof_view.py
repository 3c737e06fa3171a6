"""The Summary of Findings tab: per comparison, the table, its footnotes, the editable
plain-language statements, the choice and order of rows, and text to paste."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from workbench.core.grade.document import CertaintyDocument
from workbench.core.grade.sof_cells import EXPLANATION, SofLayout, sof_layout
from workbench.gui.certainty_view import touches_certainty
from workbench.gui.controller import Controller
from workbench.gui.sof_rows import SofRowChooser
from workbench.gui.sof_table import SofTable
from workbench.session.certainty_cache import CertaintyCache
from workbench.session.changes import Changes
from workbench.session.commands.certainty import SetSofRows, SetSofStatement
from workbench.session.sof import row_outcomes


class SofView(QWidget):
    """Recomputes from the project whenever data, risk of bias or certainty change."""

    refreshed = Signal()  # the table shows the project as it is now

    def __init__(self, controller: Controller, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.document: CertaintyDocument | None = None
        self.layout_cells: SofLayout | None = None
        self.outcome_ids: list[int] = []
        self._dirty = False
        self.cache = CertaintyCache()  # only the outcomes an edit touched are recomputed
        self._timer = QTimer(self, singleShot=True, interval=0)
        self._timer.timeout.connect(self.refresh)
        self._build()
        controller.changed.connect(self._on_changed)

    def _build(self) -> None:
        self.comparison_combo = QComboBox()
        self.title = QLabel()
        self.title.setStyleSheet("font-weight: bold; font-size: 14px")
        self.warning = QLabel(wordWrap=True)
        self.warning.setStyleSheet("color: #b35900")
        self.table = SofTable()
        self.notes = QPlainTextEdit(readOnly=True)  # scrolls when the footnotes are many
        self.notes.setFrameShape(QPlainTextEdit.Shape.NoFrame)
        self.notes.setStyleSheet("color: #333; background: transparent")
        self.rows = SofRowChooser()
        self.statement = QLineEdit(placeholderText="Choose a row to edit its statement")
        self.save_statement = QPushButton("Keep my wording")
        self.restore_statement = QPushButton("Restore generated")
        self.statement_state = QLabel()
        self.status = QLabel(wordWrap=True)
        self.status.setStyleSheet("color: #a00")
        self.text = QPlainTextEdit(readOnly=True)
        self.copy = QPushButton("Copy methods and results")
        self._arrange()
        self.comparison_combo.currentIndexChanged.connect(lambda _: self.refresh())
        self.table.itemSelectionChanged.connect(self._show_statement)
        self.save_statement.clicked.connect(self._edit_statement)
        self.statement.returnPressed.connect(self._edit_statement)
        self.restore_statement.clicked.connect(lambda: self._statement_command(None))
        self.rows.chosen.connect(self._choose_rows)
        self.copy.clicked.connect(self.copy_text)
        self.controller.failed.connect(self.status.setText)

    def _arrange(self) -> None:
        """The table across the full width (it needs it); below it the statement editor and
        footnotes, the row chooser, and the text to paste, side by side."""
        top = QHBoxLayout()
        top.addWidget(QLabel("Comparison"))
        top.addWidget(self.comparison_combo, 1)
        below = self._below_table()
        upper = QWidget()
        table = QVBoxLayout(upper)
        table.setContentsMargins(0, 0, 0, 0)
        for widget in (self.title, self.warning, self.table):
            table.addWidget(widget, 1 if widget is self.table else 0)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(upper)
        splitter.addWidget(below)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.status)
        layout.addWidget(splitter, 1)

    def _below_table(self) -> QSplitter:
        statement = QHBoxLayout()
        statement.addWidget(QLabel("Statement"))
        for widget in (self.statement, self.save_statement, self.restore_statement):
            statement.addWidget(widget)
        notes = QWidget()
        left = QVBoxLayout(notes)
        left.setContentsMargins(0, 0, 0, 0)
        left.addLayout(statement)
        left.addWidget(self.statement_state)
        left.addWidget(self.notes, 1)
        paste = QWidget()
        right = QVBoxLayout(paste)
        right.setContentsMargins(0, 0, 0, 0)
        right.addWidget(QLabel("<b>Methods and results</b> to paste"))
        right.addWidget(self.text, 1)
        right.addWidget(self.copy)
        below = QSplitter()
        for widget, stretch in ((notes, 5), (self.rows, 2), (paste, 3)):
            below.addWidget(widget)
            below.setStretchFactor(below.count() - 1, stretch)
        return below

    # --- refresh ------------------------------------------------------------------------
    def comparison_id(self) -> int | None:
        return self.comparison_combo.currentData()

    def _on_changed(self, changes: Changes, _initiator: object) -> None:
        self.cache.invalidate(changes)
        if changes.everything or changes.structure:
            self._fill_comparisons()
        if touches_certainty(changes):
            if self.isVisible():
                self._timer.start()  # coalesce a burst of changes into one recompute
            else:
                self._dirty = True

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self._dirty:
            self.refresh()

    def _fill_comparisons(self) -> None:
        project, current = self.controller.project, self.comparison_id()
        self.comparison_combo.blockSignals(True)
        self.comparison_combo.clear()
        for comparison in project.store.comparisons() if project else []:
            self.comparison_combo.addItem(comparison.label, comparison.id)
        self.comparison_combo.setCurrentIndex(max(0, self.comparison_combo.findData(current)))
        self.comparison_combo.blockSignals(False)

    def refresh(self) -> None:
        self._dirty = False
        project, comparison_id = self.controller.project, self.comparison_id()
        if project is None or comparison_id is None:
            self.document = self.layout_cells = None
            self.table.setRowCount(0)
            return
        store = project.store
        self.document = self.cache.document(store, comparison_id)
        self.outcome_ids = row_outcomes(store, comparison_id)
        sof = self.document.sof
        self.layout_cells = sof_layout(sof, self.document.designs, self.document.units)
        self.title.setText(self.layout_cells.title)
        self.warning.setText("\n".join(self.layout_cells.warnings))
        self.warning.setVisible(bool(self.layout_cells.warnings))
        self.table.show_layout(self.layout_cells, self.outcome_ids,
                               sof.get("comparator") or "", sof.get("intervention") or "")
        self.notes.setPlainText(notes_text(self.layout_cells))
        self.rows.show_rows(store.outcomes(comparison_id), self.outcome_ids)
        self.text.setPlainText(manuscript_text(self.document))
        self._show_statement()
        self.refreshed.emit()

    # --- statements, rows, text ---------------------------------------------------------
    def selected_outcome(self) -> int | None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        return self.table.outcome_at(rows[0].row()) if rows else None

    def _row_of(self, outcome_id: int) -> dict | None:
        if self.document is None or outcome_id not in self.outcome_ids:
            return None
        return self.document.sof["rows"][self.outcome_ids.index(outcome_id)]

    def _show_statement(self) -> None:
        row = self._row_of(self.selected_outcome()) if self.selected_outcome() else None
        for widget in (self.statement, self.save_statement, self.restore_statement):
            widget.setEnabled(row is not None)
        if row is None:
            self.statement.clear()
            self.statement_state.clear()
            return
        if not self.statement.hasFocus():
            self.statement.setText(row.get("statement") or "")
        state = ("edited by a reviewer" if row.get("statement_edited") else "generated")
        if row.get("statement_stale"):
            state += " — the certainty, size or direction changed since: check the wording"
        self.statement_state.setText(f"{row['outcome']}: statement {state}")

    def _edit_statement(self) -> None:
        row = self._row_of(self.selected_outcome())
        if row is not None and self.statement.text().strip() != (row.get("statement") or ""):
            self._statement_command(self.statement.text())

    def _statement_command(self, text: str | None) -> None:
        outcome_id = self.selected_outcome()
        if outcome_id is not None:
            self.status.clear()
            self.controller.execute(SetSofStatement(outcome_id, text), self)

    def _choose_rows(self, ids: list[int] | None) -> None:
        comparison_id = self.comparison_id()
        if comparison_id is not None:
            self.status.clear()
            if not self.controller.execute(SetSofRows(comparison_id, ids), self):
                self.refresh()

    def copy_text(self) -> None:
        QGuiApplication.clipboard().setText(self.text.toPlainText())


def notes_text(layout: SofLayout) -> str:
    lines = [f"{note.mark}. {note.text}" for note in layout.footnotes]
    return "\n".join([*lines, f"* {EXPLANATION}", layout.abbreviations])


def manuscript_text(document: CertaintyDocument) -> str:
    return "\n\n".join(t for t in [document.methods, *document.results] if t)
