"""`workbench plot`: draw an outcome's forest or funnel plot headless and write SVG, PDF or PNG."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from workbench.cli.common import CliError

KINDS = ("forest", "funnel", "traffic-light", "rob-summary")
SUFFIXES = (".svg", ".png", ".pdf")


def register(subparsers: argparse._SubParsersAction, name: str) -> None:
    p = subparsers.add_parser(name, help="write an outcome's forest or funnel plot to a file")
    p.add_argument("project", type=Path)
    p.add_argument("--outcome", required=True, help="outcome name")
    p.add_argument("--comparison", help="comparison name, where the outcome name is not unique")
    p.add_argument("--out", type=Path, required=True, help="FILE.svg, FILE.png or FILE.pdf")
    p.add_argument("--kind", choices=KINDS, default="forest")
    p.add_argument("--dpi", type=int, default=300, help="resolution of a PNG (default 300)")
    p.add_argument("--tool", default="rob2",
                   help="risk-of-bias tool of traffic-light and rob-summary (default rob2)")
    p.add_argument("--scheme", choices=("cochrane", "colourblind"), default="cochrane",
                   help="robvis colour scheme of the risk-of-bias figures")
    p.add_argument("--weighted", action="store_true",
                   help="rob-summary: weight studies by their meta-analysis weights")
    p.add_argument("--workflow-notes", action="store_true",
                   help="forest: keep notes for the reviewers (unresolved disagreements)")
    p.set_defaults(handler=run_plot)


def run_plot(args: argparse.Namespace) -> int:
    if args.out.suffix.lower() not in SUFFIXES:
        raise CliError(f"{args.out}: the figure must be .svg, .png or .pdf")
    if not 30 <= args.dpi <= 2400:
        raise CliError(f"--dpi {args.dpi}: choose a resolution between 30 and 2400")
    if args.kind in ("traffic-light", "rob-summary"):
        from workbench.cli.rob_export import run_rob_plot

        return run_rob_plot(args)
    data, rob, legend = _load(args)
    from workbench.core.meta import MetaInputError

    try:
        rows, result = data.analyse(bias=args.kind == "funnel")
    except MetaInputError as err:
        raise CliError(f"outcome {data.outcome.label!r}: {err}") from err
    _draw(args, data, rows, result, rob, legend)
    print(f"Wrote the {args.kind} plot of {data.outcome.label!r} to {args.out}")
    return 0


def _load(args: argparse.Namespace):
    """The outcome's data and its agreed RoB judgements (columns beside the forest plot, as
    RevMan draws them), from the project opened read-only (nothing is ever written)."""
    from workbench.cli.outcomes import find_outcomes, read_only_project
    from workbench.session.analysis import load_outcome
    from workbench.session.rob import rob_table

    with read_only_project(args.project) as project:
        [outcome_id] = find_outcomes(project.store, args.outcome, args.comparison)
        table = rob_table(project, args.tool, outcome_id)
        rob = table.for_forest() if table.rows else None
        legend = table.legend() if table.rows else ()
        return load_outcome(project.store, outcome_id), rob, legend


def _draw(args: argparse.Namespace, data, rows, result, rob, legend) -> None:
    # Without a display Qt would abort the process; the offscreen platform draws the same.
    if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from workbench.gui.forest.export import export_figure

    _app = QApplication.instance() or QApplication(sys.argv[:1])  # noqa: F841 - keep alive
    if args.kind == "forest":
        from workbench.gui.forest.notes import figure_notes
        from workbench.gui.forest.widget import ForestPlotWidget

        widget = ForestPlotWidget()
        widget.set_data(result, rows, data.outcome, data.comparison, rob)
        widget.set_figure_notes(figure_notes(result, data.outcome, data.comparison, legend,
                                             args.workflow_notes))
    else:
        from workbench.gui.forest.funnel import FunnelPlotWidget
        from workbench.gui.forest.notes import figure_notes

        widget = FunnelPlotWidget()
        widget.set_figure_size(720, 560)
        widget.set_data(result)
        widget.set_figure_notes(figure_notes(result, data.outcome, data.comparison))
    try:
        export_figure(widget, args.out, dpi=args.dpi)
    except OSError as err:
        raise CliError(f"{args.out}: cannot write the figure ({err})") from err
    finally:
        widget.deleteLater()
