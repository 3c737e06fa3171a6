"""The About box names everything a methods section reports: version, licence, libraries."""

from __future__ import annotations

import platform

import numpy
from PySide6.QtCore import QTimer, qVersion
from PySide6.QtWidgets import QApplication, QMessageBox

from workbench import __version__
from workbench.gui.about import about_html, app_icon, citation


def test_about_names_version_licence_libraries_and_conventions():
    text = about_html()
    for part in (__version__, "General Public License", f"Qt {qVersion()}",
                 f"Python {platform.python_version()}", f"numpy {numpy.__version__}",
                 "metafor", "RevMan 5", "RevMan Web", citation()):
        assert part in text, part
    assert "http" not in text  # the citation line is link-free, for offline use


def test_the_icon_is_drawn_from_the_bundled_svg(qapp):
    icon = app_icon()
    assert not icon.isNull()
    image = icon.pixmap(64, 64).toImage()
    assert image.width() == 64 and image.pixelColor(32, 32).alpha() > 0


def test_help_about_opens_the_box(qtbot, main_window):
    seen: list[str] = []

    def close_box():
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox):
            seen.append(box.text())
            box.accept()

    QTimer.singleShot(0, close_box)
    main_window.about()
    assert seen and __version__ in seen[0]
