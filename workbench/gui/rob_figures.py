"""Risk-of-bias figures drawn with QPainter: robvis-style traffic-light and summary plots."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QMarginsF, QPointF, QRectF, QSize, QSizeF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QImage,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QPen,
)
from PySide6.QtSvg import QSvgGenerator
from PySide6.QtWidgets import QWidget

from workbench.core.rob.palette import RING_COLOUR, colour_for, judgement_class, symbol_for
from workbench.core.rob.robvis import domain_captions, robvis_label
from workbench.io.svg_plain import make_plain
from workbench.session.rob import DISPUTED_LABEL, OVERALL, RobTable, summary_proportions

CELL, PAD, ROW = 30.0, 12.0, 22.0
TITLE_H = 26.0
DISPUTED_COLOUR = "#6B7280"
LEGEND_ORDER = ("Low", "Some concerns", "Moderate", "Unclear", "High", "Serious", "Critical",
                "Very high", "No information", "Not applicable", DISPUTED_LABEL)
DPI = 96.0


class RobFigure:
    """One figure: kind 'traffic-light' or 'rob-summary', scheme 'cochrane'/'colourblind'."""

    def __init__(self, table: RobTable, kind: str = "traffic-light", scheme: str = "cochrane",
                 weights: dict[str, float] | None = None, title: str = "") -> None:
        if kind not in ("traffic-light", "rob-summary"):
            raise ValueError(f"unknown figure kind {kind!r}")
        colour_for("Low", scheme)  # fails early on an unknown scheme
        self.table, self.kind, self.scheme, self.weights = table, kind, scheme, weights
        self.title = title  # the outcome, above the figure
        self.font = QFont()
        self.font.setPointSizeF(9)
        self.metrics = QFontMetricsF(self.font)
        self.title_font = QFont(self.font)
        self.title_font.setBold(True)
        self.title_font.setPointSizeF(11)

    def size(self) -> QSizeF:
        body = _traffic_size(self) if self.kind == "traffic-light" else _summary_size(self)
        if not self.title:
            return body
        wide = QFontMetricsF(self.title_font).horizontalAdvance(self.title) + 2 * PAD
        return QSizeF(max(body.width(), wide), body.height() + TITLE_H)

    def paint(self, painter: QPainter) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.fillRect(QRectF(QPointF(0, 0), self.size()), QColor("white"))
        if self.title:
            painter.setFont(self.title_font)
            painter.setPen(QColor("black"))
            painter.drawText(QPointF(PAD, TITLE_H - 8), self.title)
            painter.translate(0, TITLE_H)
        painter.setFont(self.font)
        (_paint_traffic if self.kind == "traffic-light" else _paint_summary)(self, painter)

    def export(self, path: Path | str, dpi: int = 300) -> Path:
        """Write SVG, PDF or PNG (chosen by the suffix); returns the path."""
        path = Path(path)
        writer = {".svg": _svg, ".pdf": _pdf, ".png": _png}.get(path.suffix.lower())
        if writer is None:
            raise ValueError(f"{path}: unsupported figure format; use .svg, .pdf or .png")
        if not self.table.rows:
            raise ValueError("nothing to draw: no study has a risk-of-bias assessment")
        writer(self, path, dpi)
        return path


def _columns(fig: RobFigure) -> list[tuple[str, str]]:
    return [(d.short, d.id) for d in fig.table.tool.domains] + [("Overall", OVERALL)]


def _label_width(fig: RobFigure) -> float:
    return max([fig.metrics.horizontalAdvance(r.study) for r in fig.table.rows] + [40.0])


def _column_widths(fig: RobFigure) -> list[float]:
    """A circle's width, or the heading's where it is wider ("Overall")."""
    return [max(CELL, fig.metrics.horizontalAdvance(title) + 8) for title, _ in _columns(fig)]


def _traffic_size(fig: RobFigure) -> QSizeF:
    captions = [*domain_captions(fig.table.tool), _legend_text(fig)]
    width = max(PAD * 3 + _label_width(fig) + sum(_column_widths(fig)),
                PAD * 2 + max(fig.metrics.horizontalAdvance(c) for c in captions))
    height = PAD * 2 + ROW + CELL * len(fig.table.rows) + ROW * (len(captions) + 1)
    return QSizeF(width, height)


def _legend_labels(fig: RobFigure) -> list[str]:
    used = {robvis_label(fig.table.tool, r.overall if key == OVERALL else r.domains.get(key))
            for r in fig.table.rows for _, key in _columns(fig) if key not in r.conflicts}
    return [label for label in LEGEND_ORDER if label in used]


def _circle(fig: RobFigure, painter: QPainter, centre: QPointF, label: str) -> None:
    """robvis' dot: filled circle with a black ring and glyph; Not applicable is plain grey."""
    na = judgement_class(label) == "na"
    painter.setPen(Qt.PenStyle.NoPen if na else QPen(QColor(RING_COLOUR), 1.0))
    painter.setBrush(QColor(colour_for(label, fig.scheme)))
    radius = CELL * 0.38
    painter.drawEllipse(centre, radius, radius)
    painter.setPen(QColor(RING_COLOUR))
    box = QRectF(centre.x() - radius, centre.y() - radius, 2 * radius, 2 * radius)
    painter.drawText(box, Qt.AlignmentFlag.AlignCenter, symbol_for(label).strip())


def _disputed(fig: RobFigure, painter: QPainter, centre: QPointF) -> None:
    """Reviewers disagree and nobody has resolved it: an open grey ring, not a judgement."""
    radius = CELL * 0.38
    painter.setPen(QPen(QColor(DISPUTED_COLOUR), 1.2, Qt.PenStyle.DashLine))
    painter.setBrush(QColor("white"))
    painter.drawEllipse(centre, radius, radius)
    painter.setPen(QColor(DISPUTED_COLOUR))
    box = QRectF(centre.x() - radius, centre.y() - radius, 2 * radius, 2 * radius)
    painter.drawText(box, Qt.AlignmentFlag.AlignCenter, "!")


def _paint_traffic(fig: RobFigure, painter: QPainter) -> None:
    tool, left = fig.table.tool, PAD * 2 + _label_width(fig)
    widths = _column_widths(fig)
    starts = [left + sum(widths[:i]) for i in range(len(widths))]
    painter.setPen(QColor("black"))
    for (title, _), x, w in zip(_columns(fig), starts, widths, strict=True):
        painter.drawText(QRectF(x, PAD, w, ROW), Qt.AlignmentFlag.AlignCenter, title)
    top = PAD + ROW
    for r, row in enumerate(fig.table.rows):
        y = top + r * CELL
        painter.setPen(QColor("black"))
        painter.drawText(QRectF(PAD, y, left - PAD * 2, CELL),
                         Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, row.study)
        for (_, key), x, w in zip(_columns(fig), starts, widths, strict=True):
            centre = QPointF(x + w / 2, y + CELL / 2)
            if key in row.conflicts:
                _disputed(fig, painter, centre)
                continue
            value = row.overall if key == OVERALL else row.domains.get(key)
            _circle(fig, painter, centre, robvis_label(tool, value))
    _paint_captions(fig, painter, top + CELL * len(fig.table.rows) + PAD / 2)


def _paint_captions(fig: RobFigure, painter: QPainter, y: float) -> None:
    painter.setPen(QColor("black"))
    for line in domain_captions(fig.table.tool):
        painter.drawText(QPointF(PAD, y + ROW * 0.7), line)
        y += ROW
    painter.drawText(QPointF(PAD, y + ROW * 0.7), _legend_text(fig))


def _legend_text(fig: RobFigure) -> str:
    parts = [f"{symbol_for(lab).strip() or '·'} {lab}" for lab in _legend_labels(fig)]
    if any(row.conflicts for row in fig.table.rows):
        parts.append("! reviewers disagree (unresolved)")
    return "Judgement: " + "; ".join(parts)


BAR_WIDTH = 360.0


def _summary_size(fig: RobFigure) -> QSizeF:
    label = max(fig.metrics.horizontalAdvance(d.name) for d in fig.table.tool.domains)
    # Room on the right for half of the "100%" tick label, which is centred on the bar's end.
    body = PAD * 3 + label + BAR_WIDTH + fig.metrics.horizontalAdvance("100%") / 2
    legend = PAD * 3 + label + sum(24 + fig.metrics.horizontalAdvance(lab)
                                   for lab in _summary_labels(fig))
    return QSizeF(max(body, legend), PAD * 2 + ROW * (len(_columns(fig)) + 4))


def _summary_colour(fig: RobFigure, label: str) -> QColor:
    return QColor(DISPUTED_COLOUR if label == DISPUTED_LABEL else colour_for(label, fig.scheme))


def _summary_labels(fig: RobFigure) -> list[str]:
    """Every judgement a bar shows, so no colour goes unexplained."""
    shown = {label for _, shares in summary_proportions(fig.table, fig.weights)
             for label, share in shares.items() if share > 0}
    return [label for label in LEGEND_ORDER if label in shown]


def _paint_summary(fig: RobFigure, painter: QPainter) -> None:
    tool = fig.table.tool
    names = {d.short: d.name for d in tool.domains} | {"Overall": "Overall risk of bias"}
    left = PAD * 2 + max(fig.metrics.horizontalAdvance(n) for n in names.values())
    y = PAD
    for title, shares in summary_proportions(fig.table, fig.weights):
        painter.setPen(QColor("black"))
        painter.drawText(QRectF(PAD, y, left - PAD * 2, ROW),
                         Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                         names[title])
        x = left
        for label in LEGEND_ORDER:
            share = shares.get(label, 0.0)
            if share <= 0:
                continue
            painter.setPen(QPen(QColor(RING_COLOUR), 0.5))
            painter.setBrush(_summary_colour(fig, label))
            painter.drawRect(QRectF(x, y + 3, BAR_WIDTH * share, ROW - 6))
            x += BAR_WIDTH * share
        y += ROW
    _paint_axis(fig, painter, left, y)


def _paint_axis(fig: RobFigure, painter: QPainter, left: float, y: float) -> None:
    painter.setPen(QColor("black"))
    painter.drawLine(QPointF(left, y + 2), QPointF(left + BAR_WIDTH, y + 2))
    for pct in (0, 25, 50, 75, 100):
        x = left + BAR_WIDTH * pct / 100
        painter.drawText(QRectF(x - 20, y + 4, 40, ROW), Qt.AlignmentFlag.AlignCenter, f"{pct}%")
    weighting = "weighted by meta-analysis weight" if fig.weights else "unweighted"
    y += ROW * 1.5
    painter.drawText(QPointF(left, y + ROW * 0.5), f"Proportion of studies ({weighting})")
    x = left
    for label in _summary_labels(fig):
        painter.setBrush(_summary_colour(fig, label))
        painter.drawRect(QRectF(x, y + ROW, 10, 10))
        painter.drawText(QPointF(x + 14, y + ROW + 10), label)
        x += 24 + fig.metrics.horizontalAdvance(label)


def _svg(fig: RobFigure, path: Path, dpi: int) -> None:
    size = fig.size()
    generator = QSvgGenerator()
    generator.setFileName(str(path))
    generator.setSize(QSize(round(size.width()), round(size.height())))
    generator.setViewBox(QRectF(QPointF(0, 0), size))
    generator.setResolution(round(DPI))
    generator.setTitle("Risk of bias")
    _draw_on(fig, generator)
    make_plain(path)  # plain SVG: the same drawing in librsvg and browsers as in Qt


def _pdf(fig: RobFigure, path: Path, dpi: int) -> None:
    size = fig.size()
    writer = QPdfWriter(str(path))
    writer.setResolution(round(DPI))
    points = QSizeF(size.width() * 72 / DPI, size.height() * 72 / DPI)
    writer.setPageLayout(QPageLayout(QPageSize(points, QPageSize.Unit.Point, "figure"),
                                     QPageLayout.Orientation.Portrait, QMarginsF(0, 0, 0, 0)))
    writer.setTitle("Risk of bias")
    _draw_on(fig, writer)


def _png(fig: RobFigure, path: Path, dpi: int) -> None:
    size, scale = fig.size(), dpi / DPI
    image = QImage(round(size.width() * scale), round(size.height() * scale),
                   QImage.Format.Format_ARGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    try:
        # Paint at 96 dpi scaled up, and only then stamp the resolution: a point-sized font
        # on a 300-dpi image would otherwise be scaled twice.
        painter.scale(scale, scale)
        fig.paint(painter)
    finally:
        painter.end()
    image.setDotsPerMeterX(round(dpi / 0.0254))
    image.setDotsPerMeterY(round(dpi / 0.0254))
    if not image.save(str(path), "PNG"):
        raise OSError(f"{path}: could not write the PNG file")


def _draw_on(fig: RobFigure, device) -> None:
    painter = QPainter(device)
    try:
        fig.paint(painter)
    finally:
        painter.end()


class RobFigureWidget(QWidget):
    """Shows a RobFigure on screen (the same drawing as the exported file)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.figure: RobFigure | None = None

    def set_figure(self, figure: RobFigure | None) -> None:
        self.figure = figure
        if figure is not None:
            self.setMinimumSize(figure.size().toSize())
        self.update()

    def paintEvent(self, event) -> None:  # noqa: N802 - Qt override
        if self.figure is None:
            return
        painter = QPainter(self)
        try:
            self.figure.paint(painter)
        finally:
            painter.end()
