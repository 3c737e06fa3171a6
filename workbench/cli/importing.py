"""`workbench import PROJECT SOURCE`: extraction spreadsheets into a project (cli.md)."""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from workbench.cli.common import CliError, format_problem, print_json


def register(subparsers: argparse._SubParsersAction, name: str) -> None:
    p = subparsers.add_parser(name, help="import an extraction spreadsheet into a project")
    p.add_argument("project", type=Path, help="project file (.wbproj); created if missing")
    p.add_argument("source", type=Path, help=".xlsx, .xlsm, .xls, .ods or .csv; a RevMan "
                   ".rm5 file or a RevMan Web data package (.zip or folder)")
    p.add_argument("--sheet", help="sheet to read (wins over the mapping's sheet)")
    p.add_argument("--mapping", type=Path, metavar="MAP.json")
    p.add_argument("--reviewer", metavar="NAME", help="attribute the values to this reviewer")
    p.add_argument("--comparison", metavar="NAME",
                   help="one comparison for every row, for a sheet without a comparison "
                        "column (e.g. --comparison \"Ketamine versus placebo\")")
    p.add_argument("--outcome", metavar="NAME",
                   help="one outcome for every row, for a sheet without an outcome column "
                        "(e.g. --outcome \"Pain at 24 h\")")
    p.add_argument("--group-labels", nargs=2, metavar=("GROUP1", "GROUP2"),
                   help="names of the comparison's two groups, experimental first "
                        "(e.g. --group-labels Ketamine Placebo)")
    p.add_argument("--skip-invalid", action="store_true",
                   help="import the valid rows and list the invalid ones")
    p.add_argument("--dry-run", action="store_true", help="check and count; change nothing")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from workbench.cli.revman import is_revman_source, run_import

    if is_revman_source(args.source):
        return run_import(args)
    from workbench.io.spreadsheet import SpreadsheetError
    from workbench.session.commands.structure import CommandError
    from workbench.storage.database import ProjectFileError

    try:
        report = _import(args)
    except SpreadsheetError as err:
        raise CliError(err.message, [_located(args, p) for p in err.problems]) from err
    except (ProjectFileError, CommandError) as err:
        raise CliError(str(err)) from err
    document = report.to_json()
    if report.refused:
        raise CliError(_refusal(args, report), document["problems"], document=document)
    _print_problems(document["problems"])
    if args.json:
        print_json(document)
    else:
        _print_summary(args, document)
    return 0


def _located(args: argparse.Namespace, problem: dict) -> dict:
    return {"file": args.source.name, **problem}


def _refusal(args: argparse.Namespace, report) -> str:
    count = len(report.problems)
    return (f"{args.source}: {count} invalid cell{'s' if count != 1 else ''}; nothing was "
            "imported (use --skip-invalid to import the valid rows)")


def _import(args: argparse.Namespace):
    """Read and check the source with the project open read-only; open it for writing only to
    commit, so a refused import or a dry run leaves the file byte for byte as it was."""
    from workbench.session.commands.structure import CommandError
    from workbench.session.importing import (
        prepare_import,
        refused_report,
        run_import,
        type_conflict,
    )
    from workbench.session.project import Project

    reading = Project.open(args.project, read_only=True, backup=False) \
        if args.project.exists() else None
    try:
        batch = prepare_import(args.source, args.mapping, args.sheet,
                               reading.store if reading else None, _overrides(args))
        if batch.problems and not args.skip_invalid:
            return refused_report(batch)  # refused: a missing project is not even created
        conflict = type_conflict(reading.store if reading else None, batch)
        if conflict:
            raise CommandError(conflict)
        if args.dry_run:
            return _dry_run_on_scratch(batch, args, reading)
    finally:
        if reading is not None:
            reading.close()
    project = Project.open(args.project) if reading else Project.create(args.project)
    try:
        return run_import(project, batch, args.reviewer, args.skip_invalid, args.dry_run)
    finally:
        project.close()


def _overrides(args: argparse.Namespace):
    """--comparison, --outcome and --group-labels: constants that win over any column."""
    from workbench.io.spreadsheet import Overrides
    from workbench.io.spreadsheet.cells import clean_text

    constants = {name: clean_text(value) for name in ("comparison", "outcome")
                 if (value := getattr(args, name, None)) is not None}
    for name, value in constants.items():
        if not value:
            raise CliError(f"--{name}: the name is empty")
    groups = getattr(args, "group_labels", None)
    labels = tuple(clean_text(g) for g in groups) if groups else None
    if labels is not None and not all(labels):
        raise CliError("--group-labels: a group's name is empty")
    return Overrides(constants=constants, group_labels=labels)


def _dry_run_on_scratch(batch, args: argparse.Namespace, reading):
    """A dry run counts against a scratch copy of the project (or an empty one when there is
    none yet): the project itself is never opened for writing."""
    from workbench.session.importing import run_import
    from workbench.session.project import Project
    from workbench.storage.backups import copy_database

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "scratch.wbproj"
        if reading is None:
            scratch = Project.create(path)
        else:
            copy_database(reading.store.db, path)
            scratch = Project.open(path, backup=False)
        try:
            return run_import(scratch, batch, args.reviewer, args.skip_invalid, dry_run=True)
        finally:
            scratch.close()


def _print_problems(problems: list[dict]) -> None:
    if problems:
        print(f"workbench: {len(problems)} invalid cell(s) skipped:", file=sys.stderr)
    for problem in problems:
        print(f"  {format_problem(problem)}", file=sys.stderr)


def _print_summary(args: argparse.Namespace, doc: dict) -> None:
    verb = "Would import" if args.dry_run else "Imported"
    print(f"{verb} {doc['rows_imported']} of {doc['rows_read']} rows from {args.source} "
          f"into {args.project}: {doc['studies_added']} studies added, "
          f"{doc['studies_updated']} updated, {doc['outcomes_added']} outcomes added.")
