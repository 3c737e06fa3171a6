"""The CSV that `workbench meta` reads: one study per line, the contract's column names."""

from __future__ import annotations

import csv
import math
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from pathlib import Path
from typing import Any

from workbench.core.model import FIELDS_BY_TYPE, DataType, StudyRow
from workbench.core.validation import MISSING_TOKENS


@dataclass
class MetaCsvError(Exception):
    """The file cannot be read as meta-analysis input; problems name row and column."""

    message: str
    problems: list[dict[str, Any]] = dataclass_field(default_factory=list)

    def __str__(self) -> str:
        return self.message


def _required(data_type: DataType, names: dict[str, str]) -> list[str]:
    fields = ["study", *FIELDS_BY_TYPE[data_type]]
    if data_type is DataType.GENERIC:
        fields = ["study", "estimate"] + (["se"] if "se" in names or "variance" not in names
                                          else ["variance"])
    return fields


def read_meta_csv(path: Path, data_type: DataType, subgroup: str | None):
    """Parse the CSV into StudyRows; every bad cell is reported at once (exit 2)."""
    try:
        return _read(path, data_type, subgroup)
    except UnicodeDecodeError as err:
        raise MetaCsvError(f"{path}: not UTF-8 text (byte {err.start}); save the file as "
                           "UTF-8 CSV") from None
    except csv.Error as err:  # a field over the csv module's limit, a NUL byte ...
        raise MetaCsvError(f"{path}: not valid CSV ({err})") from None


def _read(path: Path, data_type: DataType, subgroup: str | None):
    try:
        handle = path.open(newline="", encoding="utf-8-sig")
    except OSError as err:
        raise MetaCsvError(f"cannot read {path}: {err.strerror}") from None
    with handle:
        reader = csv.reader(handle)
        head = next(reader, None)
        if head is None:
            raise MetaCsvError(f"{path}: the file is empty")
        names = {h.strip().lower(): h for h in head}
        index = {h.strip().lower(): i for i, h in enumerate(head)}
        wanted = _required(data_type, names)
        if data_type is DataType.GENERIC and "se" in names and "variance" in names:
            wanted.append("variance")
        missing = [f for f in wanted if f not in index]
        if subgroup and subgroup.strip().lower() not in index:
            missing.append(subgroup)
        if missing:
            raise MetaCsvError(f"{path}: missing column(s): {', '.join(missing)}", [
                {"file": str(path), "row": 1, "column": m, "value": None,
                 "message": f"required column {m!r} not found in the header"} for m in missing])
        return _records(path, reader, index, wanted, subgroup, names)


def _records(path, reader, index, wanted, subgroup, names):
    rows, lines, problems = [], [], []
    sub_col = index[subgroup.strip().lower()] if subgroup else None
    for record in reader:
        if not any(cell.strip() for cell in record):
            continue
        line = reader.line_num
        cells = {f: (record[index[f]] if index[f] < len(record) else "") for f in wanted}
        values: dict[str, float | None] = {}
        for field in wanted[1:]:
            values[field] = _parse(cells[field], field, line, path, names, problems)
        group = record[sub_col].strip() if sub_col is not None and sub_col < len(record) else ""
        rows.append(StudyRow(cells["study"].strip(), values, subgroup=group or None))
        lines.append(line)
    if problems:
        first = problems[0]
        raise MetaCsvError(f"{path}: row {first['row']}, column {first['column']}: "
                           f"{first['message']}", problems)
    header = {f: names.get(f, f) for f in wanted}
    return rows, lines, header


def _parse(text: str, field: str, line: int, path, names, problems: list) -> float | None:
    raw = text.strip()
    if raw.lower() in MISSING_TOKENS:
        return None
    try:
        value = float(raw)
    except ValueError:
        value = math.nan
    if not math.isfinite(value):
        problems.append({"file": str(path), "row": line, "column": names.get(field, field),
                         "field": field, "value": text, "message": "not a number"})
        return None
    return value
