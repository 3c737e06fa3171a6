"""The Summary of Findings grid as Cochrane and GRADEpro lay it out, filled from a SofLayout."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableWidget, QTableWidgetItem

from workbench.core.grade.sof_cells import PROVISIONAL_MARK, SofLayout, SofRowCells

PROVISIONAL = QColor("#fff4ce")
COLUMNS = ("Outcome", "Risk with {comparator}\n(anticipated)",
           "Risk with {intervention}\n(anticipated, 95% CI)",
           "Relative effect\n(95% CI)", "№ of\nparticipants\n(studies)",
           "Certainty of\nthe evidence\n(GRADE)", "Comments")
SPANNED = (0, 3, 4, 5, 6)  # the columns that span an outcome's baseline sub-rows


class SofTable(QTableWidget):
    """Read-only; one outcome per row group, a sub-row per baseline risk. `outcome_at(row)`
    maps a grid row back to its outcome id."""

    def __init__(self) -> None:
        super().__init__(0, len(COLUMNS))
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setWordWrap(True)
        self.verticalHeader().setVisible(False)
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for column, width in enumerate((165, 140, 205, 125, 130, 140)):
            self.setColumnWidth(column, width)
        self.row_outcomes: list[int] = []

    def show_layout(self, layout: SofLayout, outcome_ids: list[int], comparator: str,
                    intervention: str) -> None:
        self.setHorizontalHeaderLabels([c.format(comparator=comparator,
                                                 intervention=intervention) for c in COLUMNS])
        self.clearSpans()
        self.row_outcomes = []
        self.setRowCount(sum(len(r.comparator) for r in layout.rows))
        top = 0
        for cells, outcome_id in zip(layout.rows, outcome_ids, strict=False):
            self._fill(top, cells)
            self.row_outcomes += [outcome_id] * len(cells.comparator)
            top += len(cells.comparator)
        self.resizeRowsToContents()

    def outcome_at(self, row: int) -> int | None:
        return self.row_outcomes[row] if 0 <= row < len(self.row_outcomes) else None

    def _fill(self, top: int, cells: SofRowCells) -> None:
        height = len(cells.comparator)
        texts = {0: f"{cells.outcome}\n{cells.outcome_detail}", 3: cells.relative,
                 4: cells.participants, 5: certainty_cell(cells), 6: comments_cell(cells)}
        for column, text in texts.items():
            self.setItem(top, column, self._item(text, bold=column == 0))
            if height > 1:
                self.setSpan(top, column, height, 1)
        for offset, (comparator, intervention) in enumerate(zip(cells.comparator,
                                                                cells.intervention,
                                                                strict=True)):
            self.setItem(top + offset, 1, self._item(comparator))
            self.setItem(top + offset, 2, self._item(intervention))
        if cells.provisional:
            item = self.item(top, 5)
            item.setBackground(QBrush(PROVISIONAL))
            font = item.font()
            font.setItalic(True)
            item.setFont(font)
            item.setToolTip("Provisional: not every reason to rate down has been judged")

    @staticmethod
    def _item(text: str, bold: bool = False) -> QTableWidgetItem:
        item = QTableWidgetItem(text)
        item.setTextAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        if bold:
            font = QFont(item.font())
            font.setBold(True)
            item.setFont(font)
        return item


def certainty_cell(cells: SofRowCells) -> str:
    """'⊕⊕◯◯\nLow (provisional)  [a,b,†]'."""
    marks = cells.marks + ([PROVISIONAL_MARK] if cells.provisional else [])
    text = "\n".join(t for t in (cells.symbols, cells.certainty) if t)
    return f"{text}  [{','.join(marks)}]" if marks else text


def comments_cell(cells: SofRowCells) -> str:
    comments = list(cells.comments)
    if cells.statement_edited:
        comments.append("✎ statement edited by a reviewer")
    if cells.statement_stale:
        comments.append("⚠ the numbers changed under the edited statement")
    return "\n".join(comments)
