"""`export --to xlsx` (data sheets and results) and `export --to metafor` (an R script)."""

from __future__ import annotations

import argparse
from datetime import datetime

from workbench.cli.common import CliError, print_json


def run_more(args: argparse.Namespace) -> int:
    from workbench.cli.outcomes import read_only_project
    from workbench.session.exporting import ExportError

    with read_only_project(args.project) as project:
        try:
            document = (_xlsx(project, args) if args.to == "xlsx" else _metafor(project, args))
        except ExportError as err:
            raise CliError(str(err)) from err
        except OSError as err:
            raise CliError(f"{args.out}: cannot write ({err.strerror or err})") from err
    if args.json:
        print_json(document)
    elif args.to == "xlsx":
        print(f"Wrote {document['rows']} rows and {document['outcomes']} results to {args.out}")
    else:
        print(f"Wrote the metafor script of {document['outcomes']} outcomes to {args.out}")
    return 0


def _xlsx(project, args: argparse.Namespace) -> dict:
    from workbench.io.export_xlsx import write_xlsx
    from workbench.session.export_analyses import analysed_outcomes, results_table
    from workbench.session.exporting import characteristics_rows, export_rows

    store = project.store
    rows = export_rows(store, args.outcome, args.comparison, args.reviewer)
    results = results_table(analysed_outcomes(store, args.outcome, args.comparison,
                                              args.reviewer))
    studies = characteristics_rows(store, args.reviewer)
    sheets = write_xlsx(args.out, rows, results, studies)
    return {"out": str(args.out), "rows": len(rows), "outcomes": len(results),
            "sheets": sheets}


def _metafor(project, args: argparse.Namespace) -> dict:
    from workbench.io.export_metafor import write_metafor
    from workbench.session.export_analyses import analysed_outcomes

    analysed = analysed_outcomes(project.store, args.outcome, args.comparison, args.reviewer)
    items = [a.outcome for a in analysed]
    if args.reviewer in (None, "consensus"):
        note = ("consensus values where they exist, else the single reviewer's; "
                "conflicting cells are NA; included studies only.")
    else:
        note = f"reviewer {args.reviewer}'s own values; included studies only."
    title = project.store.review().get("title") or ""
    count = write_metafor(args.out, project.path.name, title, items,
                          datetime.now().astimezone().isoformat(timespec="seconds"), note)
    return {"out": str(args.out), "outcomes": count,
            "rows": sum(len(item.rows) for item in items)}
