"""`workbench meta DATA.csv`: stateless meta-analysis of a CSV file (cli.md contract)."""

from __future__ import annotations

import argparse
import csv
import math
import sys
from pathlib import Path
from typing import Any

from workbench.cli.common import CliError, print_json
from workbench.core.model import FIELDS_BY_TYPE, AnalysisSettings, DataType, StudyRow

MEASURE_TYPES = {"RR": DataType.DICHOTOMOUS, "OR": DataType.DICHOTOMOUS,
                 "RD": DataType.DICHOTOMOUS, "MD": DataType.CONTINUOUS,
                 "SMD": DataType.CONTINUOUS, "GEN": DataType.GENERIC}
METHODS = ("FE", "EE", "MH", "PETO", "DL", "REML", "ML", "PM", "SJ", "HE", "HS", "EB")
MISSING = {"", "na", "nr", "n/a", "-", "–", "?", "not reported"}


def register(subparsers: Any, name: str) -> None:
    """Add the `meta` subcommand; usage errors become CliError (exit 2, JSON under --json)."""
    p = subparsers.add_parser(name, help="meta-analysis of a CSV file",
                              description="Stateless meta-analysis (see cli.md).")
    p.add_argument("data", metavar="DATA.csv")
    p.add_argument("--measure", required=True, type=str.upper, choices=sorted(MEASURE_TYPES))
    p.add_argument("--method", required=True, type=str.upper, choices=METHODS)
    p.add_argument("--log-scale", action="store_true")
    p.add_argument("--ci-level", type=float, default=0.95)
    p.add_argument("--hksj", action="store_true")
    p.add_argument("--cc", type=float, default=0.5)
    p.add_argument("--cc-to", default="only0", choices=("only0", "all", "if0all", "none"))
    zeros = p.add_mutually_exclusive_group()
    zeros.add_argument("--drop00", dest="drop00", action="store_const", const=True)
    zeros.add_argument("--keep00", dest="drop00", action="store_const", const=False)
    p.add_argument("--subgroup", metavar="COLUMN")
    p.add_argument("--bias", action="store_true")
    p.add_argument("--leave-one-out", action="store_true")
    p.add_argument("--het-from", type=str.upper, default="IV", choices=("IV", "MH"))
    p.add_argument("--compat", choices=("revman5",))
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=run, drop00=None)

    def usage_error(message: str) -> None:
        raise CliError(f"meta: {message}")

    p.error = usage_error  # type: ignore[method-assign]


def run(args: argparse.Namespace) -> int:
    """Read the CSV, run the analysis, print JSON or a table; nothing is printed on failure."""
    from workbench.core.meta import MetaInputError, run_meta

    data_type = MEASURE_TYPES[args.measure]
    settings = AnalysisSettings(
        measure=args.measure, method=args.method, ci_level=args.ci_level, hksj=args.hksj,
        cc=args.cc, cc_to=args.cc_to, drop00=args.drop00, het_from=args.het_from,
        compat=args.compat, log_scale=args.log_scale)
    rows, lines, header = read_rows(Path(args.data), data_type, args.subgroup)
    try:
        result = run_meta(rows, data_type, settings, subgroups=bool(args.subgroup),
                          bias=args.bias, leave_one_out=args.leave_one_out)
    except MetaInputError as err:
        raise _input_error(err, args.data, rows, lines, header) from None
    if args.json:
        print_json(result.to_dict())
    else:
        from workbench.cli.meta_table import render

        sys.stdout.write(render(result))
    return 0


def _input_error(err, path: str, rows: list[StudyRow], lines: list[int],
                 header: dict[str, str]) -> CliError:
    """Map the engine's (row index, field) to the file's line and column header."""
    problems = []
    for row, field, message in err.problems:
        if row is None:
            return CliError(err.message, [{"file": path, "row": None, "column": None,
                                           "value": None, "message": err.message}])
        value = rows[row].values.get(field or "")
        problems.append({"file": path, "row": lines[row], "column": header.get(field, field),
                         "field": field, "value": None if value is None else f"{value:g}",
                         "message": message})
    first = problems[0]
    return CliError(f"{path}: row {first['row']}, column {first['column']}: {first['message']}",
                    problems)


def _required(data_type: DataType, names: dict[str, str]) -> list[str]:
    fields = ["study", *FIELDS_BY_TYPE[data_type]]
    if data_type is DataType.GENERIC:
        fields = ["study", "estimate"] + (["se"] if "se" in names or "variance" not in names
                                          else ["variance"])
    return fields


def read_rows(path: Path, data_type: DataType, subgroup: str | None):
    """Parse the CSV into StudyRows; every bad cell is reported at once (exit 2)."""
    try:
        handle = path.open(newline="", encoding="utf-8-sig")
    except OSError as err:
        raise CliError(f"cannot read {path}: {err.strerror}") from None
    with handle:
        reader = csv.reader(handle)
        head = next(reader, None)
        if head is None:
            raise CliError(f"{path}: the file is empty")
        names = {h.strip().lower(): h for h in head}
        index = {h.strip().lower(): i for i, h in enumerate(head)}
        wanted = _required(data_type, names)
        if data_type is DataType.GENERIC and "se" in names and "variance" in names:
            wanted.append("variance")
        missing = [f for f in wanted if f not in index]
        if subgroup and subgroup.strip().lower() not in index:
            missing.append(subgroup)
        if missing:
            raise CliError(f"{path}: missing column(s): {', '.join(missing)}", [
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
        raise CliError(f"{path}: row {first['row']}, column {first['column']}: "
                       f"{first['message']}", problems)
    header = {f: names.get(f, f) for f in wanted}
    return rows, lines, header


def _parse(text: str, field: str, line: int, path, names, problems: list) -> float | None:
    raw = text.strip()
    if raw.lower() in MISSING:
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
