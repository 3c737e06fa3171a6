"""Table model of one outcome's studies: the current reviewer's values, conflicts marked."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from workbench.core.validation import ValueProblem, parse_number, row_problems
from workbench.session.analysis import OutcomeData, OutcomeRow
from workbench.session.commands import CellEdit, EditCells, RenameStudy, SetIncluded, SetStudyField
from workbench.session.commands.batch import Batch

HEADERS = {
    "study": "Study", "year": "Year", "subgroup": "Subgroup", "included": "Include",
    "events_1": "Events (E)", "total_1": "Total (E)", "events_2": "Events (C)",
    "total_2": "Total (C)", "mean_1": "Mean (E)", "sd_1": "SD (E)", "mean_2": "Mean (C)",
    "sd_2": "SD (C)", "estimate": "Estimate", "se": "SE",
}
CONFLICT = QColor("#FFE2B8")
INVALID = QColor("#F8C9C9")
BORROWED = QColor("#6B7280")

Index = QModelIndex | QPersistentModelIndex


@dataclass
class PendingInvalid:
    """Text a user typed that cannot be stored: shown in red with its reason, never saved."""

    text: str
    reason: str


class OutcomeGridModel(QAbstractTableModel):
    """Rows are an outcome's results; columns are study, year, subgroup, data and include."""

    def __init__(self, controller, parent=None):
        super().__init__(parent)
        self.controller = controller
        self.data_: OutcomeData | None = None
        self.reviewer: str = ""
        self.columns: list[str] = []
        self.invalid: dict[tuple[int, str], PendingInvalid] = {}
        # Blind mode: studies where other reviewers' values must not show (or their conflicts)
        self.hidden_studies: frozenset[int] = frozenset()

    # --- loading ------------------------------------------------------------------------
    def set_outcome_data(self, data: OutcomeData | None, reviewer: str) -> None:
        self.beginResetModel()
        self.data_ = data
        self.reviewer = reviewer
        fields = list(data.fields) if data else []
        self.columns = ["study", "year", "subgroup", *fields, "included"] if data else []
        self.invalid = {k: v for k, v in self.invalid.items()
                        if data and any(r.result_id == k[0] for r in data.rows)}
        self.endResetModel()

    def row_at(self, row: int) -> OutcomeRow:
        return self.data_.rows[row]

    # --- Qt model API -------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() or self.data_ is None else len(self.data_.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0):
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return self._header(self.columns[section])
        return str(section + 1)

    def _header(self, column: str) -> str:
        """Arm columns carry the comparison's group names ("Ketamine events")."""
        if self.data_ is not None and column[-2:] in ("_1", "_2"):
            comparison = self.data_.comparison
            group = comparison.group_label_1 if column.endswith("1") else \
                comparison.group_label_2
            kind = {"events": "events", "total": "total", "mean": "mean", "sd": "SD"}
            return f"{group} {kind[column[:-2]]}"
        return HEADERS.get(column, column)

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        project = self.controller.project
        if project is None or project.read_only:
            return base  # a read-only project: look, copy, never type
        if self.columns[index.column()] == "included":
            return base | Qt.ItemFlag.ItemIsUserCheckable
        return base | Qt.ItemFlag.ItemIsEditable

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        row, column = self.row_at(index.row()), self.columns[index.column()]
        if column == "included":
            if role == Qt.ItemDataRole.CheckStateRole:
                return Qt.CheckState.Checked if row.included else Qt.CheckState.Unchecked
            return None
        pending = self.invalid.get((row.result_id, column))
        if pending is not None:
            return self._invalid_role(pending, role)
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return self._text(row, column, role == Qt.ItemDataRole.EditRole)
        if role == Qt.ItemDataRole.TextAlignmentRole and column not in ("study", "subgroup"):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return self._decoration(row, column, role)

    def _invalid_role(self, pending: PendingInvalid, role: int):
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return pending.text
        if role == Qt.ItemDataRole.BackgroundRole:
            return QBrush(INVALID)
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"Not saved: {pending.reason}"
        return None

    def _text(self, row: OutcomeRow, column: str, editing: bool) -> str:
        if column == "study":
            return row.study
        value = self._shown_value(row, column)
        if value is None:
            return ""
        if isinstance(value, float):
            return f"{value:.0f}" if column == "year" else f"{value:g}"
        return str(value)

    def _shown_value(self, row: OutcomeRow, column: str):
        """The reviewer's own value; where they entered none, the value analyses use."""
        state = _state(row, column)
        if state is None:
            return None
        if self.reviewer in state.values:
            return state.values[self.reviewer]
        return None if row.study_id in self.hidden_studies else state.used_value()

    def _decoration(self, row: OutcomeRow, column: str, role: int):
        state = _state(row, column)
        if state is None or row.study_id in self.hidden_studies:
            return None
        if role == Qt.ItemDataRole.BackgroundRole and state.in_conflict:
            return QBrush(CONFLICT)
        if role == Qt.ItemDataRole.ToolTipRole and (state.in_conflict or state.has_consensus):
            return _cell_tooltip(state)
        own = self.reviewer in state.values
        if role == Qt.ItemDataRole.ForegroundRole and not own:
            return QBrush(BORROWED)
        if role == Qt.ItemDataRole.FontRole and not own:
            font = QFont()
            font.setItalic(True)
            return font
        return None

    # --- editing ------------------------------------------------------------------------
    def setData(self, index: Index, value, role: int = Qt.ItemDataRole.EditRole) -> bool:
        row, column = self.row_at(index.row()), self.columns[index.column()]
        if column == "included" and role == Qt.ItemDataRole.CheckStateRole:
            included = Qt.CheckState(value) == Qt.CheckState.Checked
            return self.controller.execute(
                SetIncluded(row.result_id, self.data_.outcome.id, included), self)
        if role != Qt.ItemDataRole.EditRole:
            return False
        return self.edit_cells([(index.row(), index.column(), str(value))])

    def edit_cells(self, cells: list[tuple[int, int, str]], label: str = "Edit value") -> bool:
        """Apply typed or pasted texts as ONE command; invalid ones are kept aside in red.

        A block (paste, clear) never renames studies: a study's name is changed only by
        typing in its own cell, so a paste cannot silently relabel the review.
        """
        single = len(cells) == 1
        edits: list[CellEdit] = []
        others: list = []
        for row_number, column_number, text in cells:
            row, column = self.row_at(row_number), self.columns[column_number]
            if column == "included" or (column == "study" and not single):
                continue
            if column in ("study", "year"):
                others += self._study_field_command(row, column, text)
                continue
            edit = self._cell_edit(row, column, text)
            if edit is not None:
                edits.append(edit)
        named = "Edit value" if single else label
        commands = others + ([EditCells(edits, label=named)] if edits else [])
        if not commands:
            self._refresh_all()
            return True
        command = commands[0] if len(commands) == 1 else Batch(commands, label=label)
        return self.controller.execute(command, self)

    def _cell_edit(self, row: OutcomeRow, column: str, text: str) -> CellEdit | None:
        key = (row.result_id, column)
        self.invalid.pop(key, None)
        if column == "subgroup":
            value = " ".join(text.split()) or None
        else:
            try:
                value = parse_number(column, text)
                self._check_row(row, column, value)
            except ValueProblem as problem:
                self.invalid[key] = PendingInvalid(text, str(problem))
                return None
        if value == self._shown_value(row, column) and self.reviewer in row.cells.get(
                column, _EMPTY).values:
            return None
        return CellEdit(row.result_id, self.data_.outcome.id, row.study_id, column, value)

    def _check_row(self, row: OutcomeRow, column: str, value: float | None) -> None:
        values = {f: self._shown_value(row, f) for f in self.data_.fields}
        values[column] = value
        problem = row_problems(values).get(column)
        if problem is None and column.startswith("total_"):
            problem = row_problems(values).get(column.replace("total", "events"))
        if problem:
            raise ValueProblem(problem)

    def _study_field_command(self, row: OutcomeRow, column: str, text: str) -> list:
        """A rename or a year as a command (or nothing when unchanged or invalid)."""
        if column == "study":
            changed = text.strip() and text.strip() != row.study
            return [RenameStudy(row.study_id, text)] if changed else []
        try:
            year = parse_number("year", text)
        except ValueProblem as problem:
            self.invalid[(row.result_id, "year")] = PendingInvalid(text, str(problem))
            return []
        self.invalid.pop((row.result_id, "year"), None)
        own = row.year_state.values.get(self.reviewer) if row.year_state else None
        return [] if year == own else [SetStudyField(row.study_id, "year", year)]

    def _refresh_all(self) -> None:
        if self.rowCount():
            self.dataChanged.emit(self.index(0, 0),
                                  self.index(self.rowCount() - 1, self.columnCount() - 1))


def _state(row: OutcomeRow, column: str):
    """The cell state behind a column: the study's year lives beside the result's cells."""
    return row.year_state if column == "year" else row.cells.get(column)


class _Empty:
    values: dict = {}


_EMPTY = _Empty()


def _cell_tooltip(state) -> str:
    lines = [f"{name}: {'NR' if v is None else v}" for name, v in state.values.items()]
    if state.has_consensus:
        lines.append(f"Consensus: {state.consensus}")
    elif state.in_conflict:
        lines.append("Reviewers disagree; the analysis leaves this value out until resolved.")
    return "\n".join(lines)
