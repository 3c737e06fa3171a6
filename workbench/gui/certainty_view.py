"""The Certainty tab: per outcome, the design, the five reasons to rate down and three to rate
up, each with the workbench's suggestion and its evidence beside the reviewer's judgement."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from workbench.core.grade.model import DOMAINS, UPGRADING
from workbench.core.grade.sof_cells import certainty_text
from workbench.gui.certainty_domain import DomainRow
from workbench.gui.certainty_settings import CertaintySettingsBox
from workbench.gui.controller import Controller
from workbench.session.certainty import grade_report
from workbench.session.changes import Changes
from workbench.session.commands.certainty import SetCertaintyJudgement
from workbench.storage import certainty_store


def touches_certainty(changes: Changes) -> bool:
    """Data, risk of bias, settings, judgements or reviewers: the suggestions may move."""
    return bool(changes.everything or changes.structure or changes.outcomes or changes.studies
                or changes.settings or changes.rob or changes.grade or changes.reviewers)


class CertaintyView(QWidget):
    """Shows the current reviewer's judgements; every change is one undoable Command."""

    def __init__(self, controller: Controller, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.report: dict[str, Any] | None = None
        self.rows: dict[str, DomainRow] = {}
        self._dirty = False
        self._timer = QTimer(self, singleShot=True, interval=0)
        self._timer.timeout.connect(self.refresh)
        self._build()
        controller.changed.connect(self._on_changed)

    def _build(self) -> None:
        self.outcome_combo = QComboBox()
        self.summary = QLabel()
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.status = QLabel(wordWrap=True)
        self.status.setStyleSheet("color: #a00")
        head = QFormLayout()
        head.addRow("Outcome", self.outcome_combo)
        head.addRow("Certainty", self.summary)
        body = self._domain_rows()
        self.settings_box = CertaintySettingsBox()
        self.settings_box.command.connect(self._run)
        self.settings_box.problem.connect(self.status.setText)
        self.settings_box.setFixedWidth(380)
        scroll = QScrollArea(widgetResizable=True)
        scroll.setWidget(body)
        columns = QHBoxLayout()
        columns.addWidget(scroll, 1)
        columns.addWidget(self.settings_box, 0, Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.addLayout(head)
        layout.addWidget(self.status)
        layout.addLayout(columns, 1)
        self.outcome_combo.currentIndexChanged.connect(lambda _: self.refresh())

    def _domain_rows(self) -> QWidget:
        body = QWidget()
        inner = QVBoxLayout(body)
        for domain in DOMAINS:
            if domain == UPGRADING[0]:
                inner.addWidget(QLabel("<b>Reasons to rate up</b> (count only where judged)"))
            elif domain == DOMAINS[0]:
                inner.addWidget(QLabel("<b>Reasons to rate down</b>"))
            row = self.rows[domain] = DomainRow(domain)
            row.judged.connect(self._judge)
            row.move.connect(self._move)
            row.needs_reason.connect(self.status.setText)
            inner.addWidget(row)
        inner.addStretch(1)
        return body

    # --- selection and refresh ----------------------------------------------------------
    def outcome_id(self) -> int | None:
        return self.outcome_combo.currentData()

    def select_outcome(self, outcome_id: int | None) -> None:
        """Follow the outcome chosen in the project panel."""
        index = self.outcome_combo.findData(outcome_id)
        if index >= 0:
            self.outcome_combo.setCurrentIndex(index)

    def _on_changed(self, changes: Changes, _initiator: object) -> None:
        if changes.everything or changes.structure:
            self._fill_outcomes()
        if touches_certainty(changes):
            self._schedule()

    def _schedule(self) -> None:
        """Recompute at once when shown (coalescing a burst); when hidden, on showing."""
        if self.isVisible():
            self._timer.start()
        else:
            self._dirty = True

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self._dirty:
            self.refresh()

    def _fill_outcomes(self) -> None:
        project, current = self.controller.project, self.outcome_id()
        self.outcome_combo.blockSignals(True)
        self.outcome_combo.clear()
        if project is not None:
            names = {c.id: c.label for c in project.store.comparisons()}
            for outcome in project.store.outcomes():
                self.outcome_combo.addItem(f"{names[outcome.comparison_id]} ▸ {outcome.label}",
                                           outcome.id)
        self.outcome_combo.setCurrentIndex(max(0, self.outcome_combo.findData(current)))
        self.outcome_combo.blockSignals(False)

    def refresh(self) -> None:
        self._dirty = False
        project, outcome_id = self.controller.project, self.outcome_id()
        if project is None or outcome_id is None:
            self.report = None
            self.summary.setText("No outcome")
            return
        store = project.store
        outcomes = grade_report(store, outcome_id, project.reviewer)["outcomes"]
        self.report = outcomes[0] if outcomes else None
        if self.report is None:
            return
        for domain, row in self.rows.items():
            row.show_state(self.report["domains"][domain])
        self.summary.setText(summary_html(self.report))
        outcome = store.outcome(outcome_id)
        self.settings_box.show_settings(outcome, certainty_store.settings(store, outcome_id),
                                        self.report.get("thresholds"))

    # --- actions ------------------------------------------------------------------------
    def _run(self, command) -> bool:
        self.status.clear()
        ok = self.controller.execute(command, self)
        if not ok:
            self.refresh()  # put the widgets back to what is stored
        return ok

    def _judge(self, domain: str, level: int | None, reason: str) -> None:
        outcome_id = self.outcome_id()
        if outcome_id is not None:
            self._run(SetCertaintyJudgement(outcome_id, domain, level, reason))

    def _move(self, domain: str, step: int) -> None:
        index = DOMAINS.index(domain) + step
        if 0 <= index < len(DOMAINS):
            self.rows[DOMAINS[index]].setFocus()


def summary_html(report: dict[str, Any]) -> str:
    """'⊕⊕◯◯ Low — provisional: 3 domains not judged, 1 stale · randomised, starts at High'."""
    symbols, word = certainty_text(report.get("certainty"), False)
    domains = report["domains"]
    unjudged = sum(1 for d in DOMAINS[:5] if domains[d]["judged"] is None)
    stale = sum(1 for d in DOMAINS if domains[d]["stale"])
    notes = []
    if report.get("provisional"):
        notes.append(f"<i>provisional</i>: {unjudged} of 5 reasons to rate down not judged")
    if stale:
        notes.append(f"<span style='color:#b35900'>{stale} stale</span>")
    start = {4: "High", 2: "Low"}.get(report.get("start"), "—")
    text = (f"<span style='font-size:16px'>{symbols}</span> <b>{word}</b>"
            f"{' — ' + ', '.join(notes) if notes else ''} · {report.get('design')}, "
            f"starts at {start}")
    return text
