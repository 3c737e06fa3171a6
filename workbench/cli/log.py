"""`workbench log PROJECT`: the audit trail, filtered by study, outcome or reviewer."""

from __future__ import annotations

import argparse
from pathlib import Path

from workbench.cli.common import CliError, print_json
from workbench.cli.outcomes import find_outcomes, read_only_project


def register(subparsers: argparse._SubParsersAction, name: str) -> None:
    p = subparsers.add_parser(
        name, help="show who changed what, and when",
        description="The project's audit trail, newest first: who, when, which command, "
        "before -> after. Example: workbench log review.wbproj --study 'Smith 2003' --json")
    p.add_argument("project", type=Path, help="the project file (.wbproj)")
    p.add_argument("--study", metavar="NAME", help="only changes to this study")
    p.add_argument("--outcome", metavar="NAME", help="only changes to this outcome")
    p.add_argument("--comparison", metavar="NAME", help="the outcome's comparison, if its "
                   "name is not unique")
    p.add_argument("--reviewer", metavar="NAME", help="only changes this reviewer made")
    p.add_argument("--limit", type=int, metavar="N", help="at most N entries (newest first)")
    p.add_argument("--json", action="store_true", help="one JSON document on standard output")
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from workbench.session.history_log import read_log
    from workbench.storage.audit import logged_reviewers

    with read_only_project(args.project) as project:
        store = project.store
        study_id = _study(store, args.study)
        outcome_id = None
        if args.outcome is not None:
            outcome_id = find_outcomes(store, args.outcome, args.comparison)[0]
        if args.reviewer is not None:
            names = set(logged_reviewers(store)) | {r.name for r in store.reviewers()}
            if args.reviewer not in names:
                raise CliError(f"no reviewer named {args.reviewer!r} in the log; reviewers: "
                               f"{', '.join(sorted(names)) or 'none'}")
        entries = read_log(store, study_id=study_id, outcome_id=outcome_id,
                           reviewer=args.reviewer, limit=args.limit)
    if args.json:
        print_json({"entries": [e.to_dict() for e in entries]})
        return 0
    for entry in entries:
        change = entry.change_text()
        print(f"{entry.at}  {entry.reviewer}  {entry.description}"
              + (f"\n    {change}" if change else ""))
    if not entries:
        print("No changes recorded" + (" that match" if _filtered(args) else "") + ".")
    return 0


def _study(store, name: str | None) -> int | None:
    if name is None:
        return None
    study_id = store.study_id(name)
    if study_id is None:
        labels = ", ".join(repr(s.label) for s in store.studies()) or "none"
        raise CliError(f"no study named {name!r}; studies: {labels}")
    return study_id


def _filtered(args: argparse.Namespace) -> bool:
    return any(v is not None for v in (args.study, args.outcome, args.reviewer))
