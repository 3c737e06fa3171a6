"""The window shell: recent files, drag and drop, geometry, status bar, shortcuts, About."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QMimeData, QPoint, QPointF, QSettings, Qt, QUrl  # noqa: E402
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QKeySequence  # noqa: E402

from workbench.gui.main_window import MainWindow  # noqa: E402
from workbench.session.demo import write_demo  # noqa: E402


def _drop(window, path) -> None:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    enter = QDragEnterEvent(QPoint(10, 10), Qt.DropAction.CopyAction, mime,
                            Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    window.dragEnterEvent(enter)
    assert enter.isAccepted()
    drop = QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, mime,
                      Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    window.dropEvent(drop)


def test_status_bar_names_project_and_reviewer(main_window):
    assert "demo.wbproj" in main_window.status_project.text()
    assert "saved automatically" in main_window.status_project.text()
    assert main_window.status_reviewer.text() == "Reviewer: Reviewer A"


def test_dropping_a_project_opens_it_and_remembers_it(qtbot, main_window, tmp_path):
    other = write_demo(tmp_path / "dropped.wbproj")
    _drop(main_window, other)
    qtbot.waitUntil(lambda: main_window.controller.project.path == other)
    assert main_window.recent_files()[0] == str(other.resolve())
    assert main_window.recent_menu.actions()[0].text() == "dropped.wbproj"


def test_a_foreign_file_is_refused_and_the_open_project_stays(main_window, tmp_path):
    bogus = tmp_path / "notes.wbproj"
    bogus.write_text("not a project")
    before = main_window.controller.project.path
    assert not main_window.open_path(bogus)
    assert main_window.controller.project.path == before
    assert "not an Evidence Workbench project" in main_window.statusBar().currentMessage()


def test_recent_files_and_geometry_survive_a_restart(qtbot, demo_path, tmp_path):
    ini = str(tmp_path / "settings.ini")
    first = MainWindow(settings=QSettings(ini, QSettings.Format.IniFormat))
    qtbot.addWidget(first)
    first.open_path(demo_path)
    first.resize(900, 611)
    first.show()
    first.close()
    second = MainWindow(settings=QSettings(ini, QSettings.Format.IniFormat))
    qtbot.addWidget(second)
    assert second.recent_files() == [str(demo_path.resolve())]
    # The offscreen screen is 800 px wide, so only the height survives unclamped.
    assert second.height() == 611
    second.close()


def test_undo_redo_and_file_actions_have_shortcuts(main_window):
    assert main_window.undo_action.shortcut() == QKeySequence(QKeySequence.StandardKey.Undo)
    assert main_window.redo_action.shortcut() == QKeySequence(QKeySequence.StandardKey.Redo)
    assert not main_window.undo_action.isEnabled()  # nothing done yet
    titles = [a.text() for a in main_window.menuBar().actions()]
    assert titles == ["&File", "&Edit", "&View", "&Review", "&Help"]


def test_close_project_leaves_an_empty_window(main_window):
    main_window.close_project()
    assert main_window.controller.project is None
    assert "No project open" in main_window.status_project.text()
    assert not main_window.save_as_action.isEnabled()
