"""Publication export of a figure scene: SVG (QSvgGenerator), vector PDF (QPdfWriter), PNG."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QMarginsF, QRectF, QSize, QSizeF
from PySide6.QtGui import QColor, QImage, QPageLayout, QPageSize, QPainter, QPdfWriter
from PySide6.QtSvg import QSvgGenerator
from PySide6.QtWidgets import QGraphicsScene

from workbench.io.svg_plain import make_plain

SCENE_DPI = 96.0  # one scene unit is one pixel of a 96-dpi screen
FORMATS = (".svg", ".pdf", ".png")


def export_figure(widget_or_scene, path: Path | str, dpi: int = 300) -> Path:
    """Write the figure to `path`; the suffix picks SVG, PDF or PNG (PNG at `dpi`).

    Renders the scene through Qt's own vector devices because pyqtgraph 0.14's SVGExporter
    fails on Qt 6.11 (paths closed with 'Z'). Returns the path written.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in FORMATS:
        raise ValueError(f"{path}: unsupported figure format; use .svg, .pdf or .png")
    scene, rect, owner = _scene_of(widget_or_scene)
    if rect.isEmpty():
        raise ValueError("nothing to export: the plot has no data yet")
    scale = dpi / SCENE_DPI if suffix == ".png" else 1.0
    _set_export_mode(scene, owner, True, scale)
    if owner is not None:
        rect = owner.figure_rect()  # with the title above and the legend below, if any
    try:
        {".svg": _svg, ".pdf": _pdf, ".png": _png}[suffix](scene, rect, path, dpi)
    finally:
        _set_export_mode(scene, owner, False, 1.0)
    return path


def _scene_of(obj) -> tuple[QGraphicsScene, QRectF, object | None]:
    if isinstance(obj, QGraphicsScene):
        return obj, obj.itemsBoundingRect(), None
    return obj.scene, obj.figure_rect(), obj


def _set_export_mode(scene: QGraphicsScene, owner, export: bool, scale: float) -> None:
    """pyqtgraph items draw pixel-sized symbols and skip their caches in export mode."""
    if owner is not None:
        (owner.export_begin(scale) if export else owner.export_end())
    opts = {"antialias": True, "resolutionScale": scale, "background": QColor("white")}
    for item in scene.items():
        if hasattr(item, "setExportMode"):
            item.setExportMode(export, opts if export else None)


def _render(scene: QGraphicsScene, painter: QPainter, rect: QRectF, target: QRectF) -> None:
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
    painter.fillRect(target, QColor("white"))
    scene.render(painter, target, rect)


def _svg(scene: QGraphicsScene, rect: QRectF, path: Path, dpi: int) -> None:
    generator = QSvgGenerator()
    generator.setFileName(str(path))
    generator.setSize(QSize(round(rect.width()), round(rect.height())))
    generator.setViewBox(QRectF(0, 0, rect.width(), rect.height()))
    generator.setResolution(round(SCENE_DPI))
    generator.setTitle("Forest plot")
    generator.setDescription("Evidence Workbench figure")
    painter = QPainter(generator)
    try:
        _render(scene, painter, rect, QRectF(0, 0, rect.width(), rect.height()))
    finally:
        painter.end()
    make_plain(path)  # plain SVG: the same drawing in librsvg and browsers as in Qt


def _pdf(scene: QGraphicsScene, rect: QRectF, path: Path, dpi: int) -> None:
    writer = QPdfWriter(str(path))
    writer.setResolution(round(SCENE_DPI))  # 1 device pixel = 1 scene unit; still vector
    points = QSizeF(rect.width() * 72 / SCENE_DPI, rect.height() * 72 / SCENE_DPI)
    writer.setPageLayout(QPageLayout(QPageSize(points, QPageSize.Unit.Point, "figure"),
                                     QPageLayout.Orientation.Portrait, QMarginsF(0, 0, 0, 0)))
    writer.setTitle("Forest plot")
    writer.setCreator("Evidence Workbench")
    painter = QPainter(writer)
    try:
        _render(scene, painter, rect, QRectF(0, 0, rect.width(), rect.height()))
    finally:
        painter.end()


def _png(scene: QGraphicsScene, rect: QRectF, path: Path, dpi: int) -> None:
    scale = dpi / SCENE_DPI
    image = QImage(round(rect.width() * scale), round(rect.height() * scale),
                   QImage.Format.Format_ARGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    try:
        _render(scene, painter, rect, QRectF(0, 0, image.width(), image.height()))
    finally:
        painter.end()
    # Set the resolution only now: QPictures (pyqtgraph's axis caches one) replayed on a
    # device of another DPI are rescaled, which would stretch the axis against the plot.
    dots_per_metre = round(dpi / 0.0254)
    image.setDotsPerMeterX(dots_per_metre)
    image.setDotsPerMeterY(dots_per_metre)
    if not image.save(str(path), "PNG"):
        raise OSError(f"{path}: could not write the PNG file")
