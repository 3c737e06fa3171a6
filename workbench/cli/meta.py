"""`workbench meta DATA.csv`: stateless meta-analysis of a CSV file (cli.md contract)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from workbench.cli.common import CliError, print_json
from workbench.core.model import AnalysisSettings, DataType, StudyRow

MEASURE_TYPES = {"RR": DataType.DICHOTOMOUS, "OR": DataType.DICHOTOMOUS,
                 "RD": DataType.DICHOTOMOUS, "MD": DataType.CONTINUOUS,
                 "SMD": DataType.CONTINUOUS, "GEN": DataType.GENERIC}
METHODS = ("FE", "EE", "MH", "PETO", "DL", "REML", "ML", "PM", "SJ", "HE", "HS", "EB")


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
    p.add_argument("--hksj-adhoc", action="store_true",
                   help="modified HKSJ: q truncated at 1 (metafor's test='adhoc')")
    p.add_argument("--tau2-ci", action="store_true",
                   help="Q-profile CI for tau², tau, I² and H² (metafor's confint())")
    p.add_argument("--pi-df", default="default", choices=("default", "k-2"),
                   help="prediction interval: default (z, or t(k-1) under HKSJ) or t(k-2)")
    p.add_argument("--cc", type=float, default=0.5)
    p.add_argument("--cc-to", default="only0", choices=("only0", "all", "if0all", "none"))
    zeros = p.add_mutually_exclusive_group()
    zeros.add_argument("--drop00", dest="drop00", action="store_const", const=True)
    zeros.add_argument("--keep00", dest="drop00", action="store_const", const=False)
    p.add_argument("--subgroup", metavar="COLUMN")
    p.add_argument("--bias", action="store_true")
    p.add_argument("--leave-one-out", action="store_true")
    p.add_argument("--het-from", type=str.upper, default="IV", choices=("IV", "MH"))
    p.add_argument("--compat", choices=("revman5", "revman-web"))
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
        compat=args.compat, log_scale=args.log_scale, tau2_ci=args.tau2_ci,
        pi_df=args.pi_df, hksj_adhoc=args.hksj_adhoc)
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


def read_rows(path: Path, data_type: DataType, subgroup: str | None):
    """The CSV as StudyRows (io.meta_csv); a bad file or cell is exit 2 naming row and column."""
    from workbench.io.meta_csv import MetaCsvError, read_meta_csv

    try:
        return read_meta_csv(path, data_type, subgroup)
    except MetaCsvError as err:
        raise CliError(err.message, err.problems) from None
