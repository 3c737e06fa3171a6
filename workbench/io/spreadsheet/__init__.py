"""Reads extraction spreadsheets (.xlsx, .xlsm, .xls, .ods, .csv) into an ImportBatch."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from workbench.io.spreadsheet.csvfile import read_csv
from workbench.io.spreadsheet.guard import guarded
from workbench.io.spreadsheet.header import MAX_HEADER_SCAN, header_names, layout_signature
from workbench.io.spreadsheet.mapping import (
    Mapping,
    Overrides,
    apply_overrides,
    check_required,
    load_mapping,
    mapping_from_dict,
    resolve_columns,
)
from workbench.io.spreadsheet.model import (
    ImportBatch,
    MissingCell,
    ParsedRow,
    Problem,
    SkippedRow,
    SpreadsheetError,
)
from workbench.io.spreadsheet.recognise import recognise
from workbench.io.spreadsheet.rows import RowReader
from workbench.io.spreadsheet.safety import check_file
from workbench.io.spreadsheet.workbook import Grid, read_sheet, sheet_names

__all__ = ["Grid", "ImportBatch", "Mapping", "MissingCell", "Overrides", "ParsedRow", "Problem",
           "SkippedRow", "SpreadsheetError", "load_grid", "load_mapping", "mapping_from_dict",
           "read_batch", "sheet_names", "parse_grid", "check_file"]

# Given a layout signature, the mapping a project remembers for it (or None).
Remembered = Callable[[str], Mapping | None]


def _where(grid: Grid) -> str:
    return f"{grid.file}, sheet {grid.sheet!r}" if grid.sheet else grid.file


@guarded
def load_grid(path: Path, sheet: str | None) -> Grid:
    """The cells of one sheet (or of the CSV); the file is checked before parsing."""
    check_file(path)
    if path.suffix.lower() == ".csv":
        return read_csv(path)
    return read_sheet(path, sheet or sheet_names(path)[0])


def remembered_mapping(grid: Grid, remembered: Remembered | None) -> Mapping | None:
    """A mapping this project stored for a layout like this one, at any likely header row."""
    if remembered is None:
        return None
    for row in range(1, min(MAX_HEADER_SCAN, len(grid.rows)) + 1):
        for rows in (1, 2):
            found = remembered(layout_signature(grid.sheet, header_names(grid, row, rows)))
            if found is not None and found.header_row == row and found.header_rows == rows:
                return found
    return None


def parse_grid(grid: Grid, mapping: Mapping | None, remembered: Remembered | None = None,
               overrides: Overrides | None = None, release: bool = False) -> ImportBatch:
    """Apply a mapping (given, remembered or recognised) to a grid and read its rows;
    `release` empties each row once read, for a grid that is read only once."""
    where = _where(grid)
    given = frozenset(overrides.constants) if overrides else frozenset()
    mapping = apply_overrides(mapping or remembered_mapping(grid, remembered)
                              or recognise(grid, where, given), overrides)
    if mapping.header_row > len(grid.rows):
        raise SpreadsheetError(f"{where}: header row {mapping.header_row} is past the end "
                               f"of the sheet ({len(grid.rows)} rows)")
    names = header_names(grid, mapping.header_row, mapping.header_rows)
    columns = resolve_columns(mapping, names, f"{where}, header row {mapping.header_row}")
    data_type = check_required(mapping, where)
    reader = RowReader(grid=grid, mapping=mapping, columns=columns, names=names,
                       data_type=data_type, release=release)
    batch = reader.read(mapping.header_row + mapping.header_rows - 1)
    batch.problems.sort(key=lambda p: (p.row, len(p.column), p.column))
    batch.mapping = mapping
    batch.group_labels = mapping.group_labels
    batch.signature = layout_signature(grid.sheet, names)
    return batch


@guarded
def read_batch(path: Path | str, mapping: Mapping | None = None, sheet: str | None = None,
               remembered: Remembered | None = None, overrides: Overrides | None = None
               ) -> ImportBatch:
    """Read a source file: --sheet wins over the MAP's sheet; without either, the first sheet
    whose header is recognised (a remembered or given mapping: its sheet, else the first)."""
    path = Path(path)
    sheet = sheet or (mapping.sheet if mapping else None)
    if sheet is not None or path.suffix.lower() == ".csv":
        return parse_grid(load_grid(path, sheet), mapping, remembered, overrides,
                          release=True)
    check_file(path)
    names = sheet_names(path)
    if mapping is not None:
        return parse_grid(read_sheet(path, names[0]), mapping, remembered, overrides)
    first_error: SpreadsheetError | None = None
    for name in names:
        try:
            return parse_grid(read_sheet(path, name), None, remembered, overrides)
        except SpreadsheetError as err:
            first_error = first_error or err
    raise first_error or SpreadsheetError(f"{path}: the workbook has no sheets")
