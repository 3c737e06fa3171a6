"""Conflicts between reviewers side by side, resolved with a reason, and the agreement report."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from workbench.core.validation import MISSING_TOKENS
from workbench.gui.lazy import RefreshWhenShown
from workbench.session.commands.resolve import ResolveConflict
from workbench.session.commands.structure import AddStudyToOutcome
from workbench.session.dual import Conflict, agreement, hidden_studies, list_conflicts
from workbench.session.field_names import readable_field, readable_source
from workbench.session.lookat import LookAt, can_add_by_hand, items_to_look_at

_FIXED = ("Study", "Comparison", "Outcome", "Field")


def _shown(value: Any) -> str:
    if value is None:
        return "NR"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _short_item(text: str, limit: int = 44) -> QTableWidgetItem:
    """A long signalling question is cut in the table (its column would push the reviewers'
    values off screen) and shown whole as the tooltip."""
    if len(text) <= limit:
        return QTableWidgetItem(text)
    item = QTableWidgetItem(text[:limit - 1].rstrip() + "…")
    item.setToolTip(text)
    return item


class ConflictsView(RefreshWhenShown, QWidget):
    """Lists unresolved (optionally resolved) conflicts; a conflict is resolved by picking a
    reviewer's value or typing a third, always with a reason (it goes to the audit log)."""

    def __init__(self, controller: Any, parent: QWidget | None = None):
        super().__init__(parent)
        self.controller = controller
        self.conflicts: list[Conflict] = []
        self.groups: dict[str, tuple[str, str]] = {}  # comparison -> its two group labels
        self._build()
        controller.changed.connect(self._on_changed)
        self.request_refresh()

    # --- layout ------------------------------------------------------------------------
    def _build(self) -> None:
        self.show_resolved = QCheckBox("Show resolved")
        self.show_resolved.toggled.connect(self.refresh)
        self.table = QTableWidget(0, len(_FIXED))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.itemSelectionChanged.connect(self._on_selection)
        self.pick_row = QHBoxLayout()  # one "Use NAME's value" button per reviewer
        self.other_value = QLineEdit(placeholderText="another value (NR for missing)")
        self.reason = QLineEdit(placeholderText="why this value (required)")
        self.resolve_other = QPushButton("Resolve with this value")
        self.resolve_other.clicked.connect(lambda: self._resolve(self._typed_value()))
        self.message = QLabel()
        self.where_from = QLabel(wordWrap=True)
        self.where_from.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.look_at = QListWidget()
        self.look_at.setWordWrap(True)
        self.look_at.setMaximumHeight(150)
        self.look_items: list[LookAt] = []
        self.add_by_hand = QPushButton("Add this study to its outcome")
        self.add_by_hand.setToolTip("A row an import left out: add the study to the outcome "
                                    "and type its values in the grid")
        self.add_by_hand.clicked.connect(self._add_by_hand)
        self.look_at.currentRowChanged.connect(self._look_at_chosen)
        self.agreement_report = QLabel(wordWrap=True)
        self.agreement_report.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        form = QFormLayout()
        form.addRow("Use a reviewer's value:", self.pick_row)
        form.addRow("Or another value:", self._row(self.other_value, self.resolve_other))
        form.addRow("Reason:", self.reason)
        layout = QVBoxLayout(self)
        layout.addWidget(self.show_resolved)
        layout.addWidget(self.table, stretch=1)
        layout.addWidget(self.where_from)
        layout.addLayout(form)
        layout.addWidget(self.message)
        # Side by side, so the conflicts table keeps its rows on a 700-pixel screen.
        look, agree = QVBoxLayout(), QVBoxLayout()
        look.addWidget(QLabel("<b>To look at</b> (one reviewer only, or left out of an "
                              "import as invalid)", wordWrap=True))
        look.addWidget(self.look_at, 1)
        look.addWidget(self.add_by_hand)
        agree.addWidget(QLabel("<b>Agreement</b>"))
        agree.addWidget(self.agreement_report)
        agree.addStretch(1)
        bottom = QHBoxLayout()
        bottom.addLayout(look, 1)
        bottom.addLayout(agree, 1)
        layout.addLayout(bottom)

    @staticmethod
    def _row(*widgets: QWidget) -> QHBoxLayout:
        row = QHBoxLayout()
        for widget in widgets:
            row.addWidget(widget)
        return row

    # --- refreshing --------------------------------------------------------------------
    def _on_changed(self, changes: Any, _initiator: object) -> None:
        # Any value, structure or rob change can open or close a conflict.
        if changes.everything or changes.outcomes or changes.studies or changes.structure \
                or changes.rob or changes.reviewers:
            self.request_refresh()

    def refresh(self) -> None:
        project = self.controller.project
        selected = self.selected_conflict()
        self.conflicts = [] if project is None else list_conflicts(
            project, include_resolved=self.show_resolved.isChecked())
        self._hide_blind(project)
        self.groups = {} if project is None else {
            c.label: (c.group_label_1, c.group_label_2) for c in project.store.comparisons()}
        self._fill_table()
        self._reselect(None if selected is None else selected.key)
        self._show_agreement(None if project is None else agreement(project))
        self._fill_look_at(project)

    def _fill_look_at(self, project: Any) -> None:
        self.look_at.clear()
        self.look_items = [] if project is None else items_to_look_at(project)
        self.look_at.addItems([item.text for item in self.look_items] or
                              ["Nothing to look at."])
        self._look_at_chosen(self.look_at.currentRow())

    def _look_at_chosen(self, row: int) -> None:
        project = self.controller.project
        item = self.look_items[row] if 0 <= row < len(self.look_items) else None
        self.add_by_hand.setEnabled(bool(project and item and can_add_by_hand(project, item)))

    def _add_by_hand(self) -> None:
        row = self.look_at.currentRow()
        if not 0 <= row < len(self.look_items):
            return
        item = self.look_items[row]
        if self.controller.execute(AddStudyToOutcome(item.outcome_id, item.study), self):
            self.message.setText(f"Added {item.study} to “{item.outcome}”: type its values in "
                                 "the grid (Data and forest plot).")

    def field_name(self, conflict: Conflict) -> str:
        """The field as a reviewer reads it: "Ketamine events", "D3: missing outcome data"."""
        groups = self.groups.get(conflict.comparison or "", ("Experimental", "Control"))
        return readable_field(conflict.field, groups)

    def _hide_blind(self, project) -> None:
        """Blind mode, as in the grid and the plot: a study's conflicts show only once every
        reviewer who extracted it has finished it (they would reveal the other's values)."""
        if project is None or not getattr(self.controller, "blind", False):
            self.blind_note = ""
            return
        hidden = hidden_studies(project, project.reviewer, {c.study_id for c in self.conflicts})
        shown = [c for c in self.conflicts if c.study_id not in hidden]
        count = len(self.conflicts) - len(shown)
        self.conflicts = shown
        self.blind_note = (f"{count} more conflicts are hidden until every reviewer has "
                           "finished those studies (blind mode)." if count else "")
        self.message.setText(self.blind_note)

    def _reviewers(self) -> list[str]:
        names: list[str] = []
        for conflict in self.conflicts:
            names += [n for n in conflict.values if n not in names]
        return names

    def _fill_table(self) -> None:
        reviewers = self._reviewers()
        headers = [*_FIXED, *reviewers, "Consensus"]
        self.table.blockSignals(True)
        self.table.clear()
        self.table.setColumnCount(len(headers))
        self.table.setHorizontalHeaderLabels(headers)
        self.table.setRowCount(len(self.conflicts))
        for row, conflict in enumerate(self.conflicts):
            cells = [conflict.study, conflict.comparison or "(study)", conflict.outcome or "",
                     self.field_name(conflict)]
            for col, text in enumerate(cells):
                self.table.setItem(row, col, _short_item(text))
            for offset, name in enumerate(reviewers):
                self.table.setItem(row, len(_FIXED) + offset, self._value_item(conflict, name))
            agreed = "" if conflict.consensus is None else (
                f"{_shown(conflict.consensus[0])} ({conflict.consensus[3]})")
            self.table.setItem(row, len(headers) - 1, QTableWidgetItem(agreed))
        self.table.blockSignals(False)
        self.table.resizeColumnsToContents()

    @staticmethod
    def _value_item(conflict: Conflict, name: str) -> QTableWidgetItem:
        if name not in conflict.values:
            return QTableWidgetItem("")
        item = QTableWidgetItem(_shown(conflict.values[name]))
        source = conflict.sources.get(name, "")
        item.setToolTip(f"From {readable_source(source)}" if source else "No source recorded")
        return item

    def _reselect(self, key: tuple | None) -> None:
        rows = [i for i, c in enumerate(self.conflicts) if c.key == key]
        if rows:
            self.table.selectRow(rows[0])
        elif self.conflicts:
            self.table.selectRow(0)
        self._on_selection()

    def _show_agreement(self, doc: dict[str, Any] | None) -> None:
        if doc is None or not doc["reviewers"]:
            self.agreement_report.setText("No reviewers' values to compare yet.")
            return
        ext = doc["extraction"]
        lines = [f"Reviewers: {', '.join(doc['reviewers'])}",
                 f"Extraction: {ext['cells_agreed']} of {ext['cells_compared']} cells agree"
                 + ("" if ext["percent"] is None else f" ({ext['percent']:.1f}%)")]
        for tool, domains in doc["rob"].items():
            for domain, k in domains.items():
                kappa = "not defined" if k["kappa"] is None else (
                    f"{k['kappa']:.2f} (95% CI {k['kappa_ci_lower']:.2f} to "
                    f"{k['kappa_ci_upper']:.2f})")
                name = "Overall" if domain == "overall" else readable_field(
                    f"{tool}:{domain}:judgement")
                lines.append(f"{tool} {name}: n = {k['n']}, kappa {kappa}")
        self.agreement_report.setText("\n".join(lines))

    # --- resolving ---------------------------------------------------------------------
    def selected_conflict(self) -> Conflict | None:
        rows = {index.row() for index in self.table.selectionModel().selectedRows()} \
            if self.table.selectionModel() else set()
        return self.conflicts[min(rows)] if rows and min(rows) < len(self.conflicts) else None

    def _on_selection(self) -> None:
        while self.pick_row.count():
            widget = self.pick_row.takeAt(0).widget()
            if widget is not None:
                widget.hide()  # until deleteLater runs it would still paint where it was
                widget.deleteLater()
        self.pick_buttons: dict[str, QPushButton] = {}
        conflict = self.selected_conflict()
        self.where_from.setText(self._where_from(conflict))
        for name, value in ({} if conflict is None else conflict.values).items():
            button = QPushButton(f"Use {name}'s value: {_shown(value)}", self)
            button.clicked.connect(lambda _=False, v=value: self._resolve(v))
            self.pick_row.addWidget(button)
            self.pick_buttons[name] = button
        self.resolve_other.setEnabled(conflict is not None)

    @staticmethod
    def _where_from(conflict: Conflict | None) -> str:
        if conflict is None or conflict.key[0] == "rob":
            return ""
        known = {n: readable_source(s) for n, s in conflict.sources.items() if s}
        if not known:
            return "Where from: typed in, no file recorded."
        return "Where from: " + "; ".join(f"{n}: {s}" for n, s in known.items())

    def _typed_value(self) -> Any:
        text = self.other_value.text().strip()
        return None if text.lower() in MISSING_TOKENS else text

    def _resolve(self, value: Any) -> None:
        conflict = self.selected_conflict()
        if conflict is None:
            return
        if not self.reason.text().strip():
            self.message.setText("Give a reason: it is kept with the agreed value.")
            self.reason.setFocus()
            return
        command = ResolveConflict(conflict.key, value, self.reason.text())
        if self.controller.execute(command, self):
            self.message.setText(f"Resolved {conflict.study} {conflict.field}.")
            self.reason.clear()
            self.other_value.clear()
