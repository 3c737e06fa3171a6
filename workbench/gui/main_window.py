"""The main window: project panel, working area, menus with undo/redo, status bar, recents."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QDockWidget,
    QFileDialog,
    QInputDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QTabWidget,
)

from workbench.gui.certainty_exports import CertaintyExports
from workbench.gui.certainty_view import CertaintyView
from workbench.gui.conflicts_view import ConflictsView
from workbench.gui.controller import Controller
from workbench.gui.outcome_view import OutcomeView
from workbench.gui.project_panel import ProjectPanel
from workbench.gui.review_actions import ReviewActions
from workbench.gui.rob_figures_view import RobFiguresView
from workbench.gui.rob_form import RobForm
from workbench.gui.sof_view import SofView
from workbench.gui.window_outline import WindowOutline
from workbench.gui.window_size import first_size, starting_screen_area
from workbench.gui.workshop.actions import WorkshopActions
from workbench.session.changes import Changes

FILE_FILTER = "Evidence Workbench projects (*.wbproj);;All files (*)"
MAX_RECENT = 8


class MainWindow(QMainWindow):
    """One window per process; all edits flow through its Controller."""

    def __init__(self, controller: Controller | None = None, settings: QSettings | None = None):
        super().__init__()
        self.controller = controller or Controller(self)
        self.settings = settings or QSettings("EvidenceWorkbench", "Evidence Workbench")
        if self.settings.value("reviewer"):
            self.controller.reviewer = str(self.settings.value("reviewer"))
        self.setWindowTitle("Evidence Workbench")
        self.setAcceptDrops(True)
        self.panel = ProjectPanel(self.controller)
        self.outcome_view = OutcomeView(self.controller)
        self.tabs = QTabWidget(documentMode=True)
        self.tabs.addTab(self.outcome_view, "Data and forest plot")
        self.rob_form = RobForm(self.controller)
        self.tabs.addTab(self.rob_form, "Risk of bias")
        self.rob_figures = RobFiguresView(self.controller)
        self.tabs.addTab(self.rob_figures, "Risk-of-bias figures")
        self.conflicts_view = ConflictsView(self.controller)
        self.tabs.addTab(self.conflicts_view, "Conflicts and agreement")
        self.certainty_view = CertaintyView(self.controller)
        self.sof_view = SofView(self.controller)
        self.tabs.addTab(self.certainty_view, "Certainty (GRADE)")
        self.tabs.addTab(self.sof_view, "Summary of Findings")
        self.setCentralWidget(self.tabs)
        dock = QDockWidget("Project", self, objectName="project_dock")
        dock.setWidget(self.panel)
        dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetMovable)
        self.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, dock)
        self.status_project = QLabel()
        self.status_reviewer = QLabel()
        self.statusBar().addWidget(self.status_project, 1)
        self.statusBar().addPermanentWidget(self.status_reviewer)
        self._build_menus()
        self.review_actions = ReviewActions(self)
        self.workshop_actions = WorkshopActions(self, self.view_menu, self.file_menu)
        self.outline = WindowOutline(self)
        self.outcome_view.set_blind(self.review_actions.blind())
        self.panel.outcome_selected.connect(self.outcome_view.show_outcome)
        self.panel.outcome_selected.connect(self.rob_form.select_outcome)
        self.panel.outcome_selected.connect(self.rob_figures.show_outcome)
        self.panel.outcome_selected.connect(self.certainty_view.select_outcome)
        self.controller.changed.connect(self._on_changed)
        self.controller.failed.connect(self._show_failure)
        self._restore_geometry()

    # --- menus --------------------------------------------------------------------------
    def _action(self, menu, text: str, slot, shortcut=None) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(slot)
        menu.addAction(action)
        return action

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu("&File")
        self._action(file_menu, "&New project…", self.new_project, QKeySequence.StandardKey.New)
        self._action(file_menu, "&Open…", self.open_dialog, QKeySequence.StandardKey.Open)
        self.recent_menu = file_menu.addMenu("Open &Recent")
        self._action(file_menu, "&Import spreadsheet…", self.import_spreadsheet, "Ctrl+I")
        self._action(file_menu, "Import Rev&Man review…", self.import_revman, "Ctrl+Shift+I")
        self._action(file_menu, "&Export to RevMan…", self.export_revman)
        self.certainty_exports = CertaintyExports(self, file_menu)
        self.save_as_action = self._action(file_menu, "Save &As…", self.save_as,
                                           QKeySequence.StandardKey.SaveAs)
        self.close_action = self._action(file_menu, "&Close project", self.close_project,
                                         QKeySequence.StandardKey.Close)
        file_menu.addSeparator()
        self._action(file_menu, "&Quit", self.close, QKeySequence.StandardKey.Quit)
        edit = bar.addMenu("&Edit")
        self.undo_action = self._action(edit, "&Undo", self.controller.undo,
                                        QKeySequence.StandardKey.Undo)
        self.redo_action = self._action(edit, "&Redo", self.controller.redo,
                                        QKeySequence.StandardKey.Redo)
        self.view_menu = bar.addMenu("&View")
        self.file_menu = file_menu
        review = bar.addMenu("&Review")
        self._action(review, "Work as &reviewer…", self.choose_reviewer, "Ctrl+Shift+R")
        self.review_menu = review
        self.help_menu = bar.addMenu("&Help")
        self._action(self.help_menu, "&About Evidence Workbench", self.about)
        self._refresh_recent_menu()
        self._refresh_actions()

    def _refresh_actions(self) -> None:
        project = self.controller.project
        history = project.history if project else None
        undo, redo = (history.undo_label(), history.redo_label()) if history else (None, None)
        self.undo_action.setText(f"&Undo {undo}" if undo else "&Undo")
        self.redo_action.setText(f"&Redo {redo}" if redo else "&Redo")
        self.undo_action.setEnabled(bool(undo))
        self.redo_action.setEnabled(bool(redo))
        self.save_as_action.setEnabled(project is not None)
        self.close_action.setEnabled(project is not None)

    # --- opening and closing ------------------------------------------------------------
    def open_path(self, path: Path | str) -> bool:
        """Open a project; on failure tell the user and keep what was open."""
        try:
            self.controller.open(path)
        except OSError as err:
            self._show_failure(str(err))
            return False
        self.open_path_done(path)
        return True

    def open_path_done(self, path: Path | str) -> None:
        """After a project opened: remember it, select an outcome, say if it is read-only."""
        project = self.controller.project
        self._remember_recent(project.path)
        self.panel.select_first_outcome()
        if self.panel.current_outcome() is None:  # an empty review: say what to do next
            self.outcome_view.show_outcome(None)
            self.rob_figures.show_outcome(None)
        if project.read_only:
            self._show_failure(f"{project.path.name} is open read-only: it was made by a newer "
                               "version of Evidence Workbench, or you may not write to it.")

    def new_project(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "New project", "", FILE_FILTER)
        if path:
            path = path if path.endswith(".wbproj") else f"{path}.wbproj"
            if Path(path).exists():
                self._show_failure(f"{path} already exists; choose another name.")
                return
            self.outline.create(Path(path))

    def open_dialog(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Open project", "", FILE_FILTER)
        if path:
            self.open_path(path)

    def save_as(self) -> None:
        project = self.controller.project
        path, _ = QFileDialog.getSaveFileName(self, "Save a copy as", "", FILE_FILTER)
        if not path or project is None:
            return
        try:
            project.save_as(path)
        except OSError as err:
            self._show_failure(str(err))
            return
        self.open_path(path)

    def close_project(self) -> None:
        self.controller.close()
        self.outcome_view.show_outcome(None)
        self.rob_figures.show_outcome(None)

    def choose_reviewer(self) -> None:
        project = self.controller.project
        if project is None:
            return
        names = [r.name for r in project.store.reviewers()] or [project.reviewer]
        name, ok = QInputDialog.getItem(self, "Work as reviewer",
                                        "Your name (type a new one to add a reviewer):", names,
                                        names.index(project.reviewer)
                                        if project.reviewer in names else 0, True)
        if ok and name.strip():
            self.controller.set_reviewer(name)
            self.settings.setValue("reviewer", project.reviewer)

    def import_spreadsheet(self) -> None:
        from workbench.gui.import_wizard import ImportWizard

        self.import_wizard = ImportWizard(self.controller, self)
        self.import_wizard.open()

    def import_revman(self) -> None:
        from workbench.gui.revman_actions import import_revman

        if import_revman(self, self.controller):
            self.panel.select_first_outcome()

    def export_revman(self) -> None:
        from workbench.gui.revman_actions import export_revman

        export_revman(self, self.controller)

    def about(self) -> None:
        from workbench.gui.about import show_about

        show_about(self)

    # --- recent files and geometry ------------------------------------------------------
    def recent_files(self) -> list[str]:
        value = self.settings.value("recent_files", [])
        return [value] if isinstance(value, str) else list(value or [])

    def _remember_recent(self, path: Path) -> None:
        entry = str(Path(path).resolve())
        recent = [entry] + [p for p in self.recent_files() if p != entry]
        self.settings.setValue("recent_files", recent[:MAX_RECENT])
        self._refresh_recent_menu()

    def _refresh_recent_menu(self) -> None:
        self.recent_menu.clear()
        for path in self.recent_files():
            action = self.recent_menu.addAction(Path(path).name)
            action.setToolTip(path)
            action.triggered.connect(lambda _=False, p=path: self.open_path(p))
        self.recent_menu.setEnabled(bool(self.recent_files()))

    def _restore_geometry(self) -> None:
        """The size (and maximised state) it had when last closed, else one fitted to the
        screen; `opens_maximised` tells app.run to show it maximised on a small screen."""
        geometry = self.settings.value("geometry")
        self.opens_maximised = False
        if geometry is not None and self.restoreGeometry(geometry):
            return
        area = starting_screen_area()
        size, self.opens_maximised = first_size(area)
        self.resize(size)
        self.move(area.center() - self.rect().center())

    def closeEvent(self, event) -> None:
        self.settings.setValue("geometry", self.saveGeometry())
        self.controller.close()
        super().closeEvent(event)

    # --- drag and drop ------------------------------------------------------------------
    def dragEnterEvent(self, event) -> None:
        if any(u.toLocalFile().endswith(".wbproj") for u in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:
        for url in event.mimeData().urls():
            if url.toLocalFile().endswith(".wbproj"):
                self.open_path(url.toLocalFile())
                return

    # --- reacting to changes ------------------------------------------------------------
    def _on_changed(self, changes: Changes, _initiator: object) -> None:
        project = self.controller.project
        if project is None:
            self.setWindowTitle("Evidence Workbench")
            self.status_project.setText("No project open: File ▸ Open or New")
            self.status_reviewer.setText("")
        else:
            title = project.store.review().get("title", project.path.stem)
            flag = " [read-only]" if project.read_only else ""
            self.setWindowTitle(f"{title} — {project.path.name}{flag} — Evidence Workbench")
            self.status_project.setText(f"{project.path}{flag}  ·  saved automatically")
            self.status_reviewer.setText(f"Reviewer: {project.reviewer}")
        self._refresh_actions()

    def show_tab(self, name: str) -> bool:
        """Bring the tab whose title contains `name` (any case) to the front."""
        for index in range(self.tabs.count()):
            if name.lower() in self.tabs.tabText(index).lower():
                self.tabs.setCurrentIndex(index)
                return True
        return False

    def show_failure_later(self, message: str) -> None:
        QTimer.singleShot(0, lambda: self._show_failure(message))

    def _show_failure(self, message: str) -> None:
        self.statusBar().showMessage(message, 8000)
        if self.isVisible():
            # Non-blocking, so a refused edit never freezes typing (or a test) behind a modal.
            box = QMessageBox(QMessageBox.Icon.Warning, "Evidence Workbench", message,
                              QMessageBox.StandardButton.Ok, self)
            box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            box.open()
