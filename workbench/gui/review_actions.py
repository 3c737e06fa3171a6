"""Review menu actions of dual extraction: merge a copy, blind mode, finish a study."""

from __future__ import annotations

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog, QMessageBox

from workbench.session.commands.merging import MergeProject
from workbench.session.commands.resolve import SetStudyFinished

FILE_FILTER = "Evidence Workbench projects (*.wbproj)"


class ReviewActions:
    """Adds its actions to the window's Review menu and keeps blind mode in the settings."""

    def __init__(self, window):
        self.window = window
        menu = window.review_menu
        menu.addSeparator()
        self.merge_action = QAction("&Merge another reviewer's copy…", window)
        self.merge_action.triggered.connect(self.merge_dialog)
        menu.addAction(self.merge_action)
        self.finish_action = QAction("Mark the selected study as &finished", window)
        self.finish_action.setShortcut("Ctrl+Shift+F")
        self.finish_action.triggered.connect(self.finish_current_study)
        menu.addAction(self.finish_action)
        self.blind_action = QAction("&Blind mode (hide the other reviewer's values)", window,
                                    checkable=True)
        self.blind_action.setChecked(self.blind())
        self.blind_action.toggled.connect(self.set_blind)
        menu.addAction(self.blind_action)

    def blind(self) -> bool:
        """Blind mode is on unless the user turned it off (issue 7: on by default)."""
        return str(self.window.settings.value("blind_mode", "true")).lower() == "true"

    def set_blind(self, on: bool) -> None:
        self.window.settings.setValue("blind_mode", "true" if on else "false")
        self.window.outcome_view.set_blind(on)

    def merge_dialog(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self.window, "Merge a reviewer's copy", "",
                                              FILE_FILTER)
        if path:
            self.merge(path)

    def merge(self, path: str) -> dict[str, int] | None:
        """Merge `path` as one undoable step and say what came in; None when refused."""
        command = MergeProject(path)
        if not self.window.controller.execute(command):
            return None
        counts = command.counts
        text = (f"Merged {path}: {counts.get('values_added', 0)} values added, "
                f"{counts.get('conflicts_added', 0)} new conflicts, "
                f"{counts.get('unchanged', 0)} already here.")
        self.window.statusBar().showMessage(text, 15000)
        if self.window.isVisible():
            box = QMessageBox(QMessageBox.Icon.Information, "Merge", text,
                              QMessageBox.StandardButton.Ok, self.window)
            box.open()
        return counts

    def finish_current_study(self) -> None:
        row = self.window.outcome_view.current_row()
        if row is not None:
            self.window.controller.execute(SetStudyFinished(row.study_id, True))
