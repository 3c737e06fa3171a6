"""ForestPlotWidget: the RevMan-style forest plot, fed with MetaResults through set_data()."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QTransform
from PySide6.QtWidgets import QGraphicsView, QVBoxLayout, QWidget

from workbench.core.model import Comparison, Outcome, StudyRow
from workbench.core.results import MetaResult
from workbench.gui.forest.geometry import Geometry, make_fonts, measure
from workbench.gui.forest.items import PathItem, TextColumnsItem
from workbench.gui.forest.layout import SORT_KEYS, ForestLayout, build_layout
from workbench.gui.forest.notes import FigureNotes, add_note_items

NAVY = "#1F2D45"
PI_COLOUR = "#B03A2E"
_ARROW_PX = 9.0
MIN_SCREEN_SCALE = 0.55  # smaller than this and the 12 px text stops being readable
ZOOM_STEP = 1.25
ZOOM_LIMITS = (0.25, 4.0)  # relative to the fitted scale


class _PlotView(QGraphicsView):
    """A plain view that, like pyqtgraph's own, tells the scene before each paint: view boxes
    update their coordinate transforms only then, or every glyph lands in one corner."""

    def paintEvent(self, event) -> None:  # noqa: N802 - Qt override
        self.scene().prepareForPaint()
        super().paintEvent(event)


class ForestPlotWidget(QWidget):
    """A scrollable forest plot. Its items live as long as the widget; set_data() only feeds
    them new values, and re-measures text and axis only when the rows themselves change."""

    def __init__(self, parent: QWidget | None = None, *, font_px: int = 12):
        super().__init__(parent)
        self.fonts = make_fonts(font_px)
        self.view_name = ""  # whose values the plot shows, named in its header
        self.scene = pg.GraphicsScene(parent=self)
        self.view = _PlotView(self.scene, self)
        self.view.setBackgroundBrush(QColor("white"))
        self.view.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.view.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(self.view)
        self.texts = TextColumnsItem(self.fonts)
        self.viewbox = pg.ViewBox(enableMouse=False, enableMenu=False, invertY=True,
                                  defaultPadding=0.0)
        self.axis = pg.AxisItem("bottom", pen=pg.mkPen("k"), textPen=pg.mkPen("k"))
        self.axis.setStyle(tickFont=self.fonts.normal, tickLength=5, tickTextOffset=3,
                            hideOverlappingLabels=False)
        self.squares = pg.ScatterPlotItem(pxMode=True, symbol="s", pen=None, brush=NAVY)
        self.arrows = pg.ScatterPlotItem(pxMode=True, pen=None, brush="k", size=_ARROW_PX)
        self.whiskers = pg.ErrorBarItem(x=np.zeros(0), y=np.zeros(0), beam=0,
                                        pen=pg.mkPen("k", width=1))
        self.diamonds = PathItem(NAVY)
        self.pi_bars = PathItem(PI_COLOUR)
        self.null_line = pg.InfiniteLine(pos=0.0, angle=90, pen=pg.mkPen("k", width=1))
        self._assemble()
        self.layout_: ForestLayout | None = None
        self.geom: Geometry | None = None
        self._sort = "input"
        self._inputs: tuple | None = None
        self._text_cache: dict = {}
        self.zoom = 1.0  # the reviewer's zoom on top of the fitted scale (Ctrl +/-, Ctrl 0)
        self._all_rows = False  # an export draws every glyph, the screen only those in view
        self._glyph_rows = (0, 0)  # the rows whose glyphs the items hold now
        self.view.verticalScrollBar().valueChanged.connect(self._follow_scroll)
        self.notes: FigureNotes | None = None  # what an exported figure adds to the plot
        self._note_items: list = []

    def _assemble(self) -> None:
        # Items join the view box before it joins the scene: a pyqtgraph item added to the
        # scene without a parent looks for a pyqtgraph GraphicsView, and this is a plain one.
        for item in (self.null_line, self.whiskers, self.pi_bars, self.diamonds, self.squares,
                     self.arrows):
            self.viewbox.addItem(item, ignoreBounds=True)
        self.scene.addItem(self.texts)
        self.scene.addItem(self.viewbox)
        self.scene.addItem(self.axis)
        self.axis.linkToView(self.viewbox)
        self.viewbox.disableAutoRange()

    # --- public API -----------------------------------------------------------------------
    def set_data(self, result: MetaResult, rows: Sequence[StudyRow], outcome: Outcome,
                 comparison: Comparison, rob: Mapping | None = None) -> None:
        """Show `result` (computed by core.meta.run_meta from `rows`)."""
        self._inputs = (result, list(rows), outcome, comparison, rob)
        self._show(build_layout(result, rows, outcome, comparison, rob, self._sort,
                                self._text_cache, self.view_name))

    def set_figure_notes(self, notes: FigureNotes | None) -> None:
        """Title, method line and legend of exported figures (the screen shows none)."""
        self.notes = notes

    def set_sort(self, key: str) -> None:
        """Order studies within each subgroup by input, study, year, weight or effect."""
        if key not in SORT_KEYS:
            raise ValueError(f"unknown sort key {key!r}; use one of {', '.join(SORT_KEYS)}")
        self._sort = key
        if self._inputs is not None:
            self.set_data(*self._inputs)

    def figure_rect(self) -> QRectF:
        """The whole figure in scene coordinates (what export_figure renders); while
        exporting with notes, the title above and the legend below too."""
        if self.geom is None:
            return QRectF()
        rect = QRectF(0, 0, self.geom.width, self.geom.height)
        if self._note_items and self.notes is not None:
            rect.adjust(0, -self.notes.head, 0, self.notes.foot)
        return rect

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        if self.geom is None:
            return QSize(900, 500)
        return QSize(int(self.geom.width) + 4, min(int(self.geom.height) + 4, 900))

    # --- export hooks: thicker cosmetic lines when one scene pixel becomes several ---------
    def export_begin(self, scale: float) -> None:
        self._set_line_width(max(1.0, scale))
        self._all_rows = True  # an export draws every study, not only those in view
        if self.layout_ is not None:
            self._set_glyphs(self.layout_)
        if self.notes is None or self._inputs is None:
            return
        if not self.notes.workflow_notes:
            self._show(build_layout(*self._inputs, self._sort, None, self.view_name,
                                    workflow=False))
        self._note_items = add_note_items(self.scene, self.notes, self.fonts.normal,
                                          QRectF(0, 0, self.geom.width, self.geom.height))

    def export_end(self) -> None:
        self._set_line_width(1.0)
        self._all_rows = False
        for item in self._note_items:
            self.scene.removeItem(item)
        self._note_items = []
        if self.notes is not None and self._inputs is not None:
            self.set_data(*self._inputs)
        elif self.layout_ is not None:
            self._set_glyphs(self.layout_)

    def _set_line_width(self, width: float) -> None:
        self.whiskers.setData(pen=pg.mkPen("k", width=width))
        self.null_line.setPen(pg.mkPen("k", width=width))
        self.axis.setPen(pg.mkPen("k", width=width))

    # --- drawing --------------------------------------------------------------------------
    def _show(self, layout: ForestLayout) -> None:
        old = self.layout_
        geom = measure(layout, self.fonts)
        if old is None or old.structure != layout.structure or geom != self.geom:
            self.texts.set_layout(layout, geom)
            self._place_graph(layout, geom)
        else:
            self.texts.update_rows(layout)
        self.layout_, self.geom = layout, geom
        # Square sizes are relative to the heaviest study of all, not of the rows in view.
        self._heaviest = max((r.glyph.weight for r in layout.rows if r.glyph is not None
                              and r.glyph.kind == "square"), default=0.0)
        self.fit_to_width()  # first: the scale decides which rows are in view
        self._set_glyphs(layout)

    # --- on screen: the whole width in view, as a reviewer reads a RevMan plot -------------
    def fit_to_width(self) -> None:
        """Shrink the view (never below 55 %) so the graphic column is not scrolled away;
        the reviewer's zoom multiplies that fitted scale."""
        if self.geom is None or self.geom.width <= 0:
            return
        scale = self._fitted(self.view.width() - 2 * self.view.frameWidth() - 4)
        if self.geom.height * scale > self.view.height():  # a vertical scroll bar will show
            scale = self._fitted(self.view.width() - 2 * self.view.frameWidth() - 4
                                 - self.view.verticalScrollBar().sizeHint().width())
        if abs(self.view.transform().m11() - scale) > 1e-3:
            self.view.setTransform(QTransform.fromScale(scale, scale))
            self._follow_scroll()

    def _fitted(self, available: float) -> float:
        """The zoomed scale for a viewport this wide (from the view's size, not from its
        viewport, which narrows and widens as the scroll bar comes and goes)."""
        return max(MIN_SCREEN_SCALE, min(1.0, available / self.geom.width)) * self.zoom

    def zoom_in(self) -> None:
        self.set_zoom(self.zoom * ZOOM_STEP)

    def zoom_out(self) -> None:
        self.set_zoom(self.zoom / ZOOM_STEP)

    def zoom_fit(self) -> None:
        """Back to the whole width in view."""
        self.set_zoom(1.0)

    def set_zoom(self, zoom: float) -> None:
        self.zoom = min(max(zoom, ZOOM_LIMITS[0]), ZOOM_LIMITS[1])
        self.fit_to_width()

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        self.fit_to_width()
        self._follow_scroll()

    # --- glyphs only for the rows in view (k = 1,000 repaints as k = 50 does) -------------
    def _rows_in_view(self) -> tuple[int, int]:
        """First and last+1 layout row that the view shows, with a screenful to spare."""
        if self.geom is None or self.layout_ is None or self._all_rows or \
                not self.view.testAttribute(Qt.WidgetAttribute.WA_Resized):
            # Not laid out yet (never shown or grabbed): no view to cull to, so hold all.
            return 0, len(self.layout_.rows) if self.layout_ else 0
        shown = self.view.mapToScene(self.view.viewport().rect()).boundingRect()
        spare = shown.height()
        first = int((shown.top() - spare - self.geom.top) // self.geom.row_height)
        last = int((shown.bottom() + spare - self.geom.top) // self.geom.row_height) + 1
        return max(0, first), min(len(self.layout_.rows), max(0, last))

    def _follow_scroll(self, *_args) -> None:
        """Re-feed the glyph items when the view nears the edge of the rows they hold."""
        if self.layout_ is None:
            return
        first, last = self._rows_in_view()
        held_first, held_last = self._glyph_rows
        if first < held_first or last > held_last:
            self._set_glyphs(self.layout_)

    def _place_graph(self, layout: ForestLayout, g: Geometry) -> None:
        """Axis ticks, ranges and positions: only when the set of rows changes."""
        s = layout.scale
        last = layout.graph_last_row
        self.viewbox.setGeometry(QRectF(g.graph_x, g.top, g.graph_w, (last + 1) * g.row_height))
        self.viewbox.setRange(xRange=(s.x_min, s.x_max), yRange=(-0.5, last + 0.5), padding=0)
        self.axis.setGeometry(QRectF(g.graph_x, g.axis_top, g.graph_w, 2 * g.row_height))
        self.axis.setTicks([list(s.ticks), []])
        self.null_line.setValue(s.null)
        self.scene.setSceneRect(0, 0, g.width, g.height)

    def _set_glyphs(self, layout: ForestLayout) -> None:
        s = layout.scale
        first, last = self._glyph_rows = self._rows_in_view()
        squares = [(i, r.glyph) for i, r in enumerate(layout.rows[first:last], start=first)
                   if r.glyph is not None and r.glyph.kind == "square"]
        y = np.array([i for i, _ in squares], dtype=float)
        est = np.array([g.est for _, g in squares], dtype=float)
        lo = np.clip([g.lo for _, g in squares], s.x_min, s.x_max)
        hi = np.clip([g.hi for _, g in squares], s.x_min, s.x_max)
        weight = np.array([g.weight for _, g in squares], dtype=float)
        self.squares.setData(x=est, y=y, size=self._square_sizes(weight))
        self.whiskers.setData(x=est, y=y, left=np.maximum(est - lo, 0),
                              right=np.maximum(hi - est, 0))
        self._set_arrows(squares, s)
        self.diamonds.set_path(_shapes(layout, "diamond"))
        self.pi_bars.set_path(_shapes(layout, "pi"))

    def _square_sizes(self, weight: np.ndarray) -> np.ndarray:
        """Square area proportional to weight; the heaviest study fills most of a row."""
        heaviest = max(getattr(self, "_heaviest", 0.0), float(weight.max(initial=0.0)))
        if weight.size == 0 or heaviest <= 0:
            return np.full(weight.shape, 6.0)
        biggest = self.fonts.row_height * 0.8
        sizes = np.maximum(biggest * np.sqrt(weight / heaviest), 4.0)
        # Half-pixel steps: pyqtgraph renders one atlas symbol per distinct size, and a
        # thousand slightly different sizes would be re-rendered on every edit.
        return np.round(sizes * 2) / 2

    def _set_arrows(self, squares: list, s) -> None:
        """Arrowheads at the axis edge where a confidence interval runs off it."""
        pad = (s.x_max - s.x_min) * 0.012
        xs, ys, symbols = [], [], []
        for row, g in squares:
            if g.lo < s.x_min:
                xs.append(s.x_min + pad), ys.append(row), symbols.append("t3")
            if g.hi > s.x_max:
                xs.append(s.x_max - pad), ys.append(row), symbols.append("t2")
        self.arrows.setData(x=np.array(xs, dtype=float), y=np.array(ys, dtype=float),
                            symbol=symbols)


def _shapes(layout: ForestLayout, kind: str) -> QPainterPath:
    """All diamonds (or prediction bars) of the plot as one path, in view coordinates."""
    path = QPainterPath()
    s = layout.scale
    for i, row in enumerate(layout.rows):
        g = row.glyph
        if g is None or g.kind != kind:
            continue
        lo, hi = max(g.lo, s.x_min), min(g.hi, s.x_max)
        if kind == "diamond":
            est = min(max(g.est, s.x_min), s.x_max)
            path.moveTo(lo, i)
            path.lineTo(est, i - 0.34)
            path.lineTo(hi, i)
            path.lineTo(est, i + 0.34)
            path.closeSubpath()
        else:
            path.addRect(QRectF(lo, i - 0.12, hi - lo, 0.24))
    return path
