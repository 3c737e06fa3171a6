"""Column names from one or more header rows; merged header cells name every column they span."""

from __future__ import annotations

import hashlib

from workbench.io.spreadsheet.cells import clean_text
from workbench.io.spreadsheet.workbook import Grid

MAX_HEADER_SCAN = 30  # title and note rows above a header rarely exceed a handful


def _merge_lookup(grid: Grid, first: int, last: int) -> dict[tuple[int, int], tuple[int, object]]:
    """(row, col) inside the header rows -> (merge number, the merged cell's value)."""
    lookup = {}
    for number, (r0, c0, r1, c1) in enumerate(grid.merged):
        if r1 < first or r0 > last:
            continue
        value = grid.cell(r0, c0)
        for row in range(max(r0, first), min(r1, last) + 1):
            for col in range(c0, c1 + 1):
                lookup[(row, col)] = (number, value)
    return lookup


def header_names(grid: Grid, header_row: int, header_rows: int = 1) -> list[str]:
    """Each column's name: its non-empty header parts, top to bottom, joined by one space."""
    first, last = header_row - 1, header_row + header_rows - 2
    width = max((len(r) for r in grid.rows[first:last + 1]), default=0)
    merges = _merge_lookup(grid, first, last)
    names = []
    for col in range(width):
        parts, previous = [], None
        for row in range(first, last + 1):
            number, value = merges.get((row, col), (None, grid.cell(row, col)))
            if number is not None and number == previous:
                continue  # a merged cell counts once per column
            previous = number
            text = clean_text(value)
            if text:
                parts.append(text)
        names.append(" ".join(parts))
    return names


def match_key(name: str) -> str:
    """Header names match case-insensitively after trimming and collapsing whitespace."""
    return clean_text(name).casefold()


def layout_signature(sheet: str | None, names: list[str]) -> str:
    """Identifies a layout (sheet name and column names) so a project remembers its mapping."""
    text = "\x1f".join([sheet or ""] + [match_key(n) for n in names])
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]
