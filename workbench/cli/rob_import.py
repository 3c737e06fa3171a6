"""`workbench rob import PROJECT FILE --tool T --outcome NAME`: a robvis-style table (cli.md)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from workbench.cli.common import CliError, print_json


def add_parser(actions: argparse._SubParsersAction) -> argparse.ArgumentParser:
    p = actions.add_parser("import", help="import a robvis-style CSV/XLSX of judgements")
    p.add_argument("project", type=Path)
    p.add_argument("file", type=Path, metavar="FILE.(csv|xlsx)")
    p.add_argument("--tool", required=True, choices=("rob2", "rob1", "robins-i", "quadas-2"))
    p.add_argument("--outcome", required=True, metavar="NAME")
    p.add_argument("--comparison", metavar="NAME")
    p.add_argument("--reviewer", metavar="NAME")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=run_import)
    return p


def run_import(args: argparse.Namespace) -> int:
    from workbench.cli.grade_write import writable_project
    from workbench.cli.outcomes import find_outcomes
    from workbench.io.spreadsheet.model import SpreadsheetError
    from workbench.session.rob_import import import_rob_table

    with writable_project(args.project, args.reviewer) as project:
        outcome_id = find_outcomes(project.store, args.outcome, args.comparison)[0]
        try:
            report = import_rob_table(project, args.file, args.tool, outcome_id)
        except SpreadsheetError as err:
            raise CliError(f"rob import: {err.message}", problems=err.problems) from None
    document = report.to_json()
    if report.problems:
        raise CliError(f"rob import: {args.file}: {len(report.problems)} problem(s); "
                       "nothing was imported", problems=report.problems, document=document)
    if args.json:
        print_json(document)
    else:
        sys.stdout.write(f"Imported {report.assessments_imported} assessments from "
                         f"{report.rows_read} rows of {args.file}.\n")
    return 0
