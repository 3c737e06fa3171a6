"""`workbench analyse PROJECT`: every outcome analysed with its stored settings (cli.md)."""

from __future__ import annotations

import argparse
from dataclasses import asdict
from pathlib import Path
from typing import Any

from workbench.cli.common import CliError, print_json
from workbench.cli.outcomes import find_outcomes, read_only_project


def register(subparsers: argparse._SubParsersAction, name: str) -> None:
    p = subparsers.add_parser(name, help="analyse a project's outcomes",
                              description="Analyse each outcome with its stored settings.")
    p.add_argument("project", type=Path)
    p.add_argument("--outcome", metavar="NAME")
    p.add_argument("--comparison", metavar="NAME")
    p.add_argument("--reviewer", metavar="NAME|consensus",
                   help="one reviewer's own values (default: consensus, else agreed values)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from workbench.cli.meta_table import render

    with read_only_project(args.project) as project:
        names = {r.name for r in project.store.reviewers()}
        if args.reviewer not in (None, "consensus") and args.reviewer not in names:
            raise CliError(f"no reviewer named {args.reviewer!r}; reviewers: "
                           f"{', '.join(sorted(names)) or 'none'}")
        ids = find_outcomes(project.store, args.outcome, args.comparison)
        entries = [_analyse(project.store, outcome_id, args.reviewer) for outcome_id in ids]
    if args.json:
        print_json({"outcomes": [{k: v for k, v in e.items() if k != "_result"}
                                 for e in entries]})
        return 0
    for entry in entries:
        print(f"== {entry['comparison']} / {entry['outcome']}")
        print(render(entry["_result"]) if entry["_result"] else f"   {entry['error']}")
        print()
    if not entries:
        print("The project has no outcomes yet.")
    return 0


def _analyse(store, outcome_id: int, reviewer: str | None) -> dict[str, Any]:
    from workbench.core.meta import MetaInputError
    from workbench.session.analysis import load_outcome

    data = load_outcome(store, outcome_id)
    entry: dict[str, Any] = {"comparison": data.comparison.label,
                             "outcome": data.outcome.label,
                             "settings": asdict(data.outcome.settings)}
    try:
        _rows, result = data.analyse(reviewer=reviewer)
    except MetaInputError as err:
        # One outcome that cannot be analysed must not hide the others' results.
        return {**entry, "result": None, "error": str(err), "_result": None}
    entry["result"] = result.to_dict()
    entry["_result"] = result
    return entry
