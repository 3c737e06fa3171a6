"""`workbench merge|conflicts|agreement`: dual extraction from the command line (cli.md)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from workbench.cli.common import CliError, print_json


def register(subparsers: Any, name: str) -> None:
    """Add the one dual-extraction subcommand that was invoked; usage errors are exit 2."""
    parser = _PARSERS[name](subparsers, name)
    parser.add_argument("--json", action="store_true", help="print one JSON document")
    parser.error = _usage_error  # type: ignore[method-assign]


def _parser(subparsers: Any, name: str, help_text: str) -> argparse.ArgumentParser:
    parser = subparsers.add_parser(name, help=help_text, description=help_text)
    parser.add_argument("project", metavar="PROJECT")  # first: `merge PROJECT OTHER`
    return parser


def _merge_parser(subparsers: Any, name: str) -> argparse.ArgumentParser:
    parser = _parser(subparsers, name, "Merge OTHER.wbproj into PROJECT field by field; "
                     "differing values become conflicts to resolve.")
    parser.add_argument("other", metavar="OTHER.wbproj")
    parser.set_defaults(handler=run_merge)
    return parser


def _conflicts_parser(subparsers: Any, name: str) -> argparse.ArgumentParser:
    parser = _parser(subparsers, name, "List the cells on which reviewers' values differ.")
    parser.add_argument("--outcome", metavar="NAME", help="only this outcome's cells")
    parser.add_argument("--comparison", metavar="NAME", help="the outcome's comparison")
    parser.add_argument("--all", action="store_true", help="include resolved conflicts")
    parser.set_defaults(handler=run_conflicts)
    return parser


def _agreement_parser(subparsers: Any, name: str) -> argparse.ArgumentParser:
    parser = _parser(subparsers, name, "Agreement between reviewers: extraction and risk "
                     "of bias (Cohen's kappa).")
    parser.set_defaults(handler=run_agreement)
    return parser


_PARSERS = {"merge": _merge_parser, "conflicts": _conflicts_parser,
            "agreement": _agreement_parser}


def _usage_error(message: str) -> None:
    raise CliError(message)


@contextmanager
def _opened(path: str, *, read_only: bool) -> Iterator[Any]:
    from workbench.session.project import Project
    from workbench.storage.database import ProjectFileError

    if not Path(path).exists():
        raise CliError(f"{path}: no such file")
    try:
        project = Project.open(Path(path), read_only=True, backup=False) if read_only else \
            Project.open_for_command(Path(path))
    except ProjectFileError as err:
        raise CliError(str(err)) from None
    try:
        if project.read_only and not read_only:
            raise CliError(f"{path}: opened read-only (made by a newer version, or not "
                           "writable); nothing was merged")
        yield project
    finally:
        project.close()


def run_merge(args: argparse.Namespace) -> int:
    from workbench.session.commands.merging import MergeProject
    from workbench.storage.database import ProjectFileError
    from workbench.storage.snapshot import read_snapshot

    if Path(args.project).exists() and Path(args.other).exists() and \
            Path(args.project).resolve() == Path(args.other).resolve():
        raise CliError(f"{args.other}: that is the project itself")
    try:
        # Read and check the other file before opening the project, so that a refused
        # file leaves the project byte for byte as it was.
        snapshot = read_snapshot(Path(args.other))
    except ProjectFileError as err:
        raise CliError(str(err)) from None
    with _opened(args.project, read_only=False) as project:
        command = MergeProject(Path(args.other), snapshot=snapshot)
        try:
            project.execute(command)
        except ProjectFileError as err:
            raise CliError(str(err)) from None
        counts = command.counts
    if args.json:
        print_json(counts)
    else:
        sys.stdout.write(f"Merged {args.other} into {args.project}: {counts['values_added']} "
                         f"values added, {counts['conflicts_added']} conflicts to resolve, "
                         f"{counts['unchanged']} unchanged.\n")
    return 0


def run_conflicts(args: argparse.Namespace) -> int:
    from workbench.session.dual import list_conflicts

    with _opened(args.project, read_only=True) as project:
        outcome_id = _outcome_id(project, args.outcome, args.comparison)
        found = list_conflicts(project, outcome=outcome_id, include_resolved=args.all)
        document = {"conflicts": [c.to_json() for c in found]}
    if args.json:
        print_json(document)
        return 0
    for entry in document["conflicts"]:
        sys.stdout.write(_conflict_line(entry) + "\n")
    open_count = sum(1 for e in document["conflicts"] if not e["resolved"])
    sys.stdout.write(f"{open_count} unresolved conflict(s)\n")
    return 0


def _conflict_line(entry: dict[str, Any]) -> str:
    where = " / ".join(p for p in (entry["comparison"], entry["outcome"], entry["timepoint"])
                       if p)
    values = ", ".join(f"{who}: {'NR' if v is None else v}" for who, v in
                       entry["values"].items())
    study = entry["study"] or "(outcome)"  # a certainty judgement belongs to no one study
    line = f"{study}{f' [{where}]' if where else ''} {entry['field']}: {values}"
    if entry["resolved"]:
        line += f" -> {entry['value']} by {entry['by']} ({entry['reason']})"
    return line


def _outcome_id(project: Any, outcome: str | None, comparison: str | None) -> int | None:
    """The outcome named on the command line; exit 2 when unknown or ambiguous."""
    if outcome is None:
        if comparison is not None:
            raise CliError("--comparison names an outcome's comparison: give --outcome too")
        return None
    comparisons = {c.id: c.label for c in project.store.comparisons()}
    found = [o for o in project.store.outcomes() if o.label == outcome
             and (comparison is None or comparisons[o.comparison_id] == comparison)]
    if not found:
        raise CliError(f"{project.path}: no outcome {outcome!r}"
                       + (f" in comparison {comparison!r}" if comparison else ""))
    if len(found) > 1:
        names = ", ".join(repr(comparisons[o.comparison_id]) for o in found)
        raise CliError(f"{project.path}: outcome {outcome!r} is in several comparisons "
                       f"({names}); name one with --comparison")
    return found[0].id


def run_agreement(args: argparse.Namespace) -> int:
    from workbench.session.dual import agreement

    with _opened(args.project, read_only=True) as project:
        document = agreement(project)
    if args.json:
        print_json(document)
        return 0
    extraction = document["extraction"]
    percent = extraction["percent"]
    sys.stdout.write(f"Reviewers: {', '.join(document['reviewers']) or '(none)'}\n"
                     f"Extraction: {extraction['cells_agreed']} of "
                     f"{extraction['cells_compared']} cells agree"
                     f"{'' if percent is None else f' ({percent:.1f}%)'}\n")
    for tool, domains in document["rob"].items():
        for domain, k in domains.items():
            kappa = "n/a" if k["kappa"] is None else (
                f"{k['kappa']:.2f} ({k['kappa_ci_lower']:.2f} to {k['kappa_ci_upper']:.2f})")
            sys.stdout.write(f"{tool} {domain}: n = {k['n']}, {k['percent']:.1f}% agree, "
                             f"kappa {kappa}\n")
    return 0
