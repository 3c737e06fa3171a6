"""Best-effort mappings for an interactive import: partial placements never raise."""

from __future__ import annotations

import json
from pathlib import Path

from workbench.io.spreadsheet.content import sampler
from workbench.io.spreadsheet.fields import COMBINED, best_data_type
from workbench.io.spreadsheet.guard import guarded
from workbench.io.spreadsheet.header import header_names
from workbench.io.spreadsheet.mapping import Mapping
from workbench.io.spreadsheet.model import SpreadsheetError
from workbench.io.spreadsheet.recognise import candidates_for, find_header, guesses_for, recognise
from workbench.io.spreadsheet.safety import check_file
from workbench.io.spreadsheet.workbook import Grid, read_sheet, sheet_names

CONFIDENT = 0.6  # the same threshold recognise() applies to a single best column


def suggest(grid: Grid, header_row: int | None = None, header_rows: int | None = None
            ) -> Mapping:
    """Place what can be placed with confidence at the given (or detected) header row.

    Unlike recognise(), an unplaceable field is left out instead of refusing the sheet, so
    a user can finish the mapping by hand; candidates list every plausible column.
    """
    if header_row is None or header_rows is None:
        header_row, header_rows = find_header(grid)
    names = header_names(grid, header_row, header_rows)
    guesses, groups = guesses_for(names, sampler(grid, header_row, header_rows))
    mapping = Mapping(sheet=grid.sheet, header_row=header_row, header_rows=header_rows,
                      group_labels=groups)
    for name, entries in candidates_for(guesses).items():
        mapping.candidates[name] = [names[c] for c, _ in entries]
        top = [e for e in entries if e[1] == entries[0][1]]
        if len(top) == 1 and top[0][1] >= CONFIDENT:
            mapping.columns[name] = names[top[0][0]]
            mapping.confidence[name] = top[0][1]
    for name, (_kind, first, second) in COMBINED.items():
        if name in mapping.columns and first in mapping.columns and second in mapping.columns:
            del mapping.columns[name]
    mapping.data_type = best_data_type(set(mapping.columns))
    return mapping


@guarded
def first_recognised_sheet(path: Path) -> tuple[list[str], str | None]:
    """All sheet names and the first whose header is recognised (None: none is)."""
    check_file(path)
    names = sheet_names(path)
    for name in names:
        try:
            recognise(read_sheet(path, name), name)
        except SpreadsheetError:
            continue
        return names, name
    return names, None


def write_map_json(mapping: Mapping, path: Path) -> None:
    """Write a mapping as MAP.json (cli.md), the document `workbench import --mapping` reads."""
    text = json.dumps(mapping.to_dict(), ensure_ascii=False, indent=2)
    path.write_text(text + "\n", encoding="utf-8")
