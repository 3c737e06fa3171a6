"""The right-hand side of the working screen: forest or funnel plot, what-if toggles, export."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QPushButton,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from workbench.gui.flow_layout import FlowLayout, labelled
from workbench.gui.forest.export import export_figure
from workbench.gui.forest.funnel import FunnelPlotWidget
from workbench.gui.forest.widget import ForestPlotWidget

SORTS = (("input", "File order"), ("study", "Study"), ("year", "Year"),
         ("weight", "Weight"), ("effect", "Effect"))
FIGURE_FILTER = "SVG (*.svg);;PDF (*.pdf);;PNG, 300 dpi (*.png)"


class PlotPanel(QWidget):
    """Emits `what_if_changed` when a sensitivity toggle changes what the analysis includes."""

    what_if_changed = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self.forest = ForestPlotWidget()
        self.funnel = FunnelPlotWidget()
        self.stack = QStackedWidget()
        self.stack.addWidget(self.forest)
        self.stack.addWidget(self.funnel)
        self.view = QComboBox()
        self.view.addItems(["Forest plot", "Funnel plot"])
        self.view.currentIndexChanged.connect(self._switch_view)
        self.sort = QComboBox()
        for key, text in SORTS:
            self.sort.addItem(text, key)
        self.sort.currentIndexChanged.connect(
            lambda: self.forest.set_sort(self.sort.currentData()))
        self.exclude_high = QCheckBox("Without high risk of bias")
        self.exclude_high.setToolTip("What if: leave out studies judged at high risk of bias "
                                     "overall (nothing is changed in the project)")
        self.exclude_high.toggled.connect(self.what_if_changed)
        self.leave_out = QComboBox()
        self.leave_out.setToolTip("What if: leave one study out (nothing is changed)")
        self.leave_out.currentIndexChanged.connect(self.what_if_changed)
        self.mark_conflicts = QCheckBox("Mark disagreements")
        self.mark_conflicts.setChecked(True)
        self.mark_conflicts.setToolTip("† after a study: its reviewers disagree on a value that "
                                       "is left out until the conflict is resolved")
        self.mark_conflicts.toggled.connect(self.what_if_changed)
        self.data_view = QComboBox()
        self.data_view.setToolTip("Whose values the analysis shows. The grid always holds "
                                  "yours; † marks a study the reviewers disagree on")
        self.data_view.currentIndexChanged.connect(self.what_if_changed)
        self.export_button = QPushButton("Export figure…")
        self.export_button.clicked.connect(self.export_dialog)
        self.zoom_buttons = self._zoom_controls()
        self._layout()

    def _layout(self) -> None:
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        # One flowing toolbar: on a narrow screen the controls wrap instead of being cut.
        tools = FlowLayout()
        tools.add(self.view, labelled("Sort", self.sort), *self.zoom_buttons,
                  self.export_button, labelled("Values:", self.data_view),
                  self.mark_conflicts, labelled("What if:", self.exclude_high),
                  labelled("Leave out", self.leave_out))
        column.addLayout(tools)
        column.addWidget(self.stack, 1)
        # The toolbar may be cut on a narrow screen; the window must still fit a laptop.
        self.setMinimumWidth(320)

    def _zoom_controls(self) -> list[QToolButton]:
        """−, +, Fit buttons, and Ctrl+-, Ctrl++ (or Ctrl+=), Ctrl+0 while the plot is shown
        (typing in the grid beside it is where a reviewer's hands are)."""
        f = self.forest
        actions = ((f.zoom_out, "−", "Zoom out (Ctrl+−)", [QKeySequence.StandardKey.ZoomOut]),
                   (f.zoom_in, "+", "Zoom in (Ctrl++)",
                    [QKeySequence.StandardKey.ZoomIn, QKeySequence("Ctrl+=")]),
                   (f.zoom_fit, "Fit", "Whole width in view (Ctrl+0)", [QKeySequence("Ctrl+0")]))
        buttons = []
        for slot, text, tip, keys in actions:
            button = QToolButton(text=text, toolTip=tip, autoRaise=True)
            button.clicked.connect(slot)
            buttons.append(button)
            for key in keys:
                shortcut = QShortcut(key, self, context=Qt.ShortcutContext.WindowShortcut)
                shortcut.activated.connect(slot)
        return buttons

    def set_sort(self, key: str) -> None:
        """Choose a sort (an outcome's own, e.g. from a RevMan file); unknown keys are ignored."""
        index = self.sort.findData(key)
        if index >= 0:
            self.sort.setCurrentIndex(index)

    @property
    def showing_funnel(self) -> bool:
        return self.view.currentIndex() == 1

    def _switch_view(self, index: int) -> None:
        self.stack.setCurrentIndex(index)
        self.sort.setEnabled(index == 0)
        self.what_if_changed.emit()  # the funnel needs the small-study tests computed

    def set_studies(self, labels: list[str]) -> None:
        """Offer the outcome's studies for leave-one-out, keeping the choice where possible."""
        current = self.leave_out.currentText()
        wanted = ["(none)", *labels]
        if [self.leave_out.itemText(i) for i in range(self.leave_out.count())] == wanted:
            return
        self.leave_out.blockSignals(True)
        self.leave_out.clear()
        self.leave_out.addItems(wanted)
        self.leave_out.setCurrentIndex(max(0, self.leave_out.findText(current)))
        self.leave_out.blockSignals(False)

    def set_views(self, views: list[tuple[str, object]]) -> None:
        """Offer (text, DataView) choices, keeping the chosen kind (and reviewer) if still there."""
        current = self.data_view.currentData()
        if [self.data_view.itemData(i) for i in range(self.data_view.count())] == [
                v for _, v in views]:
            return
        self.data_view.blockSignals(True)
        self.data_view.clear()
        for text, view in views:
            self.data_view.addItem(text, view)
        same = [i for i, (_, v) in enumerate(views) if current is not None and (
            v == current or (v.kind == current.kind == "mine"))]
        default = [i for i, (_, v) in enumerate(views) if v.kind == "consensus"]
        self.data_view.setCurrentIndex((same or default or [0])[0])
        self.data_view.blockSignals(False)

    def chosen_view(self):
        return self.data_view.currentData()

    def left_out(self) -> str | None:
        return None if self.leave_out.currentIndex() <= 0 else self.leave_out.currentText()

    def set_rob_available(self, available: bool) -> None:
        self.exclude_high.setEnabled(available)
        if not available and self.exclude_high.isChecked():
            self.exclude_high.setChecked(False)

    def suggest_export(self, folder: Path, name: str) -> None:
        """Where the export dialog starts: the project's folder, a name from the outcome."""
        self._suggested = (folder, name)

    def suggested_path(self) -> str:
        """'<project folder>/<comparison - outcome> forest plot.svg' (or funnel plot)."""
        folder, name = getattr(self, "_suggested", (Path.home(), "figure"))
        kind = "funnel plot" if self.showing_funnel else "forest plot"
        safe = "".join(ch if ch.isalnum() or ch in " -_.,()%+" else "_" for ch in name).strip()
        return str(folder / f"{safe or 'figure'} {kind}.svg")

    def export_dialog(self) -> None:
        path, chosen = QFileDialog.getSaveFileName(self, "Export figure", self.suggested_path(),
                                                   FIGURE_FILTER)
        if path:
            self.export(path, chosen)

    def export(self, path: str, chosen_filter: str = "") -> str:
        """Write the figure on show; the file name's suffix (or the filter) picks the format."""
        if not path.lower().endswith((".svg", ".pdf", ".png")):
            path += ".png" if "PNG" in chosen_filter else ".pdf" if "PDF" in chosen_filter \
                else ".svg"
        figure = self.funnel if self.showing_funnel else self.forest
        return str(export_figure(figure, path, dpi=300))
