"""MAP.json: loading and validation, and the column positions a mapping names in a sheet."""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from workbench.core.limits import (
    MAX_HEADER_ROW,
    MAX_HEADER_ROWS,
    MAX_LABEL,
    MAX_MAPPING_BYTES,
    MAX_MAPPING_DEPTH,
)
from workbench.io.spreadsheet.cells import clean_text, column_letter
from workbench.io.spreadsheet.fields import ALL_FIELDS, DATA_TYPES, best_data_type
from workbench.io.spreadsheet.header import match_key
from workbench.io.spreadsheet.model import SpreadsheetError

_KEYS = {"sheet", "header_row", "header_rows", "data_type", "group_labels", "constants",
         "columns"}


@dataclass
class Mapping:
    """Which header names hold which import fields, where the header is, and constants."""

    columns: dict[str, str] = field(default_factory=dict)  # field -> header name
    sheet: str | None = None
    header_row: int = 1
    header_rows: int = 1
    data_type: str | None = None
    group_labels: tuple[str, str] | None = None
    constants: dict[str, str] = field(default_factory=dict)
    confidence: dict[str, float] = field(default_factory=dict)  # recognised, not from a MAP
    candidates: dict[str, list[str]] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """The MAP.json form (what a user would write, and what a project remembers)."""
        out: dict[str, Any] = {"sheet": self.sheet, "header_row": self.header_row,
                               "header_rows": self.header_rows, "data_type": self.data_type}
        if self.group_labels:
            out["group_labels"] = list(self.group_labels)
        if self.constants:
            out["constants"] = dict(self.constants)
        out["columns"] = dict(self.columns)
        return {k: v for k, v in out.items() if v is not None}


@dataclass(frozen=True)
class Overrides:
    """Constants given on the command line (or in the wizard) for what a sheet lacks."""

    constants: dict[str, str] = field(default_factory=dict)  # field -> value on every row
    group_labels: tuple[str, str] | None = None

    def __bool__(self) -> bool:
        return bool(self.constants or self.group_labels)


def apply_overrides(mapping: Mapping, overrides: Overrides | None) -> Mapping:
    """A copy of the mapping in which each constant replaces any column of its field."""
    if not overrides:
        return mapping
    columns = {k: v for k, v in mapping.columns.items() if k not in overrides.constants}
    return replace(mapping, columns=columns,
                   constants={**mapping.constants, **overrides.constants},
                   group_labels=overrides.group_labels or mapping.group_labels)


def load_mapping(path: Path) -> Mapping:
    try:
        if path.stat().st_size > MAX_MAPPING_BYTES:
            raise SpreadsheetError(f"{path}: refused: a mapping larger than "
                                   f"{MAX_MAPPING_BYTES >> 20} MiB")
        data = json.loads(path.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as err:
        raise SpreadsheetError(f"{path}: cannot read the mapping ({err})") from err
    except RecursionError as err:
        raise SpreadsheetError(f"{path}: refused: the mapping is nested too deeply") from err
    return mapping_from_dict(data, str(path))


def _depth(value: Any) -> int:
    """How deeply JSON arrays and objects nest (iteratively: a hostile MAP may nest 10,000)."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict | list) and depth <= MAX_MAPPING_DEPTH + 1:
            deepest = max(deepest, depth)
            children = item.values() if isinstance(item, dict) else item
            stack.extend((child, depth + 1) for child in children)
    return deepest


def _check_sizes(data: dict, origin: str) -> None:
    if _depth(data) > MAX_MAPPING_DEPTH:
        raise _fail(origin, f"refused: nested more than {MAX_MAPPING_DEPTH} levels deep")
    texts = [data.get("sheet"), *(data.get("group_labels") or [])]
    for key in ("columns", "constants"):
        value = data.get(key)
        texts += [*value, *value.values()] if isinstance(value, dict) else []
    for text in texts:
        if isinstance(text, str) and len(text) > MAX_LABEL:
            raise _fail(origin, f"refused: a name or value longer than {MAX_LABEL:,} "
                                "characters")


def _fail(origin: str, message: str) -> SpreadsheetError:
    return SpreadsheetError(f"{origin}: {message}")


def mapping_from_dict(data: Any, origin: str = "mapping") -> Mapping:
    """Validate a MAP.json document; every error names the mapping and the key."""
    if not isinstance(data, dict):
        raise _fail(origin, "must be a JSON object")
    _check_sizes(data, origin)
    unknown = set(data) - _KEYS
    if unknown:
        raise _fail(origin, f"unknown key(s) {', '.join(sorted(unknown))}")
    columns = _string_dict(data.get("columns", {}), origin, "columns")
    constants = _string_dict(data.get("constants", {}), origin, "constants")
    for name in [*columns, *constants]:
        if name not in ALL_FIELDS:
            raise _fail(origin, f"unknown field {name!r}; fields are: "
                                f"{', '.join(sorted(ALL_FIELDS))}")
    return Mapping(columns=columns, constants=constants, sheet=_sheet(data, origin),
                   header_row=_positive(data, "header_row", origin, MAX_HEADER_ROW),
                   header_rows=_positive(data, "header_rows", origin, MAX_HEADER_ROWS),
                   data_type=_data_type(data.get("data_type"), origin),
                   group_labels=_groups(data.get("group_labels"), origin))


def _string_dict(value: Any, origin: str, key: str) -> dict[str, str]:
    if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
        raise _fail(origin, f"{key!r} must map field names to text")
    return {str(k).strip(): v for k, v in value.items()}


def _sheet(data: dict, origin: str) -> str | None:
    sheet = data.get("sheet")
    if sheet is not None and not isinstance(sheet, str):
        raise _fail(origin, "'sheet' must be text")
    return sheet


def _positive(data: dict, key: str, origin: str, most: int) -> int:
    value = data.get(key, 1)
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= most:
        raise _fail(origin, f"{key!r} must be a whole number from 1 to {most:,}")
    return value


def _data_type(value: Any, origin: str) -> str | None:
    if value is not None and value not in DATA_TYPES:
        raise _fail(origin, f"'data_type' must be one of {', '.join(DATA_TYPES)}")
    return value


def _groups(value: Any, origin: str) -> tuple[str, str] | None:
    if value is None:
        return None
    if not (isinstance(value, list) and len(value) == 2 and all(isinstance(v, str)
                                                                for v in value)):
        raise _fail(origin, "'group_labels' must be a list of two names")
    return clean_text(value[0]), clean_text(value[1])


def resolve_columns(mapping: Mapping, names: list[str], where: str) -> dict[str, int]:
    """field -> 0-based column; refuses a header that is missing or appears twice."""
    index: dict[str, list[int]] = {}
    for col, name in enumerate(names):
        if name:
            index.setdefault(match_key(name), []).append(col)
    problems, found = [], {}
    for field_name, header in mapping.columns.items():
        cols = index.get(match_key(header), [])
        if len(cols) == 1:
            found[field_name] = cols[0]
            continue
        what = "not found" if not cols else "appears more than once"
        problems.append({"field": field_name, "header": header, "reason": "column_" + (
            "missing" if not cols else "ambiguous"), "candidates": [column_letter(c) for c in
                                                                   cols],
            "message": f"column {header!r} for {field_name} {what} in the header"})
    if problems:
        shown = ", ".join(f"{n!r}" for n in names if n)
        raise SpreadsheetError(f"{where}: the mapping's columns do not match the header "
                               f"(header columns: {shown})", problems)
    return found


def check_required(mapping: Mapping, where: str) -> str | None:
    """Study, comparison and outcome must be placed; returns the data type if fixed."""
    problems = []
    for name in ("study", "comparison", "outcome"):
        if name not in mapping.columns and (name == "study" or name not in mapping.constants):
            problems.append({"field": name, "reason": "field_unmapped", "candidates": [],
                             "message": f"{name} has neither a column nor a constant"})
    data_type = mapping.data_type or best_data_type(set(mapping.columns))
    if data_type is None and "data_type" not in mapping.columns:
        problems.append({"field": "data_type", "reason": "field_unmapped", "candidates": [],
                         "message": "no data type, and the columns give no complete set of "
                                    "dichotomous, continuous or generic fields"})
    if problems:
        raise SpreadsheetError(f"{where}: the mapping is incomplete", problems)
    return data_type
