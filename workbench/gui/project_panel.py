"""Project tree: comparisons with their outcomes, the studies, and the reviewers."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QTreeWidget, QTreeWidgetItem

from workbench.gui.controller import Controller
from workbench.session.changes import Changes

OUTCOME_ROLE = Qt.ItemDataRole.UserRole + 1
TYPE_TAG = {"dichotomous": "events", "continuous": "means", "generic": "estimates"}


class ProjectPanel(QTreeWidget):
    """Emits `outcome_selected(outcome_id)` when the user picks an outcome."""

    outcome_selected = Signal(int)

    def __init__(self, controller: Controller, parent=None):
        super().__init__(parent)
        self.controller = controller
        self.setHeaderHidden(True)
        self.setMinimumWidth(200)
        self.itemSelectionChanged.connect(self._selection)
        controller.changed.connect(self._on_changed)

    def _on_changed(self, changes: Changes, _initiator: object) -> None:
        if changes.everything or changes.structure or changes.reviewers:
            self.rebuild()

    def rebuild(self) -> None:
        selected = self.current_outcome()
        self.blockSignals(True)
        self.clear()
        project = self.controller.project
        if project is not None:
            self._fill(project, selected)
        self.blockSignals(False)

    def _fill(self, project, selected: int | None) -> None:
        store = project.store
        bold = QFont()
        bold.setBold(True)
        analyses = self._section("Comparisons and outcomes", bold)
        for comparison in store.comparisons():
            node = QTreeWidgetItem(analyses, [comparison.label])
            for outcome in store.outcomes(comparison.id):
                tag = TYPE_TAG[outcome.data_type]
                item = QTreeWidgetItem(node, [f"{outcome.label} · {outcome.settings.measure}"])
                item.setToolTip(0, f"{outcome.label}: {outcome.settings.measure} from "
                                   f"{tag}, {outcome.settings.method}")
                item.setData(0, OUTCOME_ROLE, outcome.id)
                if outcome.id == selected:
                    self.setCurrentItem(item)
        studies = self._section(f"Studies ({len(store.studies())})", bold)
        for study in store.studies():
            year = f" ({study.year})" if study.year and str(study.year) not in study.label else ""
            QTreeWidgetItem(studies, [f"{study.label}{year}"])
        studies.setExpanded(False)
        reviewers = self._section("Reviewers", bold)
        for reviewer in store.reviewers():
            current = " — you" if reviewer.name == project.reviewer else ""
            QTreeWidgetItem(reviewers, [f"{reviewer.name}{current}"])

    def _section(self, title: str, font: QFont) -> QTreeWidgetItem:
        item = QTreeWidgetItem(self, [title])
        item.setFont(0, font)
        item.setFlags(Qt.ItemFlag.ItemIsEnabled)
        item.setExpanded(True)
        return item

    def current_outcome(self) -> int | None:
        item = self.currentItem()
        return None if item is None else item.data(0, OUTCOME_ROLE)

    def select_first_outcome(self) -> None:
        for item in self._outcome_items():
            self.setCurrentItem(item)
            return

    def select_outcome(self, outcome_id: int) -> None:
        for item in self._outcome_items():
            if item.data(0, OUTCOME_ROLE) == outcome_id:
                self.setCurrentItem(item)

    def _outcome_items(self):
        for top in range(self.topLevelItemCount()):
            section = self.topLevelItem(top)
            for c in range(section.childCount()):
                comparison = section.child(c)
                for o in range(comparison.childCount()):
                    yield comparison.child(o)

    def _selection(self) -> None:
        outcome_id = self.current_outcome()
        if outcome_id is not None:
            self.outcome_selected.emit(outcome_id)
