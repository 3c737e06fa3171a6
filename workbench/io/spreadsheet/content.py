"""Reading a column's cells to tell a plain "Mean" column from one that holds "5.2 (1.3)"."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

from workbench.io.spreadsheet.cells import CellError, is_missing, parse_pair
from workbench.io.spreadsheet.vocabulary import Guess
from workbench.io.spreadsheet.workbook import Grid

SAMPLE = 20  # enough rows to judge a column; reading all would slow a large sheet's preview
# A plain measure whose cells hold two numbers is the combined measure ("Mean" -> mean_sd).
PAIRED = {"mean": "mean_sd", "events": "events_total"}

Sampler = Callable[[int], list[Any]]


def sampler(grid: Grid, header_row: int, header_rows: int) -> Sampler:
    """col -> up to SAMPLE non-missing cells below the header."""
    start = header_row + header_rows - 1

    def sample(col: int) -> list[Any]:
        values = (grid.cell(r, col) for r in range(start, len(grid.rows)))
        return [v for v in values if not is_missing(v)][:SAMPLE]

    return sample


def _holds_pairs(values: list[Any], kind: str) -> bool:
    """Most cells (and at least one) read as two numbers of this kind."""
    good = 0
    for value in values:
        try:
            parse_pair(value, kind)
        except CellError:
            continue
        good += 1
    return good > 0 and good >= 0.8 * len(values)


def by_content(guesses: dict[int, Guess], sample: Sampler | None) -> dict[int, Guess]:
    """Re-read "Ketamine mean" as mean (SD) in one cell when its cells say so."""
    if sample is None:
        return guesses
    out = {}
    for col, guess in guesses.items():
        paired = PAIRED.get(guess.kind)
        if paired and _holds_pairs(sample(col), paired):
            side = guess.field[-2:] if guess.field[-2:] in ("_1", "_2") else ""
            guess = replace(guess, kind=paired, field=f"{paired}{side}" if side else "")
        out[col] = guess
    return out
