"""What the working area shows with no outcome to show: what to do next, never an old plot."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

NO_PROJECT = ("No project is open",
              "Start a new review, open a project file, or look around the demo review.")
NO_OUTCOME = ("This review has no outcomes yet",
              "Import an extraction spreadsheet, or add a comparison and an outcome and type "
              "the studies in. The demo review shows what a finished one looks like.")
PICK_OUTCOME = ("Choose an outcome",
                "Pick an outcome in the project panel on the left to see its data and "
                "forest plot, or add one.")


class EmptyState(QWidget):
    """A heading, a sentence and buttons for the next step; each button emits `chosen(key)`."""

    chosen = Signal(str)  # "new", "open", "import", "add_outcome", "add_study", "demo"

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.heading = QLabel(alignment=Qt.AlignmentFlag.AlignCenter)
        font = self.heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.5)
        font.setBold(True)
        self.heading.setFont(font)
        self.text = QLabel(wordWrap=True, alignment=Qt.AlignmentFlag.AlignCenter)
        # A wrapped label centred by the layout gets one line's height and is cut off: it
        # sits in a row of its own between stretches instead, at a width that reads well.
        self.text.setFixedWidth(480)
        self.buttons: dict[str, QPushButton] = {}
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addWidget(self.heading)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.text)
        row.addStretch(1)
        layout.addLayout(row)
        layout.addSpacing(8)
        for key, text in (("new", "New review…"), ("open", "Open a project…"),
                          ("import", "Import a spreadsheet…"),
                          ("add_outcome", "Add a comparison or outcome…"),
                          ("add_study", "Add a study…"), ("demo", "Open the demo review")):
            button = QPushButton(text)
            button.setMinimumWidth(260)
            button.clicked.connect(lambda _=False, k=key: self.chosen.emit(k))
            layout.addWidget(button, 0, Qt.AlignmentFlag.AlignHCenter)
            self.buttons[key] = button
        layout.addStretch(2)

    def show_case(self, has_project: bool, has_outcomes: bool) -> None:
        """Say what to do next: without a project, with an empty one, or nothing chosen."""
        heading, text = NO_PROJECT if not has_project else (
            PICK_OUTCOME if has_outcomes else NO_OUTCOME)
        self.heading.setText(heading)
        self.text.setText(text)
        shown = {"new", "open", "demo"} if not has_project else (
            {"add_outcome"} if has_outcomes else {"import", "add_outcome", "add_study", "demo"})
        for key, button in self.buttons.items():
            button.setVisible(key in shown)
