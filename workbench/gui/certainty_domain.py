"""One GRADE domain in the Certainty tab: suggestion and its evidence, the reviewer's level."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QComboBox, QFrame, QGridLayout, QLabel, QLineEdit, QPushButton

from workbench.core.grade.evidence_text import evidence_text
from workbench.core.grade.model import DOMAIN_NAMES, LEVEL_RANGES, UPGRADING

NOT_JUDGED = "(not judged)"
WORDS = {0: "no concern", -1: "serious (−1)", -2: "very serious (−2)",
         -3: "extremely serious (−3)", 1: "rate up (+1)", 2: "rate up (+2)"}
ACCEPT_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space, Qt.Key.Key_A)


def signed(level: int | None) -> str:
    return "—" if level is None else f"{level:+d}".replace("-", "−") if level else "0"


class DomainRow(QFrame):
    """Keys when focused: Enter, Space or A accept the suggestion (one keystroke); 0-3 choose
    a level (−n to rate down, +n to rate up; overriding then asks for a reason, Enter in the
    reason saves); Delete clears the judgement; Up/Down move between domains. Emits
    `judged(domain, level or None, reason)` and never writes anything itself."""

    judged = Signal(str, object, str)
    move = Signal(str, int)
    needs_reason = Signal(str)

    def __init__(self, domain: str) -> None:
        super().__init__()
        self.domain = domain
        self.suggested: int | None = None
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        lo, hi = LEVEL_RANGES[domain]
        self.level = QComboBox()
        self.level.addItem(NOT_JUDGED, None)
        for value in (range(lo, hi + 1) if domain in UPGRADING else range(hi, lo - 1, -1)):
            self.level.addItem(f"{signed(value)}  {WORDS[value]}", value)
        self.reason = QLineEdit(placeholderText="Reason: the footnote (needed to override)")
        self.accept = QPushButton("Accept")
        self.accept.setToolTip("Accept the suggestion (Enter when the domain has focus)")
        self.accept.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.suggestion, self.evidence, self.stale = QLabel(), QLabel(), QLabel()
        self._layout()
        self.accept.clicked.connect(self.accept_suggestion)
        self.level.activated.connect(lambda _: self.choose(self.level.currentData()))
        self.reason.returnPressed.connect(self._reason_entered)

    def _layout(self) -> None:
        """Name and suggestion; the evidence behind it; the reviewer's level and reason."""
        name = QLabel(f"<b>{DOMAIN_NAMES[self.domain]}</b>")
        for label in (self.suggestion, self.evidence):
            label.setWordWrap(True)
            label.setTextFormat(Qt.TextFormat.PlainText)
        self.evidence.setStyleSheet("color: #555; font-size: 11px")
        self.stale.setStyleSheet("color: #b35900; font-weight: bold")
        grid = QGridLayout(self)
        grid.setContentsMargins(6, 4, 6, 4)
        grid.setVerticalSpacing(2)
        grid.addWidget(name, 0, 0)
        grid.addWidget(self.suggestion, 0, 1, 1, 2)
        grid.addWidget(self.stale, 1, 0)
        grid.addWidget(self.evidence, 1, 1, 1, 2)
        grid.addWidget(self.level, 2, 0)
        grid.addWidget(self.reason, 2, 1)
        grid.addWidget(self.accept, 2, 2)
        grid.setColumnStretch(1, 1)
        grid.setColumnMinimumWidth(0, 190)
        self.level.setFixedWidth(190)

    def show_state(self, domain: dict[str, Any]) -> None:
        """Reflect the report: suggestion, rule and evidence; the judged level and reason."""
        self.suggested = domain.get("suggested")
        self.suggestion.setText(f"Suggested: {signed(self.suggested)} — {domain.get('rule')}")
        self.evidence.setText(evidence_text(self.domain, domain.get("evidence")))
        self.evidence.setVisible(bool(self.evidence.text()))
        judged = domain.get("judged")
        self.level.setCurrentIndex(max(0, self.level.findData(judged)) if judged is not None
                                   else 0)
        if not self.reason.hasFocus():
            self.reason.setText((domain.get("reason") or "") if judged is not None else "")
        self.stale.setText("Stale: the evidence changed" if domain.get("stale") else "")
        self.accept.setEnabled(self.suggested is not None)

    def accept_suggestion(self) -> None:
        if self.suggested is not None:
            self.judged.emit(self.domain, self.suggested, "")

    def choose(self, level: int | None) -> None:
        """A level picked: clear, accept, or override (which waits for a reason)."""
        if level is None:
            self.judged.emit(self.domain, None, "")
            return
        self.level.setCurrentIndex(self.level.findData(level))
        reason = self.reason.text().strip()
        if level != self.suggested and not reason:
            self.reason.setFocus()
            self.needs_reason.emit(f"{DOMAIN_NAMES[self.domain]}: type the reason for "
                                   "overriding the suggestion, then Enter")
            return
        self.judged.emit(self.domain, level, reason)

    def _reason_entered(self) -> None:
        level = self.level.currentData()
        if level is not None:
            self.judged.emit(self.domain, level, self.reason.text().strip())
            # Back to the row once this Return has finished travelling (see keyPressEvent).
            QTimer.singleShot(0, self.setFocus)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt override
        key = event.key()
        if not self.hasFocus():
            # A key the reason field passed on (QLineEdit hands Return to its parent after
            # returnPressed): not meant for the row, or Enter would also accept the suggestion.
            event.accept()
            return
        if key in (Qt.Key.Key_Down, Qt.Key.Key_Up):
            self.move.emit(self.domain, 1 if key == Qt.Key.Key_Down else -1)
        elif key in ACCEPT_KEYS:
            self.accept_suggestion()
        elif key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            self.choose(None)
        elif Qt.Key.Key_0 <= key <= Qt.Key.Key_3:
            size = key - Qt.Key.Key_0
            level = size if self.domain in UPGRADING else -size
            if self.level.findData(level) >= 0:
                self.choose(level)
        else:
            super().keyPressEvent(event)
