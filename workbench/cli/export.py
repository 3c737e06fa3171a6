"""`workbench export PROJECT --to FORMAT --out PATH`: data, SoF, profile, EtD, handout."""

from __future__ import annotations

import argparse
from pathlib import Path

from workbench.cli.common import CliError, print_json


def register(subparsers: argparse._SubParsersAction, name: str) -> None:
    p = subparsers.add_parser(name, help="export a project's data")
    p.add_argument("project", type=Path)
    p.add_argument("--to", required=True, choices=["csv", "xlsx", "robvis", "metafor",
                                                   "sof-docx", "sof-html", "profile-docx",
                                                   "profile-html", "rm5", "revman-web",
                                                   "etd-docx", "etd-html", "handout-pdf"])
    p.add_argument("--out", required=True, type=Path)
    p.add_argument("--outcome", metavar="NAME")
    p.add_argument("--comparison", metavar="NAME")
    p.add_argument("--reviewer", metavar="NAME|consensus")
    p.add_argument("--weighted", action="store_true", help="robvis: add the Weight column")
    p.add_argument("--baseline", action="append", metavar="study|median|[OUTCOME:]LABEL=RISK",
                   help="SoF documents: baseline risks for this export (repeatable)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    if args.to in ("etd-docx", "etd-html", "handout-pdf"):
        from workbench.cli.etd_export import run_etd_export

        return run_etd_export(args)
    if args.to in ("rm5", "revman-web"):
        from workbench.cli.revman import run_export

        return run_export(args)
    if args.to == "robvis":
        from workbench.cli.rob_export import run_robvis

        return run_robvis(args)
    if args.to.startswith(("sof-", "profile-")):
        from workbench.cli.export_sof import run_sof

        return run_sof(args)
    if args.to in ("xlsx", "metafor"):
        from workbench.cli.export_more import run_more

        return run_more(args)
    from workbench.cli.outcomes import read_only_project
    from workbench.io.export_csv import write_csv
    from workbench.session.exporting import ExportError, export_rows

    with read_only_project(args.project) as project:
        try:
            rows = export_rows(project.store, args.outcome, args.comparison, args.reviewer)
            count = write_csv(args.out, rows)
        except ExportError as err:
            raise CliError(str(err)) from err
        except OSError as err:
            raise CliError(f"{args.out}: cannot write ({err.strerror or err})") from err
    if args.json:
        print_json({"out": str(args.out), "rows": count})
    else:
        print(f"Wrote {count} rows to {args.out}")
    return 0
