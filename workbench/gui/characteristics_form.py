"""A study's characteristics, as RevMan's Characteristics of included studies."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from workbench.session.commands.batch import Batch
from workbench.session.commands.outline_studies import CHARACTERISTIC_FIELDS, SetCharacteristic

HINTS = {
    "methods": "Design, randomisation, allocation concealment, duration",
    "participants": "Setting, number, condition, inclusion and exclusion criteria",
    "interventions": "What each group received: dose, route, schedule",
    "outcomes": "Outcomes measured and when",
    "notes": "Funding, conflicts of interest, anything else",
}


class CharacteristicsForm(QDialog):
    """Five free texts of one study; OK saves the changed ones as one undoable step."""

    def __init__(self, controller, study_id: int, parent: QWidget | None = None):
        super().__init__(parent)
        self.controller, self.study_id = controller, study_id
        store = controller.project.store
        self.setWindowTitle(f"Characteristics of {store.study_label(study_id)}")
        self.stored = store.study_characteristics(study_id)
        self.edits: dict[str, QPlainTextEdit] = {}
        form = QFormLayout()
        for name in CHARACTERISTIC_FIELDS:
            edit = QPlainTextEdit(self.stored.get(name, ""))
            edit.setPlaceholderText(HINTS[name])
            edit.setTabChangesFocus(True)
            edit.setMinimumHeight(60)
            form.addRow(QLabel(name.capitalize()), edit)
            self.edits[name] = edit
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.resize(620, 520)

    def changed(self) -> list[SetCharacteristic]:
        return [SetCharacteristic(self.study_id, name, edit.toPlainText())
                for name, edit in self.edits.items()
                if edit.toPlainText().strip() != self.stored.get(name, "")]

    def save(self) -> None:
        """Store what changed (nothing changed: nothing recorded) and close."""
        commands = self.changed()
        if commands and not self.controller.execute(
                Batch(commands, label="Edit study characteristics")):
            return  # refused: the message is shown, the form stays open
        self.accept()
