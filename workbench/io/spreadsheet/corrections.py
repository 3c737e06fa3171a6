"""Cells a reviewer corrected in the import preview: applied to a copy of the sheet, noted."""

from __future__ import annotations

from dataclasses import replace

from workbench.io.spreadsheet.cells import column_letter, raw_text
from workbench.io.spreadsheet.model import ImportBatch
from workbench.io.spreadsheet.workbook import Grid

# (0-based grid row, 0-based column) -> the text the reviewer typed instead of the cell's.
Corrections = dict[tuple[int, int], str]


def corrected_grid(grid: Grid, corrections: Corrections) -> Grid:
    """A copy of the sheet with the typed text in place of each corrected cell.

    The file itself is never written: the correction lives in the import, with its source.
    """
    if not corrections:
        return grid
    rows = list(grid.rows)
    for (index, col), text in corrections.items():
        cells = list(rows[index]) if index < len(rows) else []
        cells.extend([""] * (col + 1 - len(cells)))
        cells[col] = text
        rows[index] = cells
    flags = {k: v for k, v in grid.flags.items() if k not in corrections}
    return replace(grid, rows=rows, flags=flags)


def note_corrections(batch: ImportBatch, original: Grid, corrections: Corrections) -> None:
    """Each value read from a corrected cell says so in its source: "…!E4, corrected from 'x'"."""
    cells = {f"{column_letter(col)}{original.row_number(index)}": (index, col)
             for index, col in corrections}
    for row in batch.rows:
        for name, source in row.sources.items():
            where = cells.get(source.rsplit("!", 1)[-1])
            if where is not None and row.row == original.row_number(where[0]):
                before = raw_text(original.cell(*where))
                row.sources[name] = f"{source}, corrected in the import from “{before}”"
