"""Custom graphics items: all cell text from cached per-row QPictures, and a filled path."""

from __future__ import annotations

import math

import pyqtgraph as pg
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFontMetricsF, QPainter, QPainterPath, QPen, QPicture
from PySide6.QtWidgets import QGraphicsItem, QGraphicsObject

from workbench.gui.forest.geometry import ROB_CELL, Fonts, Geometry
from workbench.gui.forest.layout import ForestLayout, Row
from workbench.gui.forest.rob import DISPUTED, DISPUTED_STYLE, JUDGEMENT_STYLE

BLACK = QColor("black")
_LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
_CENTRE = Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignVCenter
_NO_CLIP = Qt.TextFlag.TextDontClip


class TextColumnsItem(QGraphicsObject):
    """Every text of the figure. Rows are recorded once into QPictures and replayed; only
    rows that intersect the exposed rectangle are painted, so k = 1,000 costs what k = 50 does.
    """

    def __init__(self, fonts: Fonts):
        super().__init__()
        self.fonts = fonts
        self.layout: ForestLayout | None = None
        self.geom: Geometry | None = None
        self._pictures: list[QPicture | None] = []
        self._export = False
        # exposedRect is only filled in when this flag is set (culling needs it).
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemUsesExtendedStyleOption)

    def set_layout(self, layout: ForestLayout, geom: Geometry) -> None:
        """A new set of rows or new column positions: forget every cached row."""
        self.prepareGeometryChange()
        self.layout, self.geom = layout, geom
        self._pictures = [None] * len(layout.rows)
        self.update()

    def update_rows(self, layout: ForestLayout) -> int:
        """Same rows, new values: re-record only the rows whose text changed; returns how many."""
        assert self.layout is not None and len(layout.rows) == len(self.layout.rows)
        old = self.layout.rows
        self.layout = layout
        changed = [i for i, row in enumerate(layout.rows) if _texts(row) != _texts(old[i])]
        for i in changed:
            self._pictures[i] = None
        if changed:
            self.update()
        return len(changed)

    def setExportMode(self, export: bool, opts: dict | None = None) -> None:  # noqa: N802
        # Exports paint directly: a QPicture replayed on a printer or SVG device could
        # rescale fonts by the device's DPI.
        self._export = export

    def boundingRect(self) -> QRectF:  # noqa: N802 - Qt override
        if self.geom is None:
            return QRectF()
        return QRectF(0, 0, self.geom.width, self.geom.height)

    def paint(self, painter: QPainter, option, widget=None) -> None:
        if self.layout is None or self.geom is None:
            return
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setPen(BLACK)
        draw_header(painter, self.layout, self.geom, self.fonts)
        exposed = option.exposedRect if not self._export else self.boundingRect()
        first, last = self._rows_in(exposed)
        for i in range(first, last):
            if self._export:
                draw_row(painter, self.layout.rows[i], self.geom, self.fonts,
                         self.geom.row_top(i))
            else:
                painter.drawPicture(QPointF(0, self.geom.row_top(i)), self._picture(i))
        draw_footer(painter, self.layout, self.geom, self.fonts)

    def _rows_in(self, rect: QRectF) -> tuple[int, int]:
        g = self.geom
        first = max(0, math.floor((rect.top() - g.top) / g.row_height))
        last = min(len(self.layout.rows), math.ceil((rect.bottom() - g.top) / g.row_height) + 1)
        return first, max(first, last)

    def _picture(self, index: int) -> QPicture:
        picture = self._pictures[index]
        if picture is None:
            picture = QPicture()
            painter = QPainter(picture)
            painter.setPen(BLACK)
            draw_row(painter, self.layout.rows[index], self.geom, self.fonts, 0.0)
            painter.end()
            self._pictures[index] = picture
        return picture


def _texts(row: Row) -> tuple:
    return row.cells, row.style, row.rob


def draw_row(p: QPainter, row: Row, g: Geometry, fonts: Fonts, y: float) -> None:
    """One row's texts and risk-of-bias dots, with its top at `y`."""
    if row.kind == "blank":
        return
    h = g.row_height
    p.setPen(BLACK)
    if row.kind == "note":
        p.setFont(fonts.small)
        p.drawText(QRectF(g.col_x[0], y, g.graph_x, h), _LEFT | _NO_CLIP, row.cells[0])
        return
    font = {"bold": fonts.bold, "heading": fonts.bold, "note": fonts.small}.get(row.style,
                                                                                 fonts.normal)
    p.setFont(font)
    for index, text in enumerate(row.cells):
        if not text:
            continue
        rect = QRectF(g.col_x[index], y, g.col_w[index], h)
        p.drawText(rect, (_LEFT if index == 0 else _RIGHT) | _NO_CLIP, text)
    for x, judgement in zip(g.rob_x, row.rob, strict=False):
        if judgement is not None:
            draw_rob_dot(p, x, y + h / 2, judgement, fonts)


def draw_rob_dot(p: QPainter, x: float, y: float, judgement: str, fonts: Fonts) -> None:
    colour, symbol = JUDGEMENT_STYLE.get(judgement, DISPUTED_STYLE)
    r = min(ROB_CELL, fonts.row_height) * 0.38
    p.save()
    p.setPen(QPen(QColor("#333333"), 0.6))
    p.setBrush(QBrush(QColor(colour)))
    p.drawEllipse(QPointF(x, y), r, r)
    p.setPen(BLACK)
    p.setFont(fonts.bold)
    p.drawText(QRectF(x - r, y - r, 2 * r, 2 * r), _CENTRE | _NO_CLIP, symbol)
    p.restore()


def draw_header(p: QPainter, layout: ForestLayout, g: Geometry, fonts: Fonts) -> None:
    """Two title lines, rules under the column groups and one rule under the header row."""
    h = g.row_height
    line1, line2 = 0.3 * h, 1.3 * h
    p.setFont(fonts.bold)
    groups: dict[str, list[int]] = {}
    for index, column in enumerate(layout.columns):
        title = column.title if column.key != "effect" else layout.effect_title[1]
        align = _LEFT if column.align == "left" else _RIGHT
        p.drawText(QRectF(g.col_x[index], line2, g.col_w[index], h), align | _NO_CLIP, title)
        if column.group:
            groups.setdefault(column.group, []).append(index)
    for name, members in groups.items():
        x0 = g.col_x[members[0]] - 4
        x1 = g.col_x[members[-1]] + g.col_w[members[-1]]
        _title_with_rule(p, name, x0, x1, line1, h)
    effect = len(layout.columns) - 1
    p.drawText(QRectF(g.col_x[effect], line1, g.col_w[effect], h), _RIGHT | _NO_CLIP,
               layout.effect_title[0])
    for text, line in zip(layout.effect_title, (line1, line2), strict=True):
        p.drawText(QRectF(g.graph_x, line, g.graph_w, h), _CENTRE | _NO_CLIP, text)
    if layout.rob is not None:
        _rob_header(p, layout, g, fonts, line1, line2)
    p.setPen(QPen(BLACK, 0.8))
    right = g.rob_x[-1] + ROB_CELL if g.rob_x else g.graph_x + g.graph_w
    p.drawLine(QPointF(g.col_x[0], g.top - 2), QPointF(right, g.top - 2))


def _title_with_rule(p: QPainter, text: str, x0: float, x1: float, y: float, h: float) -> None:
    p.setPen(BLACK)
    p.drawText(QRectF(x0, y, x1 - x0, h), _CENTRE | _NO_CLIP, text)
    p.setPen(QPen(BLACK, 0.8))
    p.drawLine(QPointF(x0, y + h), QPointF(x1, y + h))


def _rob_header(p: QPainter, layout: ForestLayout, g: Geometry, fonts: Fonts,
                line1: float, line2: float) -> None:
    h = g.row_height
    x0, x1 = g.rob_x[0] - ROB_CELL / 2, g.rob_x[-1] + ROB_CELL / 2
    _title_with_rule(p, "Risk of Bias", x0, x1, line1, h)
    p.setPen(BLACK)
    for x, name in zip(g.rob_x, layout.rob.domains, strict=True):
        p.drawText(QRectF(x - ROB_CELL, line2, 2 * ROB_CELL, h), _CENTRE | _NO_CLIP, name)


def draw_footer(p: QPainter, layout: ForestLayout, g: Geometry, fonts: Fonts) -> None:
    """'Favours …' under the axis labels, and the judgement key under a risk-of-bias block."""
    h = g.row_height
    p.setPen(BLACK)
    p.setFont(fonts.normal)
    s = layout.scale
    null_x = g.graph_x + g.graph_w * (s.null - s.x_min) / (s.x_max - s.x_min)
    y = g.axis_top + 1.6 * h  # just under the tick labels, as RevMan places them
    p.drawText(QRectF(g.graph_x, y, null_x - g.graph_x - 8, h), _RIGHT | _NO_CLIP,
               layout.favours[0])
    p.drawText(QRectF(null_x + 8, y, g.graph_x + g.graph_w - null_x - 8, h), _LEFT | _NO_CLIP,
               layout.favours[1])
    if layout.rob is not None:
        _rob_key(p, g, fonts, g.height - 1.6 * h, layout)


def _rob_key(p: QPainter, g: Geometry, fonts: Fonts, y: float, layout: ForestLayout) -> None:
    x = g.col_x[0]
    p.setFont(fonts.small)
    # Spacing from the text's own width, so the key stays apart at any type size.
    advance = QFontMetricsF(fonts.small).horizontalAdvance
    gap = advance("  ")
    p.drawText(QRectF(x, y, 400, g.row_height), _LEFT | _NO_CLIP, "Risk of bias:")
    x += advance("Risk of bias:") + 2 * gap
    keys = [(name, name.capitalize()) for name in JUDGEMENT_STYLE]
    if any(DISPUTED in row.rob for row in layout.rows):
        keys.append((DISPUTED, "Reviewers disagree"))
    for name, text in keys:
        draw_rob_dot(p, x, y + g.row_height / 2, name, fonts)
        p.setFont(fonts.small)
        p.drawText(QRectF(x + gap + 4, y, 400, g.row_height), _LEFT | _NO_CLIP, text)
        x += gap + 4 + advance(text) + 3 * gap


class PathItem(pg.GraphicsObject):
    """One filled QPainterPath in view coordinates (all diamonds, or all prediction bars)."""

    def __init__(self, colour: str):
        super().__init__()
        self._path = QPainterPath()
        self._brush = QBrush(QColor(colour))
        self._pen = pg.mkPen(colour, width=1)

    def set_path(self, path: QPainterPath) -> None:
        self.prepareGeometryChange()
        self._path = path
        self.update()

    def path(self) -> QPainterPath:
        return self._path

    def boundingRect(self) -> QRectF:  # noqa: N802 - Qt override
        return self._path.boundingRect()

    def paint(self, painter: QPainter, option, widget=None) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setPen(self._pen)
        painter.setBrush(self._brush)
        painter.drawPath(self._path)
