"""Writes `export --to xlsx`: the CSV's long-form table, one sheet per data type, and results."""

from __future__ import annotations

import math
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font

from workbench.core.model import DataType
from workbench.io.atomic import write_atomically
from workbench.io.export_csv import columns_for
from workbench.io.neutralise import neutralise

SHEET_NAMES = {DataType.DICHOTOMOUS: "Dichotomous", DataType.CONTINUOUS: "Continuous",
               DataType.GENERIC: "Generic"}
RESULTS_SHEET = "Results"
CHARACTERISTICS_SHEET = "Characteristics"
# RevMan's "Characteristics of included studies", one row per study.
CHARACTERISTICS_COLUMNS = ("study", "year", "design", "methods", "participants",
                           "interventions", "outcomes", "notes")
# (header, key in a results row); numbers stay numbers, estimates on the natural scale.
RESULT_COLUMNS = (
    ("comparison", "comparison"), ("outcome", "outcome"), ("measure", "measure"),
    ("method", "method"), ("k", "k"), ("estimate", "estimate"), ("ci_lower", "ci_lower"),
    ("ci_upper", "ci_upper"), ("ci_level", "ci_level"), ("p", "p"), ("tau²", "tau2"),
    ("I² (%)", "i2"), ("Q", "q"), ("df", "q_df"), ("Q p", "q_p"), ("note", "note"),
)
_BOLD = Font(bold=True)


def text_cell(sheet, value: str) -> WriteOnlyCell:
    """A cell that holds `value` as a plain string that no spreadsheet evaluates.

    Characters XML cannot carry (C0 controls other than tab and line breaks) are dropped, or
    openpyxl refuses the whole file. A leading = + - @ gets the apostrophe that the CSV export
    also writes (cli.md) and import removes; the cell is a string cell ("s") either way.
    """
    text = ILLEGAL_CHARACTERS_RE.sub("", value)
    text = neutralise(text)
    cell = WriteOnlyCell(sheet, value=text)
    cell.data_type = "s"
    return cell


def value_cell(sheet, value: Any) -> WriteOnlyCell | None:
    """Numbers as numbers (whole floats as integers), text as safe strings, missing as empty."""
    if value is None or isinstance(value, bool):
        return None if value is None else text_cell(sheet, str(value))
    if isinstance(value, int | float):
        if not math.isfinite(value):
            return None
        return WriteOnlyCell(sheet, value=int(value) if float(value).is_integer() else value)
    return text_cell(sheet, str(value))


def _header(sheet, names: Sequence[str]) -> list[WriteOnlyCell]:
    cells = []
    for name in names:
        cell = text_cell(sheet, name)
        cell.font = _BOLD
        cells.append(cell)
    return cells


def _add_sheet(book: Workbook, title: str, header: Sequence[str],
               records: list[list[Any]]) -> None:
    sheet = book.create_sheet(title)
    sheet.freeze_panes = "A2"
    sheet.append(_header(sheet, header))
    for record in records:
        sheet.append([value_cell(sheet, v) for v in record])


def _book(rows: list[dict[str, Any]], results: list[dict[str, Any]],
          characteristics: list[dict[str, Any]]) -> Workbook:
    book = Workbook(write_only=True)
    for data_type, title in SHEET_NAMES.items():
        mine = [r for r in rows if r["data_type"] == str(data_type)]
        if mine:
            columns = columns_for([str(data_type)])
            _add_sheet(book, title, columns, [[r.get(c) for c in columns] for r in mine])
    _add_sheet(book, RESULTS_SHEET, [h for h, _ in RESULT_COLUMNS],
               [[r.get(key) for _, key in RESULT_COLUMNS] for r in results])
    if characteristics:
        _add_sheet(book, CHARACTERISTICS_SHEET, CHARACTERISTICS_COLUMNS,
                   [[r.get(c) for c in CHARACTERISTICS_COLUMNS] for r in characteristics])
    return book


def write_xlsx(path: Path, rows: list[dict[str, Any]], results: list[dict[str, Any]],
               characteristics: list[dict[str, Any]] | None = None) -> dict[str, int]:
    """Write the data sheets (only types with rows), Results and, when there are studies,
    Characteristics; returns rows per sheet."""
    studies = characteristics or []
    # The workbook is built only once the temporary file exists: a write-only sheet that is
    # never saved leaves an open generator behind.
    write_atomically(path, lambda temporary: _book(rows, results, studies).save(temporary))
    counts = {title: sum(r["data_type"] == str(data_type) for r in rows)
              for data_type, title in SHEET_NAMES.items()}
    extra = {CHARACTERISTICS_SHEET: len(studies)} if studies else {}
    return {**{t: n for t, n in counts.items() if n}, RESULTS_SHEET: len(results), **extra}
