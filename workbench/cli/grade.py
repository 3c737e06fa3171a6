"""`workbench grade PROJECT`: certainty of evidence per outcome, judged and set (cli.md)."""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path
from typing import Any

from workbench.cli.common import CliError, print_json
from workbench.cli.outcomes import find_outcomes, read_only_project


def register(subparsers: argparse._SubParsersAction, name: str) -> None:
    p = subparsers.add_parser(name, help="certainty of evidence (GRADE) per outcome",
                              description="Certainty of evidence (GRADE): report, judge a "
                              "domain, or store an outcome's GRADE settings.")
    p.add_argument("project", type=Path)
    p.add_argument("--outcome", metavar="NAME")
    p.add_argument("--comparison", metavar="NAME")
    p.add_argument("--reviewer", metavar="NAME|consensus")
    p.add_argument("--set", dest="set_", action="append", metavar="DOMAIN=LEVEL",
                   help="judge a domain (LEVEL an integer or 'clear'); needs --reason")
    p.add_argument("--reason", metavar="TEXT")
    limits = p.add_mutually_exclusive_group()
    limits.add_argument("--thresholds", metavar="LO,HI")
    limits.add_argument("--thresholds-per-1000", metavar="LO,HI")
    limits.add_argument("--mid", metavar="X", type=_number_arg)
    p.add_argument("--design", choices=("randomised", "non-randomised"))
    p.add_argument("--importance", type=int, metavar="1-9")
    p.add_argument("--json", action="store_true")
    # "--thresholds -0.2,0.2" must read as a value, not as an unknown option (argparse only
    # knows plain negative numbers).
    p._negative_number_matcher = _NEGATIVE_VALUE  # type: ignore[attr-defined]
    p.set_defaults(handler=run)


_NEGATIVE_VALUE = re.compile(r"^-\d*\.?\d+(?:[eE][-+]?\d+)?(?:,-?\d*\.?\d+(?:[eE][-+]?\d+)?)?$")


def _number_arg(text: str) -> float:
    try:
        return float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None


def run(args: argparse.Namespace) -> int:
    writing = bool(args.set_ or args.thresholds or args.thresholds_per_1000
                   or args.mid is not None or args.design or args.importance is not None)
    if args.reason is not None and not args.set_:
        raise CliError("grade: --reason goes with --set DOMAIN=LEVEL")
    if writing:
        return _write(args)
    with read_only_project(args.project) as project:
        _check_reviewer(project, args.reviewer)
        document = _report(project, args)
    _show(document, args.json)
    return 0


def _report(project: Any, args: argparse.Namespace) -> dict[str, Any]:
    from workbench.session.certainty import grade_report, outcome_entry
    from workbench.session.certainty_data import assess

    ids = find_outcomes(project.store, args.outcome, args.comparison)
    if args.outcome is None and args.comparison is None:
        return grade_report(project.store, reviewer=args.reviewer)
    return {"outcomes": [outcome_entry(assess(project.store, oid, args.reviewer))
                         for oid in ids]}


def _check_reviewer(project: Any, reviewer: str | None) -> None:
    names = {r.name for r in project.store.reviewers()}
    if reviewer not in (None, "consensus") and reviewer not in names:
        raise CliError(f"no reviewer named {reviewer!r}; reviewers: "
                       f"{', '.join(sorted(names)) or 'none'}")


def _write(args: argparse.Namespace) -> int:
    from workbench.cli.grade_write import commands_for, writable_project
    from workbench.session.commands.structure import CommandError

    if args.outcome is None:
        raise CliError("grade: --set and the settings options need --outcome NAME")
    with writable_project(args.project, args.reviewer) as project:
        outcome_id = find_outcomes(project.store, args.outcome, args.comparison)[0]
        commands = commands_for(args, project.store.outcome(outcome_id))
        project.start_writing()  # checked above; the transaction below needs the writer
        try:
            with project.store.db.atomic():  # every option lands, or none does
                for command in commands:
                    project.execute(command)
        except CommandError as err:
            raise CliError(f"grade: {err}") from None
        document = _report(project, args)
    _show(document, args.json)
    return 0


def _show(document: dict[str, Any], as_json: bool) -> None:
    if as_json:
        print_json(document)
        return
    for entry in document["outcomes"]:
        sys.stdout.write(_text(entry))
    if not document["outcomes"]:
        sys.stdout.write("The project has no outcomes yet.\n")


def _text(entry: dict[str, Any]) -> str:
    from workbench.core.grade.model import SYMBOLS

    level = entry["certainty"]
    shown = "no studies" if level is None else (
        f"{SYMBOLS[level]} {entry['certainty_label']}"
        + (" (provisional)" if entry["provisional"] else ""))
    lines = [f"== {entry['comparison']} / {entry['outcome']}: {shown}",
             f"   design {entry['design']}, start {entry['start']}"]
    for domain, d in entry["domains"].items():
        judged = "unjudged" if d["judged"] is None else f"judged {d['judged']:+d}"
        suggested = "-" if d["suggested"] is None else f"{d['suggested']:+d}"
        stale = " STALE" if d["stale"] else ""
        lines.append(f"   {domain:<17} suggested {suggested:>3}  {judged}{stale}  {d['rule']}")
    return "\n".join(lines) + "\n\n"
