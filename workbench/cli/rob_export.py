"""Risk-of-bias branches of `workbench plot` (traffic-light, rob-summary), `export --to robvis`."""

from __future__ import annotations

import argparse
import os
import sys

from workbench.cli.common import CliError

PLOT_KINDS = ("traffic-light", "rob-summary")


def _open(args: argparse.Namespace):
    from workbench.session.project import Project
    from workbench.storage.database import ProjectFileError

    if not args.project.exists():
        raise CliError(f"{args.project}: no such project file")
    try:
        return Project.open(args.project, read_only=True, backup=False)
    except ProjectFileError as err:
        raise CliError(str(err)) from err


def _outcome_id(project, name: str | None, comparison: str | None) -> int | None:
    if name is None:
        return None
    labels = {c.id: c.label for c in project.store.comparisons()}
    found = [o.id for o in project.store.outcomes() if o.label == name
             and comparison in (None, labels.get(o.comparison_id))]
    if len(found) != 1:
        names = "; ".join(o.label for o in project.store.outcomes()) or "none"
        problem = "no outcome" if not found else "several outcomes"
        raise CliError(f"{problem} named {name!r}; available outcomes: {names}")
    return found[0]


def run_robvis(args: argparse.Namespace) -> int:
    """`export --to robvis`: one CSV per tool x outcome (or the single file --out names)."""
    from workbench.session.rob import export_robvis

    project = _open(args)
    try:
        outcome = _outcome_id(project, args.outcome, getattr(args, "comparison", None))
        reviewer = None if args.reviewer in (None, "consensus") else args.reviewer
        paths = export_robvis(project, args.out, outcome, reviewer,
                              getattr(args, "weighted", False))
    except (ValueError, KeyError) as err:
        raise CliError(str(err).strip("'\"")) from err
    except OSError as err:
        raise CliError(f"{args.out}: cannot write ({err.strerror or err})") from err
    finally:
        project.close()
    print("\n".join(f"Wrote {p}" for p in paths))
    return 0


def run_rob_plot(args: argparse.Namespace) -> int:
    """`plot --kind traffic-light|rob-summary`: RoB 2 figure of the outcome's results."""
    from workbench.session.rob import outcome_weights, rob_table

    project = _open(args)
    try:
        outcome = _outcome_id(project, args.outcome, getattr(args, "comparison", None))
        tool = getattr(args, "tool", None) or "rob2"
        table = rob_table(project, tool, outcome)
        weighted = getattr(args, "weighted", False)
        weights = outcome_weights(project, outcome) if weighted and outcome else None
    finally:
        project.close()
    if not table.rows:
        raise CliError(f"no {tool} assessments for outcome {args.outcome!r}")
    _export(table, args, weights)
    print(f"Wrote the {args.kind} plot of {args.outcome!r} to {args.out}")
    return 0


def _export(table, args: argparse.Namespace, weights) -> None:
    if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from workbench.gui.rob_figures import RobFigure

    _app = QApplication.instance() or QApplication(sys.argv[:1])  # noqa: F841 - keep alive
    try:
        RobFigure(table, args.kind, getattr(args, "scheme", "cochrane"), weights,
                  title=args.outcome).export(args.out, dpi=args.dpi)
    except OSError as err:
        raise CliError(f"{args.out}: cannot write the figure ({err})") from err
