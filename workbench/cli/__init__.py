"""The `workbench` command: opens the GUI, or runs one headless subcommand (see cli.md)."""

from __future__ import annotations

import argparse
import importlib
import sys

from workbench import __version__
from workbench.cli.common import CliError, report_failure

# Subcommand name -> module under workbench.cli that defines register(subparsers, name).
# Modules are imported only when their command runs, so `workbench meta` stays light.
SUBCOMMANDS: dict[str, str] = {
    "new": "workbench.cli.project",
    "demo": "workbench.cli.project",
    "check": "workbench.cli.project",
    "meta": "workbench.cli.meta",
    "import": "workbench.cli.importing",
    "export": "workbench.cli.export",
    "analyse": "workbench.cli.analyse",
    "plot": "workbench.cli.plot",
    "rob": "workbench.cli.rob",
    "merge": "workbench.cli.dual",
    "conflicts": "workbench.cli.dual",
    "agreement": "workbench.cli.dual",
    "grade": "workbench.cli.grade",
    "sof": "workbench.cli.sof",
}


def _gui_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="workbench",
        description="Evidence Workbench. Without a subcommand, opens the application. "
        f"Subcommands: {', '.join(sorted(set(SUBCOMMANDS)))} (workbench SUBCOMMAND --help).",
    )
    parser.add_argument("--version", action="version", version=f"workbench {__version__}")
    parser.add_argument("project", nargs="?", help="project file (.wbproj) to open")
    parser.add_argument("--screenshot", metavar="FILE.png", help="save a screenshot and exit")
    parser.add_argument("--size", default="1400x900", help="window size for --screenshot")
    return parser


class _Parser(argparse.ArgumentParser):
    """Usage errors become CliError: exit 2, and one JSON document under --json (cli.md)."""

    def error(self, message: str):  # type: ignore[override]
        raise CliError(f"{self.prog}: {message}")


def _subcommand_parser(name: str) -> argparse.ArgumentParser:
    parser = _Parser(prog="workbench")
    subparsers = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    module = importlib.import_module(SUBCOMMANDS[name])
    module.register(subparsers, name)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Entry point of the console script; returns the process exit code."""
    argv = list(sys.argv[1:] if argv is None else argv)
    debug = "--debug" in argv
    if debug:
        argv.remove("--debug")
    try:
        if argv and argv[0] in SUBCOMMANDS:
            args = _subcommand_parser(argv[0]).parse_args(argv)
            return int(args.handler(args) or 0)
        args = _gui_parser().parse_args(argv)
        from workbench.cli.gui_launch import run_gui

        return run_gui(args)
    except CliError as err:
        return report_failure(err, json_mode="--json" in argv)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # `workbench ... | head` closed the pipe: not an error of ours
        sys.stderr.close()
        return 0
    except Exception as err:  # noqa: BLE001 - the contract: exit 1, no traceback unless --debug
        if debug:
            raise
        message = f"internal error: {err.__class__.__name__}: {err}"
        return report_failure(CliError(message, code=1), json_mode="--json" in argv)
