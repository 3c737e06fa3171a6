"""`export --to etd-docx|etd-html` (the framework) and `--to handout-pdf` (the panel's pack)."""

from __future__ import annotations

import argparse
import os
import sys

from workbench.cli.common import CliError, print_json


def run_etd_export(args: argparse.Namespace) -> int:
    if args.to == "handout-pdf":
        return _handout(args)
    from workbench.cli.etd import load_documents
    from workbench.core.etd import load_framework

    documents = load_documents(args.project, args.comparison)
    parts = list(load_framework().parts)
    try:
        if args.to == "etd-docx":
            from workbench.io.etd_docx import write_etd_docx

            write_etd_docx(args.out, documents, parts)
        else:
            from workbench.io.etd_html import write_etd_html

            write_etd_html(args.out, documents, parts)
    except OSError as err:
        raise CliError(f"{args.out}: cannot write ({err.strerror or err})") from err
    return _report(args, {"out": str(args.out), "comparisons": len(documents)},
                   f"Wrote the Evidence-to-Decision framework of {len(documents)} "
                   f"comparison(s) to {args.out}")


def _report(args: argparse.Namespace, document: dict, text: str) -> int:
    if args.json:
        print_json(document)
    else:
        print(text)
    return 0


def _handout(args: argparse.Namespace) -> int:
    """The handout is drawn with Qt (forest plots, QPdfWriter), offscreen without a display."""
    if args.out.suffix.lower() != ".pdf":
        raise CliError(f"{args.out}: the handout is a PDF; name it FILE.pdf")
    if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from workbench.cli.outcomes import read_only_project
    from workbench.gui.workshop.handout import HandoutError, write_handout

    _app = QApplication.instance() or QApplication(sys.argv[:1])  # noqa: F841 - keep alive
    with read_only_project(args.project) as project:
        try:
            pages = write_handout(project, args.comparison, args.out)
        except HandoutError as err:
            raise CliError(f"{args.project}: {err}") from err
        except OSError as err:
            raise CliError(f"{args.out}: cannot write ({err.strerror or err})") from err
    return _report(args, {"out": str(args.out), "pages": pages},
                   f"Wrote the handout ({pages} pages) to {args.out}")
