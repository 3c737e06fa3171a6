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


def _round_trip(project, command, dump) -> None:
    """apply -> revert -> apply: undo restores exactly, redo brings back exactly."""
    before = dump(project)
    project.execute(command)
    after = dump(project)
    assert after != before, "the command changed nothing"
    project.undo()
    assert dump(project) == before
    project.redo()
    assert dump(project) == after


@pytest.fixture
def round_trip():
    """round_trip(project, command, dump): the apply -> revert -> apply check of a command."""
    return _round_trip


def _fill_values(store, reviewer: str, rows) -> None:
    """rows: (comparison, outcome, study, {field: value}); 'year' is a study-level value."""
    from workbench.core.model import AnalysisSettings, DataType

    with store.db.atomic():
        rid = store.reviewer_id(reviewer) or store.add_reviewer(reviewer)
        for comparison, outcome, study, values in rows:
            cid = store.comparison_id(comparison) or store.add_comparison(comparison)
            oid = store.outcome_id(cid, outcome) or store.add_outcome(
                cid, outcome, DataType.DICHOTOMOUS, AnalysisSettings(measure="RR", method="FE"))
            sid = store.study_id(study) or store.add_study(study)
            result = store.result_id(sid, oid) or store.add_result(sid, oid)
            for name, value in values.items():
                if name == "year":
                    store.set_study_value(sid, rid, name, value)
                else:
                    store.set_value(result, rid, name, value)


@pytest.fixture
def fill_values():
    """fill_values(store, reviewer, rows): one reviewer's extracted values, straight in."""
    return _fill_values
