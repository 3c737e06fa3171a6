"""Fonts and pixel geometry of the forest figure: column positions measured from the texts."""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtGui import QFont, QFontDatabase, QFontMetricsF

from workbench.gui.forest.layout import ForestLayout

_PREFERRED_FAMILIES = ("DejaVu Sans", "Arial", "Helvetica", "Liberation Sans", "Noto Sans")
GRAPH_WIDTH = 300.0
GAP = 16.0  # space between columns
ROB_CELL = 22.0


@dataclass(frozen=True)
class Fonts:
    normal: QFont
    bold: QFont
    small: QFont
    row_height: float
    # (font name, text) -> advance: study labels are re-measured on every edit otherwise.
    widths: dict = field(default_factory=dict, compare=False, repr=False)

    def width(self, name: str, text: str) -> float:
        key = (name, text)
        value = self.widths.get(key)
        if value is None:
            if len(self.widths) > 50_000:
                self.widths.clear()
            value = _text_width(getattr(self, name), text)
            self.widths[key] = value
        return value


def make_fonts(pixel_size: int = 12) -> Fonts:
    """Pixel-sized fonts, so a picture recorded for the screen replays at the same size."""
    families = set(QFontDatabase.families())
    family = next((f for f in _PREFERRED_FAMILIES if f in families), QFont().family())
    normal = QFont(family)
    normal.setPixelSize(pixel_size)
    bold = QFont(normal)
    bold.setBold(True)
    small = QFont(normal)
    small.setPixelSize(max(pixel_size - 1, 6))
    return Fonts(normal, bold, small, round(pixel_size * 1.6))


@dataclass(frozen=True)
class Geometry:
    """Where everything sits, in scene pixels; rows start at `top`, one `row_height` each."""

    col_x: tuple[float, ...]  # left edge of each text column
    col_w: tuple[float, ...]
    graph_x: float
    graph_w: float
    rob_x: tuple[float, ...]  # centre of each risk-of-bias dot column
    top: float
    row_height: float
    width: float
    height: float
    axis_top: float

    def row_top(self, index: int) -> float:
        return self.top + index * self.row_height


def measure(layout: ForestLayout, fonts: Fonts, left: float = 10.0) -> Geometry:
    """Column widths from the widest text of each column (study names are never clipped)."""
    widths = _column_widths(layout, fonts)
    xs, x = [], left
    for w in widths:
        xs.append(x)
        x += w + GAP
    graph_x = x + GAP / 2
    x = graph_x + GRAPH_WIDTH + GAP / 2
    rob_x: list[float] = []
    if layout.rob is not None:
        x += GAP
        for name in layout.rob.domains:
            cell = max(ROB_CELL, fonts.width("bold", name))
            rob_x.append(x + cell / 2)
            x += cell + 6
    h = fonts.row_height
    top = 2.6 * h
    axis_top = top + (layout.graph_last_row + 1) * h
    n = len(layout.rows)
    below = max(top + n * h, axis_top + 3.2 * h) + (2.2 * h if layout.rob else 0.4 * h)
    width = max(x, _notes_right(layout, fonts, left)) + left
    return Geometry(tuple(xs), tuple(widths), graph_x, GRAPH_WIDTH, tuple(rob_x), top, h,
                    width, below, axis_top)


def _column_widths(layout: ForestLayout, fonts: Fonts) -> list[float]:
    widths = []
    for index, column in enumerate(layout.columns):
        cells = [r.cells[index] for r in layout.rows if r.kind not in ("note", "blank")]
        if index == 0:
            # Headings and study labels: measure every one (bold ones in the bold font).
            w = max((fonts.width("bold" if r.style != "normal" else "normal", r.cells[0])
                     for r in layout.rows if r.kind not in ("note", "blank", "events")),
                    default=0.0)
        else:
            # Numbers: the longest string is the widest (tabular digits); bold in case.
            longest = max(cells, key=len, default="")
            w = fonts.width("bold", longest)
        title = column.title if column.key != "effect" else layout.effect_title[1]
        widths.append(max(w, fonts.width("bold", title)))
    return widths


def _notes_right(layout: ForestLayout, fonts: Fonts, left: float) -> float:
    """Footer lines overflow the columns but must stay inside the figure."""
    notes = [r.cells[0] for r in layout.rows if r.kind == "note"]
    return left + max((fonts.width("small", t) for t in notes), default=0.0)


def _text_width(font: QFont, text: str) -> float:
    return QFontMetricsF(font).horizontalAdvance(text) + 1.0
