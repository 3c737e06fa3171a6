"""Row rules: blank, comment and total rows, merged labels filling down, values and checks."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import Any

from workbench.core.limits import MAX_CELL_TEXT, MAX_LABEL, MAX_PROBLEMS
from workbench.core.model import FIELDS_BY_TYPE, DataType
from workbench.io.spreadsheet.cells import (
    CellError,
    clean_text,
    column_letter,
    normalise_label,
    parse_number,
    parse_pair,
    parse_year,
    raw_text,
    text_value,
)
from workbench.io.spreadsheet.fields import COMBINED, DATA_TYPES, TEXT_FIELDS
from workbench.io.spreadsheet.mapping import Mapping
from workbench.io.spreadsheet.model import (
    ImportBatch,
    MissingCell,
    ParsedRow,
    Problem,
    SkippedRow,
    SpreadsheetError,
)
from workbench.io.spreadsheet.workbook import Grid

_TOTAL_ROW = re.compile(r"(total|sum|subtotal|overall|pooled)\b", re.I)


@dataclass
class RowReader:
    """Reads the data rows of one grid under one mapping into an ImportBatch."""

    grid: Grid
    mapping: Mapping
    columns: dict[str, int]  # field -> 0-based column
    names: list[str]  # header names by column
    data_type: str | None
    release: bool = False  # drop each row's cells once read (a one-shot read of a big file)
    batch: ImportBatch = field(init=False)

    def __post_init__(self) -> None:
        self.batch = ImportBatch(file=self.grid.file, sheet=self.grid.sheet)

    def read(self, first_row: int) -> ImportBatch:
        fill_merged_down(self.grid, first_row)
        seen: dict[tuple, int] = {}
        for index in range(first_row, len(self.grid.rows)):
            kind = self._skip_kind(index)
            if kind:
                self.batch.skipped.append(SkippedRow(self.grid.sheet,
                                                     self.grid.row_number(index), kind))
                continue
            self.batch.rows_read += 1
            row = _RowParse(self, index).parse()
            if len(self.batch.problems) > MAX_PROBLEMS:
                raise SpreadsheetError(f"{self.source(index, 0).rsplit('!', 1)[0]}, row "
                                       f"{self.grid.row_number(index)}: refused: more than "
                                       f"{MAX_PROBLEMS:,} invalid cells")
            if row is not None and self._unique(row, index, seen):
                self.batch.rows.append(row)
            if self.release:
                self.grid.rows[index] = []
        return self.batch

    def _skip_kind(self, index: int) -> str | None:
        cells = self.grid.rows[index]
        content = [c for c in cells if c != "" and not (isinstance(c, str) and not c.strip())]
        flagged = any((index, col) in self.grid.flags for col in self.columns.values())
        if not content and not flagged:
            return "blank"
        if len(content) == 1 and isinstance(content[0], str) and not flagged:
            return "comment"
        study = self.columns.get("study")
        label = clean_text(cells[study]) if study is not None and study < len(cells) else ""
        return "total" if _TOTAL_ROW.match(label) else None

    def _unique(self, row: ParsedRow, index: int, seen: dict[tuple, int]) -> bool:
        if row.key not in seen:
            seen[row.key] = index
            return True
        col = self.columns["study"]
        self.batch.problems.append(self.problem(index, col, "study", "duplicate_row"))
        return False

    def problem(self, index: int, col: int | None, field_name: str, reason: str,
                value: str | None = None) -> Problem:
        letter = column_letter(col) if col is not None else ""
        header = self.names[col] if col is not None and col < len(self.names) else ""
        shown = raw_text(self.grid.cell(index, col)) if value is None and col is not None else (
            value or "")
        return Problem(sheet=self.grid.sheet, row=self.grid.row_number(index), column=letter,
                       value=shown, reason=reason, header=header, field=field_name)

    def source(self, index: int, col: int) -> str:
        cell = f"{column_letter(col)}{self.grid.row_number(index)}"
        return "!".join(p for p in (self.grid.file, self.grid.sheet, cell) if p is not None)


def fill_merged_down(grid: Grid, first_row: int) -> None:
    """A merged data cell fills every row it covers (a study label merged over its outcomes)."""
    for r0, c0, r1, _c1 in grid.merged:
        if r0 < first_row or r1 == r0:
            continue
        value = grid.cell(r0, c0)
        for row in range(r0 + 1, min(r1, len(grid.rows) - 1) + 1):
            cells = grid.rows[row]
            if c0 < len(cells):
                cells[c0] = value


class _RowParse:
    """One data row: labels, year, numbers; collects this row's problems and missing cells."""

    def __init__(self, reader: RowReader, index: int):
        self.reader, self.index = reader, index
        self.grid = reader.grid
        self.problems: list[Problem] = []
        self.where: dict[str, tuple[int | None, str]] = {}  # field -> (column, reported field)
        self.missing_cols: set[int] = set()

    def raw(self, name: str) -> Any:
        col = self.reader.columns.get(name)
        if col is None:
            return self.reader.mapping.constants.get(name, "")
        flag = self.grid.flags.get((self.index, col))
        if flag:
            self.fail(col, name, flag[0], flag[1])
            return ""
        return self.grid.cell(self.index, col)

    def fail(self, col: int | None, name: str, reason: str, value: str | None = None) -> None:
        self.problems.append(self.reader.problem(self.index, col, name, reason, value))

    def parse(self) -> ParsedRow | None:
        labels = {n: normalise_label(self.raw(n)) for n in ("study", "comparison", "outcome")}
        for name, label in labels.items():
            if not label and (name == "study" or name in self.reader.columns):
                self.fail(self.reader.columns.get(name), name, f"missing_{name}")
        data_type = self._data_type()
        row = ParsedRow(sheet=self.grid.sheet, row=self.grid.row_number(self.index),
                        data_type=data_type or "", **labels)
        row.year = self._year()
        for name in TEXT_FIELDS:
            setattr(row, name, text_value(self.raw(name)) if self._has(name) else None)
        self._lengths(row)
        if data_type:
            self._numbers(row, DataType(data_type))
        self.reader.batch.problems.extend(self.problems)
        if self.problems:
            self.reader.batch.invalid_labels[row.row] = (labels["study"], labels["comparison"],
                                                         labels["outcome"])
        return None if self.problems else row

    def _lengths(self, row: ParsedRow) -> None:
        """Labels fit a forest plot row; notes fit a spreadsheet cell (core.limits)."""
        for name in ("study", "comparison", "outcome", *TEXT_FIELDS):
            text = getattr(row, name, None) or ""
            most = MAX_CELL_TEXT if name == "notes" else MAX_LABEL
            if len(text) > most:
                self.fail(self.reader.columns.get(name), name, "text_too_long",
                          f"{text[:40]}… ({len(text):,} characters, at most {most:,})")

    def _has(self, name: str) -> bool:
        return name in self.reader.columns or name in self.reader.mapping.constants

    def _data_type(self) -> str | None:
        if "data_type" in self.reader.columns:
            value = clean_text(self.raw("data_type")).casefold()
            if value in DATA_TYPES:
                return value
            if value or not self.reader.data_type:
                self.fail(self.reader.columns["data_type"], "data_type", "unknown_data_type")
                return None
        return self.reader.data_type

    def _year(self) -> int | None:
        if not self._has("year"):
            return None
        try:
            return parse_year(self.raw("year"))
        except CellError as err:
            self.fail(self.reader.columns.get("year"), "year", err.reason)
            return None

    def _numbers(self, row: ParsedRow, data_type: DataType) -> None:
        wanted = set(FIELDS_BY_TYPE[data_type])
        for name, (kind, first, second) in COMBINED.items():
            if name in self.reader.columns and first in wanted and first not in row.values:
                self._pair(row, name, kind, first, second)
        for name in FIELDS_BY_TYPE[data_type]:
            if name not in row.values and self._has(name):
                self._single(row, name)
        if data_type is DataType.GENERIC and "se" not in row.values and self._has("variance"):
            self._variance(row)
        self._check(row)

    def _single(self, row: ParsedRow, name: str) -> None:
        col = self.reader.columns.get(name)
        try:
            value = parse_number(self.raw(name), self.grid.decimal_comma)
        except CellError as err:
            self.fail(col, name, err.reason)
            return
        self._store(row, name, value, col, name)

    def _pair(self, row: ParsedRow, name: str, kind: str, first: str, second: str) -> None:
        col = self.reader.columns[name]
        try:
            a, b = parse_pair(self.raw(name), kind, self.grid.decimal_comma)
        except CellError as err:
            self.fail(col, name, err.reason)
            return
        self._store(row, first, a, col, name)
        self._store(row, second, b, col, name)

    def _variance(self, row: ParsedRow) -> None:
        col = self.reader.columns.get("variance")
        try:
            value = parse_number(self.raw("variance"), self.grid.decimal_comma)
        except CellError as err:
            self.fail(col, "variance", err.reason)
            return
        if value is not None and value <= 0:
            self.fail(col, "variance", "nonpositive_se")
            return
        self._store(row, "se", None if value is None else math.sqrt(value), col, "variance")

    def _store(self, row: ParsedRow, name: str, value: float | None, col: int | None,
               reported: str) -> None:
        row.values[name] = value
        self.where[name] = (col, reported)
        if col is None:
            return
        row.sources[name] = self.reader.source(self.index, col)
        if (self.index, col) in self.grid.flags:
            return  # an error or uncalculated formula is a problem, not a missing value
        if value is None and col not in self.missing_cols:  # a combined cell counts once
            self.missing_cols.add(col)
            self.reader.batch.missing.append(MissingCell(
                self.grid.sheet, row.row, column_letter(col), self.reader.names[col], reported,
                raw_text(self.grid.cell(self.index, col))))

    def _check(self, row: ParsedRow) -> None:
        values = row.values
        for name, value in values.items():
            if value is None:
                continue
            if name.startswith(("events_", "total_")) and value < 0:
                self._report(name, "negative_count")
            elif name.startswith(("events_", "total_")) and not value.is_integer():
                self._report(name, "non_integer_count")
            elif name.startswith("sd_") and value <= 0:
                self._report(name, "negative_sd" if value < 0 else "zero_sd")
            elif name == "se" and value <= 0:
                self._report(name, "nonpositive_se")
        for side in ("1", "2"):
            events, total = values.get(f"events_{side}"), values.get(f"total_{side}")
            if events is not None and total is not None and 0 <= total < events:
                self._report(f"events_{side}", "events_exceed_total")

    def _report(self, name: str, reason: str) -> None:
        col, reported = self.where.get(name, (None, name))
        self.fail(col, reported, reason)
