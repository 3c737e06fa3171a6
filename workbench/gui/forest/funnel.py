"""FunnelPlotWidget: study estimates against their standard errors with pseudo-95% limits."""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QRectF, Qt
from PySide6.QtWidgets import QVBoxLayout, QWidget

from workbench.core.report_text import MEASURE_NAMES, format_p
from workbench.core.results import MetaResult
from workbench.gui.forest.geometry import make_fonts
from workbench.gui.forest.notes import FigureNotes, add_note_items
from workbench.gui.forest.scale import Scale, choose_scale
from workbench.gui.forest.widget import NAVY

_Z95 = 1.959963984540054  # normal quantile of the pseudo-95% limits


class FunnelPlotWidget(QWidget):
    """yi against SE (y inverted, 0 at the top) around the pooled estimate; items persist."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.fonts = make_fonts(12)
        self.plot_widget = pg.PlotWidget(background="w")
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(self.plot_widget)
        self.plot = self.plot_widget.getPlotItem()
        self.plot.invertY(True)
        self.plot.setMenuEnabled(False)
        self.plot.hideButtons()
        for name in ("bottom", "left"):
            axis = self.plot.getAxis(name)
            axis.setPen(pg.mkPen("k"))
            axis.setTextPen(pg.mkPen("k"))
            axis.setStyle(tickFont=self.fonts.normal, hideOverlappingLabels=False)
            axis.enableAutoSIPrefix(False)
        self.points = pg.ScatterPlotItem(symbol="o", size=8, pen=pg.mkPen(NAVY),
                                         brush=pg.mkBrush(NAVY))
        self.limits = pg.PlotDataItem(pen=pg.mkPen("k", width=1, style=Qt.PenStyle.DashLine),
                                      connect="pairs")
        self.centre = pg.InfiniteLine(angle=90, pen=pg.mkPen("k", width=1))
        for item in (self.limits, self.centre, self.points):
            self.plot.addItem(item)
        self.egger_text = ""
        self.notes: FigureNotes | None = None  # title and method line of exported figures
        self._note_items: list = []

    @property
    def scene(self):
        return self.plot_widget.scene()

    def set_data(self, result: MetaResult) -> None:
        """Show the included studies of `result`; limits around its pooled estimate."""
        studies = [s for s in result.studies
                   if s.included and s.yi is not None and s.vi is not None and s.vi > 0]
        log = result.scale == "log"
        to = (lambda v: v / math.log(10)) if log else (lambda v: v)
        yi = np.array([to(s.yi) for s in studies], dtype=float)
        se = np.sqrt(np.array([s.vi for s in studies], dtype=float))
        self.points.setData(x=yi, y=se)
        top = float(se.max()) * 1.08 if se.size else 1.0
        est = result.estimate
        if est is not None:
            self.centre.setValue(to(est))
            self.limits.setData(x=[to(est), to(est - _Z95 * top), to(est), to(est + _Z95 * top)],
                                y=[0.0, top, 0.0, top])
        self._set_axes(result, studies, top, log)
        self.egger_text = _egger_text(result)
        self.plot.setTitle(self.egger_text, color="k", size="10pt")
        self.plot.layout.activate()

    def _set_axes(self, result: MetaResult, studies, top: float, log: bool) -> None:
        values = [v for s in studies for v in (s.yi,)]
        if result.estimate is not None:
            values += [result.estimate - _Z95 * top, result.estimate + _Z95 * top]
        scale = choose_scale(values, log)
        xs = [scale.to_plot(v) for v in values] or [scale.x_min, scale.x_max]
        bottom = self.plot.getAxis("bottom")
        bottom.setTicks([_ticks(scale, min(xs), max(xs)), []])
        name = MEASURE_NAMES.get(result.measure, result.measure)
        bottom.setLabel(f"{name} ({'log scale' if log else 'difference'})", color="k")
        self.plot.getAxis("left").setLabel(f"SE({'log ' if log else ''}{name})", color="k")
        # Fit the data rather than the symmetric forest axis.
        self.plot.setXRange(min(xs), max(xs), padding=0.05)
        self.plot.setYRange(0.0, top, padding=0.0)

    def set_figure_size(self, width: int, height: int) -> None:
        """Size the plot without showing a window (headless export)."""
        self.resize(width, height)
        self.plot_widget.resize(width, height)
        # pyqtgraph lays out its central item on resizeEvent, which a hidden widget defers.
        self.plot_widget.resizeEvent(None)
        self.plot.layout.activate()

    def set_figure_notes(self, notes: FigureNotes | None) -> None:
        self.notes = notes

    def figure_rect(self) -> QRectF:
        rect = self.plot.sceneBoundingRect()
        if self._note_items and self.notes is not None:
            rect.adjust(0, -self.notes.head, 0, 0)
        return rect

    def export_begin(self, scale: float) -> None:
        if self.notes is not None:
            plain = FigureNotes(self.notes.title, self.notes.method)  # no RoB legend here
            self._note_items = add_note_items(self.scene, plain, self.fonts.normal,
                                              self.plot.sceneBoundingRect())

    def export_end(self) -> None:
        for item in self._note_items:
            self.scene.removeItem(item)
        self._note_items = []


def _ticks(scale: Scale, low: float, high: float) -> list[tuple[float, str]]:
    """Ratio ticks 1-2-5 per decade inside the data range (decades only when crowded)."""
    if not scale.log:
        return list(scale.ticks)
    values = [m * 10.0 ** e for e in range(-4, 5) for m in (1, 2, 5)]
    inside = [v for v in values if low <= math.log10(v) <= high]
    if len(inside) > 9:
        inside = [v for v in inside if math.log10(v).is_integer()]
    return [(math.log10(v), f"{v:g}") for v in inside]


def _egger_text(result: MetaResult) -> str:
    egger = result.egger
    if egger is None:
        return ""
    return (f"Egger's test: intercept = {egger.intercept:.2f} (SE {egger.se:.2f}), "
            f"t = {egger.statistic:.2f}, df = {egger.df}, {format_p(egger.p)}")
