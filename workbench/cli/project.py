"""`workbench new`, `workbench demo` and `workbench check`: create and inspect project files."""

from __future__ import annotations

import argparse
from pathlib import Path

from workbench.cli.common import CliError, print_json


def register(subparsers: argparse._SubParsersAction, name: str) -> None:
    if name == "new":
        p = subparsers.add_parser("new", help="create an empty project")
        p.add_argument("file", type=Path)
        p.add_argument("--title", default="Untitled review")
        p.set_defaults(handler=run_new)
    elif name == "demo":
        p = subparsers.add_parser("demo", help="write the bundled demo review to a file")
        p.add_argument("--out", type=Path, required=True)
        p.set_defaults(handler=run_demo)
    elif name == "check":
        p = subparsers.add_parser("check", help="integrity and schema report of a project")
        p.add_argument("file", type=Path)
        p.add_argument("--json", action="store_true")
        p.set_defaults(handler=run_check)


def _refuse_existing(path: Path) -> None:
    if path.exists() and path.stat().st_size > 0:
        raise CliError(f"{path}: already exists; choose another name or remove it first")


def run_new(args: argparse.Namespace) -> int:
    from workbench.session.project import Project
    from workbench.storage.database import ProjectFileError

    _refuse_existing(args.file)
    try:
        Project.create(args.file, args.title).close()
    except ProjectFileError as err:
        raise CliError(str(err)) from err
    print(f"Created {args.file}")
    return 0


def run_demo(args: argparse.Namespace) -> int:
    from workbench.session.demo import write_demo
    from workbench.storage.database import ProjectFileError

    _refuse_existing(args.out)
    try:
        write_demo(args.out)
    except ProjectFileError as err:
        raise CliError(str(err)) from err
    print(f"Wrote the demo review to {args.out}")
    return 0


def run_check(args: argparse.Namespace) -> int:
    from workbench.storage.database import inspect_file

    report = inspect_file(args.file)
    document = {
        "ok": report.ok,
        "application_id": report.application_id,
        "schema_version": report.schema_version,
        "read_only": report.read_only,
        "problems": [{"file": str(args.file), "message": p} for p in report.problems],
    }
    if not report.ok:
        raise CliError(report.problems[0], problems=document["problems"], document=document)
    if args.json:
        print_json(document)
    else:
        mode = " (made by a newer version: opens read-only)" if report.read_only else ""
        print(f"{args.file}: OK, schema version {report.schema_version}{mode}")
    return 0
