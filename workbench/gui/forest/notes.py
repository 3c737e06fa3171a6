"""What an exported figure carries beyond the plot: a title, the method line and a legend."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QRectF
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import QGraphicsScene, QGraphicsSimpleTextItem

from workbench.core import report_text as tx
from workbench.core.model import Comparison, Outcome
from workbench.core.results import MetaResult

LINE = 18.0
TITLE_PX = 15


@dataclass(frozen=True)
class FigureNotes:
    """Title (the outcome), method line, legend lines (RoB domains); workflow-only notes
    (a disputed value's mark) appear only when asked for."""

    title: str
    method: str
    legend: tuple[str, ...] = ()
    workflow_notes: bool = False

    @property
    def head(self) -> float:
        return 2 * LINE + 10

    @property
    def foot(self) -> float:
        return (len(self.legend) + 1) * LINE if self.legend else 0.0


def figure_notes(result: MetaResult, outcome: Outcome, comparison: Comparison,
                 legend: tuple[str, ...] = (), workflow_notes: bool = False) -> FigureNotes:
    title = f"{comparison.label}: {outcome.label}" if comparison.label else outcome.label
    s = outcome.settings
    return FigureNotes(title, tx.method_line(result, s.het_from, s.compat), legend,
                       workflow_notes)


def add_note_items(scene: QGraphicsScene, notes: FigureNotes, font: QFont,
                   rect: QRectF) -> list[QGraphicsSimpleTextItem]:
    """Title and method line above `rect`, the legend below it; returns the items added."""
    bold = QFont(font)
    bold.setBold(True)
    bold.setPixelSize(TITLE_PX)
    placed = [(notes.title, bold, rect.top() - notes.head + 4),
              (notes.method, font, rect.top() - notes.head + 4 + LINE + 2)]
    if notes.legend:
        placed.append(("Risk of bias domains:", font, rect.bottom() + 4))
        placed += [(line, font, rect.bottom() + 4 + (i + 1) * LINE)
                   for i, line in enumerate(notes.legend)]
    items = []
    for text, item_font, y in placed:
        item = QGraphicsSimpleTextItem(text)
        item.setFont(item_font)
        item.setBrush(QBrush(QColor("black")))
        item.setPos(rect.left() + 10, y)
        scene.addItem(item)
        items.append(item)
    return items
