"""The panel's handout: one PDF of a comparison (SoF table, forest plots, certainty), QPdfWriter."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QMarginsF, QRectF, Qt
from PySide6.QtGui import QFont, QPageLayout, QPageSize, QPainter, QPdfWriter

from workbench.gui.forest.export import _render, _set_export_mode
from workbench.gui.forest.widget import ForestPlotWidget
from workbench.session.etd import comparison_ids
from workbench.session.workshop import (
    SOF_CELLS,
    certainty_reasons,
    outcome_slide,
    sof_cells,
)

DPI = 96  # one device unit is one scene pixel, as the figure export does
Progress = Callable[[int, int], None]
_WRAP = int(Qt.TextFlag.TextWordWrap) | int(Qt.AlignmentFlag.AlignTop) | int(
    Qt.AlignmentFlag.AlignLeft)


class HandoutError(ValueError):
    """The comparison is missing or ambiguous."""


def _writer(path: Path, title: str) -> QPdfWriter:
    writer = QPdfWriter(str(path))
    writer.setResolution(DPI)
    writer.setPageLayout(QPageLayout(QPageSize(QPageSize.PageSizeId.A4),
                                     QPageLayout.Orientation.Landscape,
                                     QMarginsF(12, 12, 12, 12), QPageLayout.Unit.Millimeter))
    writer.setTitle(title)
    writer.setCreator("Evidence Workbench")
    return writer


def _font(px: int, bold: bool = False) -> QFont:
    font = QFont()
    font.setPixelSize(px)
    font.setBold(bold)
    return font


def _text(painter: QPainter, rect: QRectF, text: str, px: int, bold: bool = False) -> float:
    """Draw wrapped text at the top of `rect`; returns the height used."""
    painter.setFont(_font(px, bold))
    used = painter.boundingRect(rect, _WRAP, text)
    painter.drawText(rect, _WRAP, text)
    return used.height()


def _sof_page(painter: QPainter, page: QRectF, title: str, slides: list) -> None:
    y = page.top() + _text(painter, page, title, 20, True) + 12
    widths = (0.2, 0.18, 0.27, 0.13, 0.22)
    columns = ("Outcome", *SOF_CELLS)
    lefts = [page.left() + page.width() * sum(widths[:i]) for i in range(len(widths))]
    for row in [None, *slides]:
        texts = columns if row is None else (row.data.outcome.label,
                                             *sof_cells(row.sof_row).values())
        height = max(_text(painter, QRectF(left + 4, y, page.width() * w - 8, 400), text, 11,
                           row is None) for left, w, text in zip(lefts, widths, texts,
                                                                 strict=True))
        y += height + 8
        painter.drawLine(int(page.left()), int(y - 4), int(page.right()), int(y - 4))


def _outcome_page(painter: QPainter, page: QRectF, slide, plot: ForestPlotWidget) -> None:
    y = page.top() + _text(painter, page, slide.data.outcome.label, 18, True) + 8
    if slide.result is not None:
        plot.set_data(slide.result, list(slide.rows), slide.data.outcome,
                      slide.data.comparison, slide.rob)
        rect = plot.figure_rect()
        room = QRectF(page.left(), y, page.width(), page.height() * 0.62)
        scale = min(room.width() / rect.width(), room.height() / rect.height(), 1.0)
        target = QRectF(room.left(), y, rect.width() * scale, rect.height() * scale)
        _set_export_mode(plot.scene, plot, True, 1.0)
        try:
            _render(plot.scene, painter, rect, target)
        finally:
            _set_export_mode(plot.scene, plot, False, 1.0)
        y += target.height() + 10
    lines = [f"{k}: {v}" for k, v in sof_cells(slide.sof_row).items()]
    if slide.sof_row and slide.sof_row.get("statement"):
        lines.append(slide.sof_row["statement"])
    lines += [f"{d.capitalize()} {level}: {reason}"
              for d, level, reason in certainty_reasons(slide.grade)]
    _text(painter, QRectF(page.left(), y, page.width(), page.bottom() - y), "\n".join(lines), 12)


def _slides(project, comparison: str | None, progress: Progress | None) -> list:
    try:
        ids = comparison_ids(project.store, comparison)
    except ValueError as err:
        raise HandoutError(str(err)) from err
    if len(ids) != 1:
        raise HandoutError("the project has several comparisons: name one with --comparison")
    outcomes = project.store.outcomes(ids[0])
    slides = []
    for done, outcome in enumerate(outcomes, start=1):
        slides.append(outcome_slide(project, outcome.id))
        if progress:
            progress(done, len(outcomes) + 1)
    return slides


def write_handout(project, comparison: str | None, out: Path | str,
                  progress: Progress | None = None) -> int:
    """Write the handout of one comparison; returns the number of pages."""
    slides = _slides(project, comparison, progress)
    title = f"Panel handout: {slides[0].data.comparison.label}" if slides else "Panel handout"
    writer = _writer(Path(out), title)
    painter = QPainter(writer)
    plot = ForestPlotWidget()
    try:
        paint = writer.pageLayout().paintRectPixels(DPI)
        page = QRectF(paint).translated(-paint.topLeft())
        _sof_page(painter, page, title, slides)
        for slide in slides:
            writer.newPage()
            _outcome_page(painter, page, slide, plot)
    finally:
        painter.end()
        plot.deleteLater()
    if progress:
        progress(len(slides) + 1, len(slides) + 1)
    return len(slides) + 1
