"""One signalling question in the risk-of-bias form: answer buttons, keys, support text."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from workbench.core.rob.model import Question

# Letter shortcuts besides the digits 1..n (n-th answer of the question's own set).
LETTERS = {Qt.Key.Key_Y: "Y", Qt.Key.Key_N: "N", Qt.Key.Key_I: "NI", Qt.Key.Key_A: "NA"}
SHIFTED = {Qt.Key.Key_Y: "PY", Qt.Key.Key_N: "PN"}


class QuestionRow(QFrame):
    """Answer with the mouse or, when focused, with keys 1..6, Y/N/I/A (Shift+Y/N: probably);
    Up/Down move between questions. Emits `answered(question, code)` and
    `support_edited(question)`; it never writes anything itself."""

    answered = Signal(str, str)
    support_edited = Signal(str)
    move = Signal(str, int)  # (question, +1 next / -1 previous)

    def __init__(self, question: Question, labels: dict[str, str],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.question = question
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setObjectName("question")  # the style sheet draws its focus ring
        self.group = QButtonGroup(self)
        self.group.setExclusive(True)
        self.buttons: dict[str, QPushButton] = {}
        self.text = QLabel(f"<b>{question.id}</b> {question.text}")
        self.text.setWordWrap(True)
        self.reason = QLabel()
        self.reason.setWordWrap(True)  # "Not applicable: …" must not widen the whole form
        self.reason.setStyleSheet("color: gray")
        self.support = QLineEdit(placeholderText="Support: quote or reason")
        self.location = QLineEdit(placeholderText="Where (page, table)")
        self._layout(labels)

    def _layout(self, labels: dict[str, str]) -> None:
        buttons = QHBoxLayout()
        for number, code in enumerate(self.question.answers, start=1):
            button = QPushButton(code)
            button.setCheckable(True)
            button.setToolTip(f"{labels.get(code, code)} (key {number})")
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # keys go to the row, not a button
            button.setMinimumWidth(44)  # six answers fit beside the reason on a small screen
            self.group.addButton(button)
            self.buttons[code] = button
            buttons.addWidget(button)
            button.clicked.connect(lambda _=False, c=code: self.answered.emit(self.question.id, c))
        grid = QGridLayout(self)
        grid.addWidget(self.text, 0, 0, 1, 2)
        grid.addLayout(buttons, 1, 0)
        grid.addWidget(self.reason, 1, 1)
        grid.addWidget(self.support, 2, 0)
        grid.addWidget(self.location, 2, 1)
        for edit in (self.support, self.location):
            edit.editingFinished.connect(lambda: self.support_edited.emit(self.question.id))

    def show_state(self, answer: str | None, support: str, location: str,
                   applicable: bool, why_not: str) -> None:
        """Reflect the stored answer; a question not applicable is greyed with the reason."""
        self.group.setExclusive(False)  # lets every button be unchecked when unanswered
        for code, button in self.buttons.items():
            button.setChecked(applicable and code == answer)
        self.group.setExclusive(True)
        for edit, value in ((self.support, support), (self.location, location)):
            if not edit.hasFocus() and edit.text() != value:
                edit.setText(value)
        self.setEnabled(applicable)
        self.reason.setText("" if applicable else f"Not applicable: {why_not}")
        self.setToolTip("" if applicable else f"Not applicable: {why_not}")

    def code_for_key(self, event: QKeyEvent) -> str | None:
        key = Qt.Key(event.key())
        if Qt.Key.Key_1 <= key <= Qt.Key.Key_9:
            index = key - Qt.Key.Key_1
            return self.question.answers[index] if index < len(self.question.answers) else None
        shifted = event.modifiers() & Qt.KeyboardModifier.ShiftModifier
        code = (SHIFTED if shifted else LETTERS).get(key)
        return code if code in self.question.answers else None

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt override
        if event.key() in (Qt.Key.Key_Down, Qt.Key.Key_Up):
            self.move.emit(self.question.id, 1 if event.key() == Qt.Key.Key_Down else -1)
            return
        code = self.code_for_key(event)
        if code is None:
            super().keyPressEvent(event)
            return
        self.answered.emit(self.question.id, code)
