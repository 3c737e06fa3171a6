"""One outcome on the projector: forest plot with risk of bias, the SoF row, the certainty."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QTransform
from PySide6.QtWidgets import (
    QBoxLayout,
    QFrame,
    QGridLayout,
    QLabel,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from workbench.gui.forest.widget import ForestPlotWidget
from workbench.gui.workshop.theme import TypeSizes
from workbench.session.workshop import (
    SOF_CELLS,
    OutcomeSlide,
    certainty_reasons,
    changed_cells,
    sof_cells,
)


class FittedForest(ForestPlotWidget):
    """The forest plot scaled to show all of it, wide or tall: nothing scrolls on a projector."""

    def __init__(self, font_px: int):
        super().__init__(font_px=font_px)
        for policy in (self.view.setHorizontalScrollBarPolicy,
                       self.view.setVerticalScrollBarPolicy):
            policy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

    def fit_to_width(self) -> None:
        if self.geom is None or self.geom.width <= 0:
            return
        port = self.view.viewport()
        scale = min((port.width() - 4) / self.geom.width, (port.height() - 4) / self.geom.height,
                    1.5)
        if scale > 0 and abs(self.view.transform().m11() - scale) > 1e-3:
            self.view.setTransform(QTransform.fromScale(scale, scale))
        self.view.centerOn(self.geom.width / 2, self.geom.height / 2)


def label(text: str = "", name: str = "", wrap: bool = True) -> QLabel:
    widget = QLabel(text)
    widget.setWordWrap(wrap)
    if name:
        widget.setObjectName(name)
    return widget


class OutcomePage(QWidget):
    """Shows a slide against the stored one: what a what-if changed reads "old → new"."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.title = label(name="title")
        self.subtitle = label(name="small")
        self.whatif_bar = label(name="small")
        self.whatif_bar.hide()
        self.forest: FittedForest | None = None
        self.middle = QStackedWidget()
        self.certainty = QFrame(objectName="panel")
        self.certainty_grid = QGridLayout(self.certainty)
        self.middle.addWidget(self.certainty)
        self.sof = QFrame(objectName="panel")
        self.sof_grid = QGridLayout(self.sof)
        self.statement = label()
        self.cells: dict[str, QLabel] = {}
        self._body = 24
        self._build_sof()
        column = QVBoxLayout(self)
        for widget in (self.title, self.subtitle, self.whatif_bar):
            column.addWidget(widget)
        # The SoF row stands beside the plot: a forest plot is tall, a projector is wide.
        self.row = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        self.row.addWidget(self.middle, 3)
        self.row.addWidget(self.sof, 2)
        column.addLayout(self.row, 1)

    def _build_sof(self) -> None:
        self.heads = {name: label(name, "head") for name in SOF_CELLS}
        for name in SOF_CELLS:
            cell = label()
            cell.setTextFormat(Qt.TextFormat.PlainText)
            self.cells[name] = cell
        self.set_wide(True)

    def set_wide(self, wide: bool) -> None:
        """Wide screens: the SoF row as a column beside the plot; 4:3 screens: below it."""
        grid = self.sof_grid
        for widget in (*self.heads.values(), *self.cells.values(), self.statement):
            grid.removeWidget(widget)
        for index, name in enumerate(SOF_CELLS):
            place = (2 * index, 0) if wide else (0, index)
            grid.addWidget(self.heads[name], *place)
            grid.addWidget(self.cells[name], place[0] + 1, place[1])
        grid.addWidget(self.statement, 2 * len(SOF_CELLS) if wide else 2, 0, 1,
                       1 if wide else len(SOF_CELLS))
        for index in range(len(SOF_CELLS)):
            grid.setColumnStretch(index, 1 if not wide or index == 0 else 0)
        grid.setRowStretch(2 * len(SOF_CELLS) + 1, 1 if wide else 0)
        if hasattr(self, "row"):
            self.row.setDirection(QBoxLayout.Direction.LeftToRight if wide
                                  else QBoxLayout.Direction.TopToBottom)
            self.row.setStretch(0, 3 if wide else 1)
            self.row.setStretch(1, 2 if wide else 0)

    def set_sizes(self, sizes: TypeSizes) -> None:
        """A new forest plot with text sized for this screen (its fonts are set once)."""
        if self.forest is not None:
            self.middle.removeWidget(self.forest)
            self.forest.deleteLater()
        self._body = sizes.body
        self.forest = FittedForest(sizes.plot)
        self.middle.insertWidget(0, self.forest)
        self.middle.setCurrentIndex(0)
        margin = sizes.body // 2
        self.layout().setContentsMargins(margin * 2, margin, margin * 2, margin)
        self.layout().setSpacing(margin // 2)
        self.sof_grid.setContentsMargins(margin, margin // 2, margin, margin // 2)
        self.sof_grid.setVerticalSpacing(sizes.body // 4)

    def _side_by_side_is_larger(self) -> bool:
        """Put the SoF row where it leaves the forest plot the larger scale."""
        geom, body = self.forest.geom, self._body
        if geom is None or geom.width <= 0 or self.width() <= 0:
            return True
        height = self.height() - 6 * body  # title, subtitle, what-if bar, margins
        side = min(self.width() * 0.58 / geom.width, height / geom.height)
        below = min((self.width() - 4 * body) / geom.width, (height - 7 * body) / geom.height)
        return side >= below

    def show_certainty(self, on: bool) -> None:
        self.middle.setCurrentWidget(self.certainty if on else self.forest)

    @property
    def showing_certainty(self) -> bool:
        return self.middle.currentWidget() is self.certainty

    def set_slide(self, stored: OutcomeSlide, current: OutcomeSlide, place: str,
                  whatif: list[str]) -> dict[str, tuple[str, str]]:
        """Show `current`; returns the SoF columns that differ from `stored`."""
        data = current.data
        self.title.setText(f"{data.outcome.label}")
        self.subtitle.setText(f"{place}  ·  {data.comparison.label}  ·  "
                              f"{data.outcome.settings.measure}, {data.outcome.settings.method}"
                              + ("  ·  HKSJ" if data.outcome.settings.hksj else ""))
        self.whatif_bar.setText("What if: " + ("; ".join(whatif) if whatif else
                                               "nothing changed yet") + _WHATIF_KEYS)
        if current.result is not None and self.forest is not None:
            self.forest.set_data(current.result, list(current.rows), data.outcome,
                                 data.comparison, current.rob)
            self.set_wide(self._side_by_side_is_larger())
        old, new = sof_cells(stored.sof_row), sof_cells(current.sof_row)
        changed = changed_cells(old, new)
        for name, cell in self.cells.items():
            cell.setText(f"{old[name]}\n→ {new[name]}" if name in changed else new[name])
            cell.setObjectName("changed" if name in changed else "")
            cell.style().unpolish(cell)
            cell.style().polish(cell)
        statement = (current.sof_row or {}).get("statement")
        self.statement.setText(statement or current.error or "")
        self._fill_certainty(current)
        return changed

    def _fill_certainty(self, slide: OutcomeSlide) -> None:
        while self.certainty_grid.count():
            item = self.certainty_grid.takeAt(0)
            item.widget().hide()
            item.widget().deleteLater()
        grade = slide.grade
        head = (f"Certainty: {grade['certainty_label'] or 'not assessed'}"
                + (" (provisional)" if grade and grade.get("provisional") else "")
                if grade else "Certainty: not available for this outcome yet")
        self.certainty_grid.addWidget(label(head, "title"), 0, 0, 1, 3)
        reasons = certainty_reasons(grade)
        if grade:
            start = {4: "High", 2: "Low"}.get(grade["start"], grade["start"])
            self.certainty_grid.addWidget(label(f"Starts at {start} ({grade['design']})",
                                                "small"), 1, 0, 1, 3)
        if grade and not reasons:
            self.certainty_grid.addWidget(label("No reason to rate down or up."), 2, 0, 1, 3)
        for row, (domain, level, reason) in enumerate(reasons, start=2):
            self.certainty_grid.addWidget(label(domain.capitalize(), wrap=False), row, 0)
            self.certainty_grid.addWidget(label(level.replace("-", "−"), wrap=False), row, 1)
            self.certainty_grid.addWidget(label(reason), row, 2)
        self.certainty_grid.setHorizontalSpacing(self._body)
        self.certainty_grid.setColumnStretch(2, 1)
        self.certainty_grid.setRowStretch(self.certainty_grid.rowCount(), 1)


_WHATIF_KEYS = ("     [H] high RoB  [M] fixed/random  [T] τ²  [K] HKSJ  [L] leave one out  "
                "[R] baseline  [0] reset  [Enter] keep this")
