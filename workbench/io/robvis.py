"""robvis CSV files: the columns and full judgement labels robvis' templates read."""

from __future__ import annotations

import csv
from collections.abc import Iterable
from pathlib import Path

from workbench.core.rob.model import ToolDefinition
from workbench.core.rob.robvis import RobvisStudy, robvis_rows
from workbench.io.neutralise import neutralise


def write_robvis_csv(path: Path | str, tool: ToolDefinition, studies: Iterable[RobvisStudy],
                     weighted: bool = False) -> Path:
    """Write one robvis CSV (header Study, D1 .. Dn, Overall[, Weight]); returns the path.

    Labels are always full ("No information", never "NI", which robvis reads as Not
    applicable); a duplicate study label or a missing weight raises ValueError first."""
    rows = robvis_rows(tool, studies, overall=True, weighted=weighted)
    path = Path(path)
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows([[_safe(v) for v in row] for row in rows])
    return path


def _safe(value):
    return neutralise(value) if isinstance(value, str) else value


def file_name(tool_id: str, outcome: str) -> str:
    """`<tool>_<outcome>.csv` with characters unsafe in file names replaced by '_'."""
    safe = "".join(c if c.isalnum() or c in "-. " else "_" for c in outcome).strip()
    return f"{tool_id}_{safe.replace(' ', '_') or 'study'}.csv"
