"""The About box: version, licence, the libraries it runs on, its statistics and how to cite it."""

from __future__ import annotations

import platform
from html import escape

import numpy
from PySide6 import __version__ as pyside_version
from PySide6.QtCore import qVersion
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QMessageBox, QWidget

from workbench import __version__
from workbench.paths import resources_dir

CONVENTIONS = ("Statistics follow metafor's conventions (R); RevMan 5 and RevMan Web modes "
               "reproduce RevMan's own results.")


def app_icon() -> QIcon:
    """The application's icon (a forest plot), drawn from the bundled SVG."""
    return QIcon(str(resources_dir() / "icons" / "evidence-workbench.svg"))


def citation(year: int = 2026) -> str:
    """A link-free line a review can cite the software with."""
    return f"Evidence Workbench, version {__version__} [computer program]. {year}."


def about_html() -> str:
    """The About box's text; every part a reviewer may need to report in a methods section."""
    versions = (f"Python {platform.python_version()}, Qt {qVersion()} "
                f"(PySide6 {pyside_version}), numpy {numpy.__version__}")
    return (f"<h3>Evidence Workbench {escape(__version__)}</h3>"
            "<p>Offline appraisal and meta-analysis for systematic reviewers: extraction, "
            "risk of bias, forest plots, certainty of evidence and agreement between "
            "reviewers. Every edit is saved at once in the project file (.wbproj).</p>"
            f"<p>{escape(CONVENTIONS)}</p>"
            f"<p>Runs on {escape(versions)}.</p>"
            "<p>Licence: GNU General Public License, version 3 or later.</p>"
            f"<p>How to cite: {escape(citation())}</p>")


def show_about(parent: QWidget) -> None:
    box = QMessageBox(parent)
    box.setWindowTitle("About Evidence Workbench")
    box.setIconPixmap(app_icon().pixmap(96, 96))
    box.setText(about_html())
    box.exec()
