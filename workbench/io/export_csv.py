"""Writes the long-form extraction CSV of `export --to csv`, safe to open in a spreadsheet."""

from __future__ import annotations

import csv
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from workbench.core.model import FIELDS_BY_TYPE, DataType
from workbench.io.neutralise import neutralise

LABEL_COLUMNS = ("comparison", "outcome", "study", "year", "subgroup", "timepoint", "data_type")


def columns_for(data_types: Iterable[str]) -> list[str]:
    """Label columns, the number fields of the data types present (in a fixed order), notes."""
    present = set(data_types)
    numbers = [f for t in DataType if str(t) in present for f in FIELDS_BY_TYPE[t]]
    return [*LABEL_COLUMNS, *dict.fromkeys(numbers), "notes"]


def cell_text(value: Any) -> str:
    """Numbers in their shortest exact form ("45", "4.2"); text escaped against formulas."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int | float):
        number = float(value)
        return str(int(number)) if number.is_integer() else repr(number)
    text = str(value)
    return neutralise(text)


def write_csv(path: Path, rows: list[dict[str, Any]]) -> int:
    """Write the rows (dicts keyed by import field names); returns the number written."""
    columns = columns_for(r["data_type"] for r in rows)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(columns)
        for row in rows:
            writer.writerow([cell_text(row.get(c)) for c in columns])
    return len(rows)
