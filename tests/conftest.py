"""Shared test fixtures: offscreen Qt before anything imports it, projects and shared data."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

# Without a display, creating a QApplication aborts the whole run (exit 134) before pytest
# prints anything; offscreen must be chosen before Qt is first imported.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """../shared beside the checkout: validation data and fixtures (test material only)."""
    if not SHARED.exists():
        pytest.fail(f"test material missing: {SHARED} (shared/ must sit beside the repo)")
    return SHARED


@pytest.fixture
def demo_path(tmp_path: Path) -> Path:
    """A fresh copy of the bundled demo review."""
    from workbench.session.demo import write_demo

    return write_demo(tmp_path / "demo.wbproj")


@pytest.fixture
def demo_path_without_rob(demo_path: Path) -> Path:
    """The demo review without its bundled RoB 2 assessments, for tests that start from none."""
    import sqlite3

    conn = sqlite3.connect(demo_path)
    with conn:
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("DELETE FROM rob_assessments")
    conn.close()
    return demo_path


@pytest.fixture
def demo_project(demo_path: Path):
    from workbench.session.project import Project

    project = Project.open(demo_path)
    yield project
    project.close()


@pytest.fixture
def empty_project(tmp_path: Path):
    from workbench.session.project import Project

    project = Project.create(tmp_path / "empty.wbproj", "Test review")
    yield project
    project.close()


@pytest.fixture
def main_window(qtbot, demo_path, tmp_path):
    """The main window on a fresh demo project, with settings kept out of the user's own.

    After the test, checks that no top-level window leaked (napari's factory-fixture rule).
    """
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from workbench.gui.app import application
    from workbench.gui.main_window import MainWindow

    application()
    before = set(QApplication.topLevelWidgets())
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    settings.setValue("reviewer", "Reviewer A")  # the demo's first reviewer is at work
    window = MainWindow(settings=settings)
    qtbot.addWidget(window)
    assert window.open_path(demo_path)
    window.resize(1400, 900)
    window.show()
    qtbot.waitUntil(lambda: window.outcome_view.result is not None)
    yield window
    window.close()
    window.deleteLater()
    QApplication.processEvents()
    # A dialog parented to the window goes with it; an orphan top-level window is a leak.
    leaked = [w for w in QApplication.topLevelWidgets()
              if w not in before and w.isVisible() and w.parent() is None and w is not window]
    assert not leaked, f"top-level widgets leaked: {leaked}"
