"""Project tree (RevMan's outline): comparisons, outcomes, subgroups and studies, editable.

Keys: F2 edits or renames, Del deletes (saying how much goes), Ctrl+N adds under the
selection, Ctrl+Up/Down reorders; a right click offers the same and more.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QFont, QKeySequence
from PySide6.QtWidgets import QAbstractItemView, QTreeWidget, QTreeWidgetItem

from workbench.gui.controller import Controller
from workbench.gui.outline_actions import OutlineActions
from workbench.gui.outline_menu import (
    DATA_ROLE,
    KIND_ROLE,
    OUTCOME_ROLE,
    build_menu,
    delete_item,
    edit_item,
    new_under,
)
from workbench.session.changes import Changes
from workbench.storage import outline

TYPE_TAG = {"dichotomous": "events", "continuous": "means", "generic": "estimates"}


class ProjectPanel(QTreeWidget):
    """Emits `outcome_selected(outcome_id)` when the user picks an outcome (or a part of one)."""

    outcome_selected = Signal(int)
    characteristics_requested = Signal(int)  # study id

    def __init__(self, controller: Controller, parent=None):
        super().__init__(parent)
        self.controller = controller
        self.actions = OutlineActions(controller, self)
        self.setHeaderHidden(True)
        self.setMinimumWidth(200)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.customContextMenuRequested.connect(self._context_menu)
        self.itemSelectionChanged.connect(self._selection)
        self.itemDoubleClicked.connect(lambda item, _col: self._double_click(item))
        # A study dragged onto a subgroup (or its outcome) moves there: RevMan's outline.
        self.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        controller.changed.connect(self._on_changed)

    def _on_changed(self, changes: Changes, _initiator: object) -> None:
        if changes.everything or changes.structure or changes.reviewers:
            self.rebuild()

    def rebuild(self) -> None:
        selected = self.current_outcome()
        expanded = self._expanded()
        self.blockSignals(True)
        self.clear()
        project = self.controller.project
        if project is not None:
            self._fill(project, selected, expanded)
        self.blockSignals(False)

    def _expanded(self) -> set[tuple]:
        found = set()
        for item in self._walk():
            if item.isExpanded():
                found.add((item.data(0, KIND_ROLE), _key(item.data(0, DATA_ROLE))))
        return found

    def _walk(self, parent: QTreeWidgetItem | None = None):
        count = self.topLevelItemCount() if parent is None else parent.childCount()
        for i in range(count):
            item = self.topLevelItem(i) if parent is None else parent.child(i)
            yield item
            yield from self._walk(item)

    def _item(self, parent, text: str, kind: str, data=None) -> QTreeWidgetItem:
        item = QTreeWidgetItem(parent, [text])
        item.setData(0, KIND_ROLE, kind)
        item.setData(0, DATA_ROLE, data)
        return item

    def _fill(self, project, selected: int | None, expanded: set[tuple]) -> None:
        store = project.store
        analyses = self._section("Comparisons and outcomes", "comparisons")
        for comparison in store.comparisons():
            node = self._item(analyses, comparison.label, "comparison", comparison.id)
            node.setToolTip(0, f"{comparison.group_label_1} versus {comparison.group_label_2}")
            node.setExpanded(True)
            for outcome in store.outcomes(comparison.id):
                self._outcome(node, store, outcome, selected, expanded)
        studies = store.studies()
        section = self._section(f"Studies ({len(studies)})", "studies")
        for study in studies:
            year = f" ({study.year})" if study.year and str(study.year) not in study.label else ""
            self._item(section, f"{study.label}{year}", "study", study.id)
        section.setExpanded(("studies", None) in expanded)
        reviewers = self._section("Reviewers", "reviewers")
        for reviewer in store.reviewers():
            current = " — you" if reviewer.name == project.reviewer else ""
            self._item(reviewers, f"{reviewer.name}{current}", "reviewer", reviewer.id)

    def _outcome(self, node, store, outcome, selected, expanded) -> None:
        tag = TYPE_TAG[outcome.data_type]
        item = self._item(node, f"{outcome.label} · {outcome.settings.measure}", "outcome",
                          outcome.id)
        item.setToolTip(0, f"{outcome.label}: {outcome.settings.measure} from {tag}, "
                           f"{outcome.settings.method}")
        item.setData(0, OUTCOME_ROLE, outcome.id)
        members = _subgroup_members(store, outcome.id)
        for name in outline.subgroups(store, outcome.id):
            group = self._item(item, f"Subgroup: {name}", "subgroup", (outcome.id, name))
            group.setData(0, OUTCOME_ROLE, outcome.id)
            for result_id, study in members.get(name, []):
                leaf = self._item(group, study, "result", (outcome.id, result_id, name))
                leaf.setData(0, OUTCOME_ROLE, outcome.id)
            group.setExpanded(("subgroup", (outcome.id, name)) in expanded)
        placed = {rid for studies in members.values() for rid, _ in studies}
        for row in store.results(outcome.id):  # studies in no subgroup sit under the outcome
            if row["result_id"] not in placed:
                leaf = self._item(item, row["study"], "result", (outcome.id, row["result_id"], ""))
                leaf.setData(0, OUTCOME_ROLE, outcome.id)
        item.setExpanded(("outcome", outcome.id) in expanded)
        if outcome.id == selected:
            self.setCurrentItem(item)

    def _section(self, title: str, kind: str) -> QTreeWidgetItem:
        item = self._item(self, title, kind)
        bold = QFont()
        bold.setBold(True)
        item.setFont(0, bold)
        item.setExpanded(True)
        return item

    # --- selection ---------------------------------------------------------------------
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

    def select(self, kind: str, data) -> QTreeWidgetItem | None:
        for item in self._walk():
            if item.data(0, KIND_ROLE) == kind and _key(item.data(0, DATA_ROLE)) == _key(data):
                self.setCurrentItem(item)
                return item
        return None

    def _outcome_items(self):
        return [i for i in self._walk() if i.data(0, KIND_ROLE) == "outcome"]

    def _selection(self) -> None:
        outcome_id = self.current_outcome()
        if outcome_id is not None:
            self.outcome_selected.emit(outcome_id)

    # --- menus and keys ----------------------------------------------------------------
    def _context_menu(self, pos) -> None:
        item = self.itemAt(pos)
        if self.controller.project is None or self.controller.project.read_only:
            return
        menu = build_menu(self, item)
        if not menu.isEmpty():
            menu.exec(self.viewport().mapToGlobal(pos))

    def event(self, event) -> bool:  # noqa: N802 - Qt override
        """While the panel has focus, Ctrl+N, F2, Del and Ctrl+Up/Down are the outline's keys,
        not the window's (File ▸ New project keeps Ctrl+N everywhere else)."""
        if event.type() == QEvent.Type.ShortcutOverride and _outline_key(event):
            event.accept()
            return True
        return super().event(event)

    def keyPressEvent(self, event) -> None:  # noqa: N802 - Qt override
        item = self.currentItem()
        project = self.controller.project
        if project is None or project.read_only:
            super().keyPressEvent(event)
            return
        if event.key() == Qt.Key.Key_F2:
            edit_item(self, item)
        elif event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            delete_item(self, item)
        elif event.matches(QKeySequence.StandardKey.New) or (
                event.key() == Qt.Key.Key_N
                and event.modifiers() & Qt.KeyboardModifier.ControlModifier):
            new_under(self, item)
        elif event.modifiers() & Qt.KeyboardModifier.ControlModifier and event.key() in (
                Qt.Key.Key_Up, Qt.Key.Key_Down):
            self._reorder(item, -1 if event.key() == Qt.Key.Key_Up else 1)
        else:
            super().keyPressEvent(event)
            return
        event.accept()

    def _reorder(self, item, offset: int) -> None:
        kind = None if item is None else item.data(0, KIND_ROLE)
        data = None if item is None else _key(item.data(0, DATA_ROLE))
        if kind in ("comparison", "outcome"):
            self.actions.move(f"{kind}s", data, offset)
        elif kind == "subgroup":
            self.actions.move_subgroup(data[0], data[1], offset)
        elif kind == "result":
            self.actions.move("study_outcomes", data[1], offset)

    def dropEvent(self, event) -> None:  # noqa: N802 - Qt override
        """Only a study onto a subgroup of its own outcome; the tree never rearranges itself,
        the command does and the tree is rebuilt from the project."""
        event.ignore()
        source, target = self.currentItem(), self.itemAt(event.position().toPoint())
        move = drop_move(source, target)
        if move is not None:
            self.actions.move_to_subgroup(*move)

    def _double_click(self, item) -> None:
        if item is not None and item.data(0, KIND_ROLE) == "study":
            self.characteristics_requested.emit(item.data(0, DATA_ROLE))


def drop_move(source, target) -> tuple[int, int, str] | None:
    """(outcome id, result id, subgroup) when `source` is a study that may go onto `target`."""
    if source is None or target is None or source.data(0, KIND_ROLE) != "result":
        return None
    outcome_id, result_id, current = _key(source.data(0, DATA_ROLE))
    kind, data = target.data(0, KIND_ROLE), _key(target.data(0, DATA_ROLE))
    if kind == "subgroup" and data[0] == outcome_id and data[1] != current:
        return outcome_id, result_id, data[1]
    if kind == "result" and data[0] == outcome_id and data[2] != current:
        return outcome_id, result_id, data[2]
    if kind == "outcome" and data == outcome_id and current:
        return outcome_id, result_id, ""
    return None


def _outline_key(event) -> bool:
    control = bool(event.modifiers() & Qt.KeyboardModifier.ControlModifier)
    return event.key() in (Qt.Key.Key_F2, Qt.Key.Key_Delete) or (
        control and event.key() in (Qt.Key.Key_N, Qt.Key.Key_Up, Qt.Key.Key_Down))


def _key(data):
    return tuple(data) if isinstance(data, list) else data


def _subgroup_members(store, outcome_id: int) -> dict[str, list[tuple[int, str]]]:
    """Each subgroup's studies: a study two reviewers placed differently shows under both."""
    members: dict[str, list[tuple[int, str]]] = {}
    for name, result_id, study in outline.subgroup_members(store, outcome_id):
        members.setdefault(name, []).append((result_id, study))
    return members
