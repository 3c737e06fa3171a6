"""View ▸ Workshop (F11) and File ▸ Export panel handout, added to the main window."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QGuiApplication
from PySide6.QtWidgets import QFileDialog, QInputDialog, QProgressDialog


class WorkshopActions:
    """Opens the presentation view on the screen the facilitator picks; writes the handout."""

    def __init__(self, window, view_menu, file_menu):
        self.window = window
        self.workshop = None
        self.open_action = QAction("&Workshop (presentation view)", window)
        self.open_action.setShortcut("F11")
        self.open_action.triggered.connect(self.open_workshop)
        view_menu.addAction(self.open_action)
        self.handout_action = QAction("Export panel &handout (PDF)…", window)
        self.handout_action.triggered.connect(self.export_handout)
        before_quit = file_menu.actions()[-2:-1]  # the separator above Quit
        if before_quit:
            file_menu.insertAction(before_quit[0], self.handout_action)
        else:
            file_menu.addAction(self.handout_action)

    def _screen(self):
        """The second screen when there is one; with three or more, ask which."""
        screens = QGuiApplication.screens()
        if len(screens) <= 2:
            return None  # WorkshopWindow takes a second screen when there is one
        names = [f"{s.name()} ({s.geometry().width()}×{s.geometry().height()})"
                 for s in screens]
        name, ok = QInputDialog.getItem(self.window, "Workshop", "Show on screen", names, 1,
                                        False)
        return screens[names.index(name)] if ok else None

    def open_workshop(self, screen=None):
        from workbench.gui.workshop.window import WorkshopWindow

        project = self.window.controller.project
        if project is None:
            return None
        if not project.store.outcomes():
            self.window.controller.failed.emit(
                "Workshop mode shows outcomes: this project has none yet.")
            return None
        if self.workshop is not None:
            self.workshop.close()
        outcome = self.window.panel.current_outcome()
        self.workshop = WorkshopWindow(self.window.controller, outcome_id=outcome)
        self.workshop.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.workshop.destroyed.connect(self._closed)
        self.workshop.present(screen or self._screen())
        return self.workshop

    def _closed(self) -> None:
        self.workshop = None

    def export_handout(self, path: str | None = None) -> bool:
        """Write the selected comparison's handout, with a progress dialog."""
        from workbench.gui.workshop.handout import HandoutError, write_handout

        project = self.window.controller.project
        if project is not None and not path:
            path, _ = QFileDialog.getSaveFileName(self.window, "Panel handout", "handout.pdf",
                                                  "PDF (*.pdf)")
        if project is None or not path:
            return False
        dialog = self._progress_dialog()
        try:
            write_handout(project, self._comparison(project), path, self._progress(dialog))
        except (HandoutError, OSError) as err:
            self.window.controller.failed.emit(str(err))
            return False
        finally:
            dialog.close()
        return True

    def _progress_dialog(self) -> QProgressDialog:
        dialog = QProgressDialog("Writing the handout…", "", 0, 100, self.window)
        dialog.setCancelButton(None)
        dialog.setMinimumDuration(0)
        return dialog

    @staticmethod
    def _progress(dialog: QProgressDialog):
        def progress(done: int, total: int) -> None:
            dialog.setMaximum(total)
            dialog.setValue(done)  # setValue processes events: the dialog repaints
        return progress

    def _comparison(self, project) -> str | None:
        """The comparison of the selected outcome (the handout is one comparison's pack)."""
        outcome_id = self.window.panel.current_outcome()
        outcome = project.store.outcome(outcome_id) if outcome_id else None
        comparisons = {c.id: c.label for c in project.store.comparisons()}
        if outcome is not None:
            return comparisons[outcome.comparison_id]
        return next(iter(comparisons.values()), None)
