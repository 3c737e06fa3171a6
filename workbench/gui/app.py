"""Start the Qt application: pick the project, show the window, or take a screenshot and exit."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from PySide6.QtCore import QEvent, QEventLoop, QSettings, QStandardPaths, QTimer
from PySide6.QtGui import QFontDatabase, QGuiApplication
from PySide6.QtWidgets import QApplication, QMessageBox

from workbench.gui.about import app_icon
from workbench.gui.main_window import MainWindow
from workbench.gui.style import apply_style
from workbench.session.demo import write_demo

SCREENSHOT_TIMEOUT_MS = 10000


def application() -> QApplication:
    """The one QApplication, styled once: restyling a live application repolishes every
    widget, including ones being deleted, which can crash Qt."""
    app = QApplication.instance()
    if app is None:
        app = QApplication(sys.argv[:1])
    if not app.property("workbench_styled"):
        app.setApplicationName("Evidence Workbench")
        app.setOrganizationName("EvidenceWorkbench")
        apply_style(app)
        app.setWindowIcon(app_icon())
        app.setDesktopFileName("evidence-workbench")  # Wayland/X11 match it to the .desktop
        app.setProperty("workbench_styled", True)
    return app


def demo_location() -> Path:
    """Where the first run puts its copy of the demo review (the user's data folder)."""
    folder = Path(QStandardPaths.writableLocation(
        QStandardPaths.StandardLocation.AppDataLocation))
    folder.mkdir(parents=True, exist_ok=True)
    return folder / "ketamine-demo.wbproj"


def choose_project(requested: str | None, settings: QSettings) -> Path:
    """The named project, else the last one opened, else the bundled demo review."""
    if requested:
        return Path(requested)
    recent = settings.value("recent_files", [])
    recent = [recent] if isinstance(recent, str) else list(recent or [])
    for path in recent:
        if Path(path).exists():
            return Path(path)
    demo = demo_location()
    if not demo.exists():
        write_demo(demo)
    return demo


def run(project: str | None, screenshot: str | None, size: str, tab: str | None = None) -> int:
    app = application()
    if not QFontDatabase.families():
        print("workbench: no fonts found; install fonts-dejavu-core", file=sys.stderr)
        return 1
    window = MainWindow()
    if not os.environ.get("WORKBENCH_DEBUG"):
        sys.excepthook = _unexpected_in(window)
    try:
        return _run_window(app, window, project, screenshot, size, tab)
    finally:
        _tear_down(app, window)


def _tear_down(app: QApplication, window: MainWindow) -> None:
    """Close the project and delete the window while the QApplication still exists. Left to
    Python's finaliser, widgets and their pending timers outlived the application now and then,
    and the process crashed on exit after its work was done."""
    window.close()
    window.deleteLater()
    app.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    app.processEvents()


def _run_window(app: QApplication, window: MainWindow, project: str | None,
                screenshot: str | None, size: str, tab: str | None) -> int:
    path = choose_project(project, window.settings)
    if not path.exists() and screenshot is None and not _confirm_create(path):
        return 0
    reviewer = window.controller.reviewer  # remembered in the settings, applied on every open
    refusal = _open_requested(window, path)
    if refusal is not None and (project is not None or screenshot):
        return _refuse(refusal, interactive=screenshot is None)
    if screenshot:
        project = window.controller.project
        names = [r.name for r in project.store.reviewers()] if project else []
        if not reviewer and names:  # a picture only: show the file as its first reviewer sees it
            project.set_reviewer(names[0])
        if tab and not window.show_tab(tab):
            print(f"workbench: --tab {tab!r}: no such tab", file=sys.stderr)
            return 2
        return _screenshot(app, window, Path(screenshot), size)
    window.showMaximized() if window.opens_maximised else window.show()
    if refusal is not None:  # the last project is unusable now: say so, start without it
        window.show_failure_later(refusal)
    if not reviewer and window.controller.project is not None:
        # Each reviewer works under their own identity: asked once, then remembered.
        QTimer.singleShot(0, window.choose_reviewer)
    return app.exec()


def _open_requested(window: MainWindow, path: Path) -> str | None:
    """Open the project asked for; the refusal's message when it cannot be used."""
    try:
        window.controller.open(path)
    except OSError as err:  # ProjectFileError and the OS's own: the message names the file
        return str(err)
    window.open_path_done(path)
    return None


def _unexpected_in(window: MainWindow):
    """An error escaping a Qt slot: a dialog and one line on stderr, not a traceback (set
    WORKBENCH_DEBUG=1 for Python's own report)."""

    def report(kind, error, _trace) -> None:
        message = f"internal error: {kind.__name__}: {error}"
        print(f"workbench: {message}", file=sys.stderr)
        if window.isVisible():
            window.show_failure_later(message)

    return report


def _refuse(message: str, interactive: bool) -> int:
    """A refused file: one line on stderr, a dialog for a person, exit 2 (no traceback)."""
    print(f"workbench: {message}", file=sys.stderr)
    if interactive and QGuiApplication.platformName() not in ("offscreen", "minimal"):
        QMessageBox.critical(None, "Evidence Workbench", message)
    return 2


def _confirm_create(path: Path) -> bool:
    answer = QMessageBox.question(None, "Evidence Workbench",
                                  f"{path} does not exist. Create a new project there?")
    return answer == QMessageBox.StandardButton.Yes


def _screenshot(app: QApplication, window: MainWindow, target: Path, size: str) -> int:
    width, height = (int(v) for v in size.lower().split("x"))
    window.resize(width, height)
    window.show()
    view = window.outcome_view
    if view.result is None and window.controller.project is not None:
        loop = QEventLoop()
        view.result_ready.connect(loop.quit)
        QTimer.singleShot(SCREENSHOT_TIMEOUT_MS, loop.quit)
        loop.exec()
    for _ in range(3):  # let layouts settle and the plot paint
        app.processEvents()
    if not window.grab().save(str(target)):
        print(f"workbench: cannot write the screenshot {target}", file=sys.stderr)
        return 2
    window.close()
    return 0
