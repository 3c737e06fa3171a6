"""The main window's outline parts: new review, empty state, History tab, characteristics."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QDialog

from workbench.gui.characteristics_form import CharacteristicsForm
from workbench.gui.history_view import HistoryView
from workbench.gui.new_project_dialog import NewProjectDialog, NewReview
from workbench.session.project import Project


class WindowOutline:
    """Wires the outline editor into the window (kept apart so main_window stays small)."""

    def __init__(self, window):
        self.window = window
        self.history = HistoryView(window.controller)
        window.tabs.addTab(self.history, "History")
        self.history.jump.connect(self.jump)
        window.outcome_view.empty.chosen.connect(self.empty_state_choice)
        window.panel.characteristics_requested.connect(self.characteristics)

    # --- a new review ----------------------------------------------------------------------
    def ask_review(self, path: Path) -> NewReview | None:
        """The title, question and first comparison (replaced in tests)."""
        dialog = NewProjectDialog(self.window, title=path.stem)
        return dialog.review() if dialog.exec() == QDialog.DialogCode.Accepted else None

    def create(self, path: Path) -> bool:
        """Create the file with its title, record the question and first comparison, show it."""
        review = self.ask_review(path)
        if review is None:
            return False
        try:
            project = Project.create(path, review.title)
        except OSError as err:
            self.window._show_failure(str(err))
            return False
        project.close()
        if not self.window.open_path(path):
            return False
        commands = review.commands()
        if commands is not None:
            self.window.controller.execute(commands)
        return True

    # --- empty state -----------------------------------------------------------------------
    def empty_state_choice(self, key: str) -> None:
        w = self.window
        panel = w.panel
        actions = {
            "new": w.new_project, "open": w.open_dialog, "import": w.import_spreadsheet,
            "demo": self.open_demo,
            "add_study": lambda: panel.actions.new_study(),
            "add_outcome": self.add_outcome,
        }
        actions[key]()

    def add_outcome(self) -> None:
        """An outcome under the first comparison; a comparison first when there is none."""
        panel = self.window.panel
        store = self.window.controller.project.store
        if not store.comparisons():
            panel.actions.new_comparison()
        comparisons = store.comparisons()
        if comparisons:
            outcome_id = panel.actions.new_outcome(comparisons[0].id)
            if outcome_id is not None:
                panel.select_outcome(outcome_id)

    def open_demo(self) -> None:
        from workbench.gui.app import demo_location
        from workbench.session.demo import write_demo

        path = demo_location()
        if not path.exists():
            write_demo(path)
        self.window.open_path(path)

    # --- characteristics and jumps ---------------------------------------------------------
    def characteristics(self, study_id: int) -> CharacteristicsForm:
        form = CharacteristicsForm(self.window.controller, study_id, self.window)
        form.open()
        self.form = form
        return form

    def jump(self, outcome_id: int, study_id: int) -> None:
        """From a History row to its outcome's grid, on the study's row."""
        w = self.window
        if outcome_id >= 0 and w.controller.project.store.outcome(outcome_id) is not None:
            w.panel.select_outcome(outcome_id)
            w.tabs.setCurrentWidget(w.outcome_view)
            w.outcome_view.select_study(study_id)
        elif study_id >= 0:
            w.panel.select("study", study_id)
