"""The working screen for one outcome: data grid and settings left, live forest plot right."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QLabel,
    QLineEdit,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from workbench.core.meta import MetaInputError
from workbench.core.report_text import effect_text
from workbench.core.results import MetaResult
from workbench.gui.analysis_panel import AnalysisPanel
from workbench.gui.controller import Controller
from workbench.gui.empty_state import EmptyState
from workbench.gui.forest.layout import DISPUTED_MARK
from workbench.gui.forest.notes import figure_notes
from workbench.gui.grid_model import OutcomeGridModel
from workbench.gui.grid_view import OutcomeGridView
from workbench.gui.plot_panel import PlotPanel
from workbench.session.analysis import OutcomeData, load_outcome
from workbench.session.changes import Changes
from workbench.session.commands import SetAnalysisSettings, SetFavoursLabels
from workbench.session.data_view import CONSENSUS, MINE, REVIEWER, DataView, view_rows
from workbench.session.dual import hidden_studies
from workbench.session.rob import RobTable, rob_table
from workbench.storage.outline import subgroups

# Bursts of edits (fast typing, undo held down) are folded into one recompute.
COALESCE_MS = 0  # next turn of the event loop: edits already queued fold into one
ROB_TOOL = "rob2"  # the judgements shown beside the forest plot and used by "what if"


class OutcomeView(QWidget):
    """Shows one outcome; refreshes itself from the controller's `changed` signal only."""

    result_ready = Signal(object)  # MetaResult, after each recompute (tests and status bar)

    def __init__(self, controller: Controller, parent=None):
        super().__init__(parent)
        self.controller = controller
        self.outcome_id: int | None = None
        self.data: OutcomeData | None = None
        self.result: MetaResult | None = None
        self.model = OutcomeGridModel(controller, self)
        self.grid = OutcomeGridView(self.model)
        self.filter = QLineEdit(placeholderText="Filter studies…", clearButtonEnabled=True)
        self.filter.textChanged.connect(self.grid.set_filter)
        self.panel = AnalysisPanel()
        self.panel.settings_changed.connect(self._settings_changed)
        self.panel.favours_changed.connect(self._favours_changed)
        self.summary = QLabel(wordWrap=True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.plots = PlotPanel()
        self.plots.what_if_changed.connect(self._recompute)
        self.forest = self.plots.forest
        self.empty = EmptyState()
        self._rob: RobTable | None = None
        self._timer = QTimer(self, singleShot=True, interval=COALESCE_MS)
        self._timer.timeout.connect(self.refresh)
        self._layout()
        controller.changed.connect(self._on_changed)

    def _layout(self) -> None:
        left = QWidget()
        left.setMinimumWidth(300)
        column = QVBoxLayout(left)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.filter)
        column.addWidget(self.grid, 1)
        column.addWidget(self.panel)
        column.addWidget(self.summary)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(self.plots)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        splitter.setSizes([440, 960])
        self.stack = QStackedWidget()
        self.stack.addWidget(self.empty)
        self.stack.addWidget(splitter)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.stack)

    def show_outcome(self, outcome_id: int | None) -> None:
        self.outcome_id = outcome_id
        self._rob = None
        self.refresh()
        if self.data is not None and self.data.plot_sort:
            self.plots.set_sort(self.data.plot_sort)
        self.grid.fit_columns()

    def _on_changed(self, changes: Changes, _initiator: object) -> None:
        if self.outcome_id is None or self.controller.project is None:
            return
        if changes.everything or changes.rob or changes.structure or changes.reviewers:
            self._rob = None  # judgements may have changed: read them again
        if changes.everything or changes.touches_outcome(self.outcome_id) or changes.reviewers \
                or changes.rob:
            self._timer.start()

    def refresh(self) -> None:
        """Reload the outcome, recompute with the core engine and feed grid, panel and plot."""
        project = self.controller.project
        if project is None or self.outcome_id is None or project.store.outcome(
                self.outcome_id) is None:
            self._show_empty(project)
            return
        self.stack.setCurrentIndex(1)
        self.data = load_outcome(project.store, self.outcome_id)
        self.model.hidden_studies = self._hidden_studies(project)
        self.model.set_outcome_data(self.data, project.reviewer)
        self.plots.set_views(self._views(project))
        comparison = self.data.comparison
        self.panel.set_outcome(self.data.outcome,
                               (comparison.group_label_1, comparison.group_label_2))
        self.panel.setEnabled(not project.read_only)
        self._recompute()

    def _show_empty(self, project) -> None:
        """Nothing of any project stays on screen: the grid, panel and results are emptied and
        the empty-state page says what to do next."""
        self.data, self.result = None, None
        self.model.set_outcome_data(None, "")
        self.panel.set_outcome(None)
        self.plots.set_views([])
        self.plots.set_studies([])
        self.summary.clear()
        self.empty.show_case(project is not None,
                             project is not None and bool(project.store.outcomes()))
        self.stack.setCurrentIndex(0)

    @staticmethod
    def _views(project) -> list[tuple[str, DataView]]:
        me = project.reviewer
        others = [r.name for r in project.store.reviewers() if r.name != me]
        return [("Agreed values", DataView(CONSENSUS)), (f"My values ({me})", DataView(MINE, me)),
                *[(f"{name}'s values", DataView(REVIEWER, name)) for name in others]]

    @property
    def blind(self) -> bool:
        return self.controller.blind

    def set_blind(self, on: bool) -> None:
        self.controller.set_blind(on)
        self.refresh()

    def _hidden_studies(self, project) -> frozenset[int]:
        """Studies whose other-reviewer values the current reviewer may not see yet."""
        if not self.blind or len(project.store.reviewers()) < 2:
            return frozenset()
        return frozenset(hidden_studies(project, project.reviewer,
                                        {r.study_id for r in self.data.rows}))

    def select_study(self, study_id: int) -> None:
        """Put the grid's cursor on a study's row (History's jump to the cell)."""
        if self.data is None:
            return
        for number, row in enumerate(self.data.rows):
            if row.study_id == study_id:
                index = self.grid.proxy.mapFromSource(self.model.index(number, 0))
                self.grid.setCurrentIndex(index)
                self.grid.scrollTo(index)
                self.grid.setFocus()

    def current_row(self):
        """The outcome row under the grid's cursor, or None."""
        index = self.grid.currentIndex()
        if self.data is None or not index.isValid():
            return None
        return self.model.row_at(self.grid.proxy.mapToSource(index).row())

    def _recompute(self) -> None:
        data = self.data
        if data is None:
            return
        rob = self._rob_table()
        self.plots.set_rob_available(bool(rob and rob.rows))
        self.plots.set_studies([r.study for r in data.rows if r.included])
        left_out = self._what_if_exclusions(rob)
        view = self.plots.chosen_view() or DataView(CONSENSUS)
        project = self.controller.project
        rows = view_rows(data, view, project.reviewer, hidden=self.model.hidden_studies,
                         exclude=left_out, subgroup_order=subgroups(project.store,
                                                                    self.outcome_id))
        self.forest.view_name = view.title
        rob_marks = rob.for_forest() if rob and rob.rows else None
        rows = self._shown_disputes(rows)
        try:
            rows, self.result = data.analyse(rows, bias=self.plots.showing_funnel)
        except MetaInputError as err:  # e.g. imported events > total: say so, keep working
            self.summary.setText(f"Cannot analyse: {err}")
            return
        if self.plots.showing_funnel:
            self.plots.funnel.set_data(self.result)
            self.plots.funnel.set_figure_notes(figure_notes(self.result, data.outcome,
                                                            data.comparison))
        self.forest.set_data(self.result, rows, data.outcome, data.comparison, rob_marks)
        legend = rob.legend() if rob and rob.rows else ()
        self.forest.set_figure_notes(figure_notes(self.result, data.outcome, data.comparison,
                                                  legend))
        self.plots.suggest_export(self.controller.project.path.parent,
                                  f"{data.comparison.label} - {data.outcome.label}")
        what_if = f" — what if: {len(left_out)} left out" if left_out else ""
        note = _dispute_note(rows, self.result)
        self.summary.setText(f"{summary_text(self.result)} ({view.title}){what_if}{note}")
        self.result_ready.emit(self.result)

    def _shown_disputes(self, rows: list) -> list:
        """The plot marks disputed studies itself; blind mode or the toggle hides the mark."""
        hidden = self.model.hidden_studies
        keep = self.plots.mark_conflicts.isChecked()
        return [r if (keep and r.study_id not in hidden) or not r.disputed
                else replace(r, disputed=False) for r in rows]

    def _rob_table(self) -> RobTable | None:
        """RoB 2 judgements of this outcome's studies (agreed ones), read once per change."""
        if self._rob is None and self.controller.project is not None:
            self._rob = rob_table(self.controller.project, ROB_TOOL, self.outcome_id)
        return self._rob

    def _what_if_exclusions(self, rob: RobTable | None) -> frozenset[int]:
        """Result ids the sensitivity toggles leave out (the project itself is untouched)."""
        studies: set[str] = set()
        if self.plots.left_out():
            studies.add(self.plots.left_out())
        if rob is not None and self.plots.exclude_high.isChecked():
            studies |= {r.study for r in rob.rows if r.overall == "High"}
        return frozenset(r.result_id for r in self.data.rows if r.study in studies)

    def _settings_changed(self, outcome_id: int, settings) -> None:
        self.controller.execute(SetAnalysisSettings(outcome_id, settings), self)

    def _favours_changed(self, outcome_id: int, left: str, right: str) -> None:
        self.controller.execute(SetFavoursLabels(outcome_id, left, right), self)


def summary_text(result: MetaResult) -> str:
    """One line a reviewer reads first: the pooled effect with its CI and heterogeneity."""
    if result.estimate is None:
        return "No study can be estimated yet: enter events and totals (or means and SDs)."
    effect = effect_text(result.estimate, result.ci_lower, result.ci_upper,
                         result.scale == "log")
    text = f"{result.measure} {effect} from {result.k} studies"
    if result.i2 is not None:
        text += f"; I² = {result.i2:.0f}%"
    if result.tau2 is not None:
        text += f", τ² = {result.tau2:.3g}"
    return text


def _dispute_note(rows: list, result: MetaResult) -> str:
    """Under the summary: what † means in this view (used, or left out until resolved)."""
    marked = [i for i, r in enumerate(rows) if r.disputed]
    if not marked:
        return ""
    kept = any(result.studies[i].included for i in marked)
    return (f"\n{DISPUTED_MARK} reviewers disagree on a value of this study; "
            + ("your value is used here, resolve it on the Conflicts tab." if kept
               else "it is left out until resolved (Conflicts tab)."))
