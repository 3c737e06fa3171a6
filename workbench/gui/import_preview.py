"""Preview table of an ImportBatch: parsed values of valid rows, raw cells of invalid ones."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor

from workbench.core.model import FIELDS_BY_TYPE, DataType
from workbench.io.spreadsheet import Grid, ImportBatch
from workbench.io.spreadsheet.cells import clean_text
from workbench.io.spreadsheet.fields import COMBINED
from workbench.io.spreadsheet.header import header_names
from workbench.io.spreadsheet.mapping import resolve_columns

LABELS = ("study", "year", "comparison", "outcome", "subgroup", "timepoint")
NAMES = {"study": "Study", "year": "Year", "comparison": "Comparison", "outcome": "Outcome",
         "subgroup": "Subgroup", "timepoint": "Timepoint", "notes": "Notes",
         "events": "Events", "total": "N", "mean": "Mean", "sd": "SD",
         "events_total": "Events/N in one cell", "mean_sd": "Mean (SD) in one cell",
         "estimate": "Effect estimate", "se": "Standard error", "variance": "Variance",
         "data_type": "Data type of each row"}
PROBLEM = QColor("#f8d0d0")
CORRECTED = QColor("#d6f0d8")  # a cell the reviewer typed over in this preview
MISSING = QColor("#777777")


def field_title(name: str, groups: tuple[str, str]) -> str:
    """"Events — Ketamine" for events_1; other fields by their plain name."""
    if name[-2:] in ("_1", "_2") and name[:-2] in NAMES:
        return f"{NAMES[name[:-2]]} — {groups[int(name[-1]) - 1]}"
    return NAMES.get(name, name)


@dataclass
class PreviewRow:
    """One sheet row as shown: text per field, and the reason for each problem cell."""

    row: int
    cells: dict[str, str]
    problems: dict[str, str] = field(default_factory=dict)
    missing: set[str] = field(default_factory=set)
    index: int | None = None  # the grid row of a row with problems (its cells are editable)
    cols: dict[str, int] = field(default_factory=dict)  # shown field -> grid column
    corrected: dict[str, str] = field(default_factory=dict)  # field -> where it came from


def _number(value: float | None) -> str:
    return "NR" if value is None else f"{value:g}"


def _valid_row(parsed, missing: set[str]) -> PreviewRow:
    cells = {"study": parsed.study, "year": "" if parsed.year is None else str(parsed.year),
             "comparison": parsed.comparison, "outcome": parsed.outcome,
             "subgroup": parsed.subgroup or "", "timepoint": parsed.timepoint or ""}
    cells.update({k: _number(v) for k, v in parsed.values.items()})
    corrected = {k: src for k, src in parsed.sources.items() if "corrected in the import" in src}
    return PreviewRow(parsed.row, cells, missing={f for f in missing if f in cells},
                      corrected=corrected)


def _shown_field(name: str) -> str:
    """A combined cell ("12/45") is shown in the column of its first number."""
    return COMBINED[name][1] if name in COMBINED else name


def _invalid_rows(batch: ImportBatch, grid: Grid) -> dict[int, PreviewRow]:
    """Rows with problems, as written in the sheet (their values never parsed in full)."""
    mapping = batch.mapping
    names = header_names(grid, mapping.header_row, mapping.header_rows)
    columns = resolve_columns(mapping, names, "preview")
    index = {grid.row_number(i): i for i in range(len(grid.rows))}
    out: dict[int, PreviewRow] = {}
    for problem in batch.problems:
        if problem.row not in out:
            at = index.get(problem.row, problem.row - 1)
            cols = {_shown_field(f): c for f, c in columns.items()}
            cells = {f: clean_text(grid.cell(at, c)) for f, c in cols.items()}
            cells.update({f: v for f, v in mapping.constants.items() if f not in cells})
            out[problem.row] = PreviewRow(problem.row, cells, index=at, cols=cols)
        key = _shown_field(problem.field) if problem.field else "study"
        out[problem.row].cells[key] = problem.value
        out[problem.row].problems[key] = problem.to_dict()["message"]
    return out


class PreviewModel(QAbstractTableModel):
    """At most LIMIT rows: a preview, not the whole file (the import reads everything)."""

    LIMIT = 200
    # A problem cell typed over: (grid row, grid column, text); the wizard re-reads the rows.
    corrected = Signal(int, int, str)

    def __init__(self):
        super().__init__()
        self.rows: list[PreviewRow] = []
        self.fields: list[str] = list(LABELS)
        self.groups = ("group 1", "group 2")

    def clear(self) -> None:
        self.beginResetModel()
        self.rows = []
        self.endResetModel()

    def show(self, batch: ImportBatch, grid: Grid) -> None:
        missing: dict[int, set[str]] = {}
        for cell in batch.missing:
            missing.setdefault(cell.row, set()).update(
                COMBINED[cell.field][1:] if cell.field in COMBINED else [cell.field])
        rows = {r.row: _valid_row(r, missing.get(r.row, set())) for r in batch.rows}
        rows.update(_invalid_rows(batch, grid))
        data_type = batch.mapping.data_type or (batch.rows[0].data_type if batch.rows
                                                else "dichotomous")
        # Label columns the mapping leaves empty (often subgroup, timepoint) are not shown.
        used = set(batch.mapping.columns) | set(batch.mapping.constants) | {"study"}
        self.beginResetModel()
        self.groups = batch.group_labels or ("group 1", "group 2")
        self.fields = [f for f in LABELS if f in used] + list(
            FIELDS_BY_TYPE[DataType(data_type)])
        self.rows = [rows[k] for k in sorted(rows)][:self.LIMIT]
        self.endResetModel()

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.fields) + 1

    def headerData(self, section: int, orientation, role=Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole or orientation != Qt.Orientation.Horizontal:
            return None
        return "Row" if section == 0 else field_title(self.fields[section - 1], self.groups)

    def data(self, index: QModelIndex, role=Qt.ItemDataRole.DisplayRole) -> Any:
        row = self.rows[index.row()]
        if index.column() == 0:
            if role == Qt.ItemDataRole.ToolTipRole and row.problems:
                return ("This row has problems and is not imported as it stands: double-click "
                        "a red cell to correct it here (the file is not changed).")
            return str(row.row) + (" ⚠" if row.problems else "") if role == \
                Qt.ItemDataRole.DisplayRole else None
        name = self.fields[index.column() - 1]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return row.cells.get(name, "")
        if role == Qt.ItemDataRole.BackgroundRole and name in row.problems:
            return QBrush(PROBLEM)
        if role == Qt.ItemDataRole.BackgroundRole and name in row.corrected:
            return QBrush(CORRECTED)
        if role == Qt.ItemDataRole.ForegroundRole and name in row.missing:
            return QBrush(MISSING)
        if role == Qt.ItemDataRole.ToolTipRole:
            return row.problems.get(name) or row.corrected.get(name) or (
                "not reported (a missing value, not an error)" if name in row.missing else None)
        return None

    def flags(self, index: QModelIndex) -> Qt.ItemFlag:
        base = super().flags(index)
        return base | Qt.ItemFlag.ItemIsEditable if self._cell(index) is not None else base

    def _cell(self, index: QModelIndex) -> tuple[int, int] | None:
        """(grid row, column) of a sheet cell in a row with problems; None elsewhere."""
        if not index.isValid() or index.column() == 0:
            return None
        row = self.rows[index.row()]
        col = row.cols.get(self.fields[index.column() - 1])
        return None if row.index is None or col is None else (row.index, col)

    def setData(self, index: QModelIndex, value: Any, role=Qt.ItemDataRole.EditRole) -> bool:
        cell = self._cell(index)
        if role != Qt.ItemDataRole.EditRole or cell is None:
            return False
        self.corrected.emit(cell[0], cell[1], str(value))
        return True

    def problem_cells(self) -> list[tuple[int, str, str]]:
        """(sheet row, field, reason) of every highlighted cell (tests and accessibility)."""
        return [(r.row, f, why) for r in self.rows for f, why in r.problems.items()]
