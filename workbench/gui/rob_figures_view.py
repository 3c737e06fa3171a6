"""Risk-of-bias figures in the app: traffic-light and summary plots, as exported."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from workbench.gui.lazy import RefreshWhenShown
from workbench.gui.rob_figures import RobFigure, RobFigureWidget
from workbench.session.changes import Changes
from workbench.session.rob import outcome_weights, rob_table

KINDS = (("traffic-light", "Traffic-light plot"), ("rob-summary", "Summary plot"))
SCHEMES = (("cochrane", "Cochrane colours"), ("colourblind", "Colour-blind safe"))
FIGURE_FILTER = "SVG (*.svg);;PDF (*.pdf);;PNG, 300 dpi (*.png)"


class RobFiguresView(RefreshWhenShown, QWidget):
    """Shows the RoB 2 figure of the outcome chosen in the project panel; redraws on change."""

    def __init__(self, controller, parent=None):
        super().__init__(parent)
        self.controller = controller
        self.outcome_id: int | None = None
        self.figure: RobFigure | None = None
        self.kind, self.scheme = QComboBox(), QComboBox()
        for combo, items in ((self.kind, KINDS), (self.scheme, SCHEMES)):
            for key, text in items:
                combo.addItem(text, key)
            combo.currentIndexChanged.connect(self.refresh)
        self.weighted = QCheckBox("Weighted by the meta-analysis")
        self.weighted.toggled.connect(self.refresh)
        self.export_button = QPushButton("Export figure…")
        self.export_button.clicked.connect(self.export_dialog)
        self.message = QLabel()
        self.canvas = RobFigureWidget()
        self._layout()
        controller.changed.connect(self._on_changed)

    def _layout(self) -> None:
        bar = QHBoxLayout()
        for widget in (self.kind, self.scheme, self.weighted):
            bar.addWidget(widget)
        bar.addStretch(1)
        bar.addWidget(self.export_button)
        scroll = QScrollArea()
        scroll.setWidget(self.canvas)
        scroll.setWidgetResizable(False)
        column = QVBoxLayout(self)
        column.addLayout(bar)
        column.addWidget(self.message)
        column.addWidget(scroll, 1)

    def show_outcome(self, outcome_id: int | None) -> None:
        self.outcome_id = outcome_id
        self.request_refresh()

    def _on_changed(self, changes: Changes, _initiator: object) -> None:
        if self.outcome_id is not None and (changes.rob or changes.everything
                                            or changes.touches_outcome(self.outcome_id)):
            self.request_refresh()

    def refresh(self, *_args) -> None:
        project = self.controller.project
        self.weighted.setEnabled(self.kind.currentData() == "rob-summary")
        if project is None or self.outcome_id is None:
            self._show(None, "Choose an outcome in the project panel.")
            return
        table = rob_table(project, "rob2", self.outcome_id)
        if not table.rows:
            self._show(None, "No study of this outcome has a RoB 2 assessment yet: fill one "
                             "in on the Risk of bias tab.")
            return
        weights = (outcome_weights(project, self.outcome_id)
                   if self.weighted.isChecked() and self.weighted.isEnabled() else None)
        outcome = project.store.outcome(self.outcome_id)
        figure = RobFigure(table, self.kind.currentData(), self.scheme.currentData(), weights,
                           title=outcome.label if outcome is not None else "")
        disputed = sum(1 for row in table.rows if row.conflicts)
        note = (f"{disputed} studies have judgements the reviewers disagree on, marked '!' "
                "until resolved on the Conflicts tab." if disputed else "")
        self._show(figure, note)

    def _show(self, figure: RobFigure | None, message: str) -> None:
        self.figure = figure
        self.canvas.set_figure(figure)
        if figure is not None:
            self.canvas.resize(figure.size().toSize())
        self.message.setText(message)
        self.message.setVisible(bool(message))
        self.export_button.setEnabled(figure is not None)

    def suggested_path(self) -> str:
        """The project's folder and a name from the outcome and the figure's kind."""
        project = self.controller.project
        folder = project.path.parent if project is not None else Path.home()
        outcome = project.store.outcome(self.outcome_id) if project and self.outcome_id else None
        name = f"{outcome.label} " if outcome is not None else ""
        safe = "".join(ch if ch.isalnum() or ch in " -_.,()%+" else "_" for ch in name)
        return str(folder / f"{safe}{self.kind.currentData()}.svg")

    def export_dialog(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "Export figure", self.suggested_path(),
                                              FIGURE_FILTER)
        if path and self.figure is not None:
            self.figure.export(path)
