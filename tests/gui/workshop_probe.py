"""Run in a subprocess on a configured offscreen screen set: open the workshop on the demo
and report, as JSON, the screen it chose and every page's clipped text (tests only)."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

from PySide6.QtCore import QSettings, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLabel

from workbench.gui.app import application
from workbench.gui.main_window import MainWindow
from workbench.session.demo import write_demo


def clipped(window) -> list[str]:
    """Visible labels whose text needs more room than they have, or that leave the window."""
    out = []
    page = window.stack.currentWidget()
    for label in page.findChildren(QLabel):
        if not label.isVisibleTo(window) or not label.text():
            continue
        need_h = (label.heightForWidth(label.width()) if label.wordWrap()
                  else label.sizeHint().height())
        need_w = 0 if label.wordWrap() else label.sizeHint().width()
        corner = label.mapTo(window, label.rect().bottomRight())
        if (need_h > label.height() + 1 or need_w > label.width() + 1
                or corner.x() > window.width() or corner.y() > window.height()):
            out.append(label.text()[:60])
    forest = window.outcome_page.forest
    if page is window.outcome_page and forest.isVisibleTo(window) and forest.geom:
        scale = forest.view.transform().m11()
        port = forest.view.viewport()
        if (forest.geom.width * scale > port.width() + 1
                or forest.geom.height * scale > port.height() + 1):
            out.append("forest plot")
    return out


def main(folder: str) -> None:
    application()
    demo = write_demo(Path(folder) / "demo.wbproj")
    settings = QSettings(str(Path(folder) / "s.ini"), QSettings.Format.IniFormat)
    main_window = MainWindow(settings=settings)
    main_window.open_path(demo)
    main_window.show()
    window = main_window.workshop_actions.open_workshop()
    report = {"screen": window.screen().name(), "geometry": list(window.geometry().getRect()),
              "body": window.sizes.body, "clipped": {}}

    def visit(name: str, *keys) -> None:
        for key in keys:
            QTest.keyClick(window, key) if not isinstance(key, str) else QTest.keyClicks(
                window, key)
        QApplication.processEvents()
        report["clipped"][name] = clipped(window)

    visit("outcome 1")
    for number in range(2, 6):
        visit(f"outcome {number}", Qt.Key.Key_Right)
    visit("what-if", "1", "w", "h", "m")
    visit("certainty", "g")
    visit("framework overview", "g", "e")
    for page in range(13):
        visit(f"framework page {page + 1}", Qt.Key.Key_Right)
    visit("keys", "?")
    print(json.dumps(report), flush=True)
    # The report is out; end the probe without Python's finaliser, which destroys widgets in
    # no particular order after the QApplication (a crash at exit there is not what we test).
    os._exit(0)


if __name__ == "__main__":
    main(sys.argv[1])
