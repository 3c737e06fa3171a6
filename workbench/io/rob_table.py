"""robvis-style risk-of-bias tables (Study, D1 ... Dn, Overall, optional Weight) from CSV or
XLSX: read and checked cell by cell, every problem named by row and column."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from workbench.core.rob.model import ToolDefinition
from workbench.io.spreadsheet import load_grid
from workbench.io.spreadsheet.model import SpreadsheetError
from workbench.io.spreadsheet.workbook import Grid

NO_INFORMATION = "no information"


@dataclass(frozen=True)
class RobTableRow:
    """One study's judgements: domain id -> the tool's label (None: "No information")."""

    row: int  # the sheet's (or file's) row number
    study: str
    domains: dict[str, str | None]
    overall: str | None


@dataclass
class RobTable:
    rows: list[RobTableRow] = field(default_factory=list)
    problems: list[dict[str, Any]] = field(default_factory=list)
    rows_read: int = 0


def read_rob_table(path: Path, tool: ToolDefinition) -> RobTable:
    """Read the first sheet (or the CSV). SpreadsheetError when the file cannot be read."""
    if path.suffix.lower() not in (".csv", ".xlsx", ".xlsm"):
        raise SpreadsheetError(f"{path}: a risk-of-bias table must be .csv or .xlsx")
    grid = load_grid(path, None)
    table = RobTable()
    header_at = next((i for i, r in enumerate(grid.rows) if any(_text(c) for c in r)), None)
    if header_at is None:
        raise SpreadsheetError(f"{path}: the table is empty")
    columns = _columns(grid, header_at, tool, table.problems, str(path))
    if table.problems:
        return table
    for index in range(header_at + 1, len(grid.rows)):
        if any(_text(c) for c in grid.rows[index]):
            table.rows_read += 1
            _read_row(grid, index, columns, tool, table, str(path))
    return table


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def _columns(grid: Grid, header_at: int, tool: ToolDefinition, problems: list,
             file: str) -> dict[str, int]:
    """Column index of Study, each domain id and Overall; a missing one is a problem."""
    names = {_text(c).casefold(): i for i, c in enumerate(grid.rows[header_at]) if _text(c)}
    wanted = {"Study": ("study",), "Overall": ("overall",)}
    for domain in tool.domains:
        wanted[domain.id] = (domain.id.casefold(), domain.short.casefold(),
                             domain.name.casefold())
    found = {}
    for key, aliases in wanted.items():
        index = next((names[a] for a in aliases if a in names), None)
        if index is None:
            problems.append({"file": file, "row": grid.row_number(header_at), "column": key,
                             "message": f"missing column {key!r}"})
        else:
            found[key] = index
    return found


def _read_row(grid: Grid, index: int, columns: dict[str, int], tool: ToolDefinition,
              table: RobTable, file: str) -> None:
    row_no = grid.row_number(index)
    study = _text(grid.cell(index, columns["Study"]))
    if not study:
        table.problems.append({"file": file, "row": row_no, "column": "Study",
                               "message": "no study label"})
        return
    values: dict[str, str | None] = {}
    for key, col in columns.items():
        if key == "Study":
            continue
        raw = _text(grid.cell(index, col))
        label, ok = judgement_label(tool, raw)
        if not ok:
            labels = ", ".join(lv.robvis for lv in tool.levels)
            table.problems.append({"file": file, "row": row_no, "column": key, "value": raw,
                                   "message": f"unknown judgement (expected {labels} or "
                                              "No information)"})
        values[key] = label
    overall = values.pop("Overall", None)
    table.rows.append(RobTableRow(row_no, study, values, overall))


def judgement_label(tool: ToolDefinition, text: str) -> tuple[str | None, bool]:
    """The tool's label for a robvis-written judgement (its code, label or robvis label,
    any case); "No information" -> None. (label, recognised)."""
    key = text.casefold()
    for level in tool.levels:
        if key in (level.code.casefold(), level.label.casefold(), level.robvis.casefold()):
            return level.label, True
    return None, key == NO_INFORMATION
