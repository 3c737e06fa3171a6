"""A new review: its title, its question (PICO) and the first comparison, asked at once."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from workbench.session.commands.batch import Batch
from workbench.session.commands.outline import AddComparison
from workbench.session.commands.structure import SetReviewText


@dataclass(frozen=True)
class NewReview:
    title: str
    question: str
    comparison: str
    group_1: str
    group_2: str

    def commands(self) -> Batch | None:
        """What to record in the new file (one undo step); None when nothing was given."""
        steps = []
        if self.question.strip():
            steps.append(SetReviewText("question", self.question.strip()))
        if self.comparison.strip():
            steps.append(AddComparison(self.comparison, self.group_1, self.group_2))
        return Batch(steps, label="Describe the review") if steps else None


class NewProjectDialog(QDialog):
    def __init__(self, parent: QWidget | None = None, title: str = ""):
        super().__init__(parent)
        self.setWindowTitle("New review")
        self.title = QLineEdit(title, placeholderText="e.g. Ketamine for chronic pain")
        self.question = QPlainTextEdit()
        self.question.setPlaceholderText(
            "Population, Intervention, Comparison, Outcomes: e.g. In adults with chronic pain, "
            "does ketamine compared with placebo reduce pain?")
        self.question.setTabChangesFocus(True)
        self.question.setMaximumHeight(90)
        self.comparison = QLineEdit(placeholderText="e.g. Ketamine versus placebo")
        self.group_1 = QLineEdit(placeholderText="Experimental")
        self.group_2 = QLineEdit(placeholderText="Control")
        form = QFormLayout()
        form.addRow("Title", self.title)
        form.addRow("Question (PICO)", self.question)
        form.addRow(QLabel("<b>First comparison</b> (more can be added later)"))
        form.addRow("Comparison", self.comparison)
        form.addRow("Group 1 (intervention)", self.group_1)
        form.addRow("Group 2 (comparator)", self.group_2)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.setMinimumWidth(520)

    def review(self) -> NewReview:
        return NewReview(self.title.text().strip() or "Untitled review",
                         self.question.toPlainText(), self.comparison.text(),
                         self.group_1.text() or "Experimental", self.group_2.text() or "Control")
