"""Open the GUI from the command line; falls back to offscreen Qt for --screenshot."""

from __future__ import annotations

import argparse
import os
import re

from workbench.cli.common import CliError


def run_gui(args: argparse.Namespace) -> int:
    if args.screenshot:
        if not re.fullmatch(r"\d{2,5}x\d{2,5}", args.size or ""):
            raise CliError(f"--size {args.size!r}: expected WIDTHxHEIGHT, e.g. 1400x900")
        if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
            os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from workbench.gui.app import run

    return run(args.project, args.screenshot, args.size, getattr(args, "tab", None))
