"""Dialogs of the outline editor: a comparison, an outcome, a study, and choosing outcomes."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from workbench.core.model import MEASURES_BY_TYPE, Comparison, DataType, Outcome, Study
from workbench.gui.analysis_panel import MEASURE_NAMES
from workbench.session.commands.outline import OutcomeSpec

DIRECTIONS = (("A lower value is better (a harm: pain, adverse events)", False),
              ("A higher value is better (a benefit: response, pain relief)", True),
              ("Not said (read as a harm)", None))
DATA_TYPES = (("Dichotomous (events and totals)", DataType.DICHOTOMOUS),
              ("Continuous (means and SDs)", DataType.CONTINUOUS),
              ("Generic inverse variance (estimate and SE)", DataType.GENERIC))


class _Form(QDialog):
    """A dialog with a form and OK/Cancel; OK is the default button."""

    def __init__(self, title: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.form = QFormLayout()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(buttons)
        self.setMinimumWidth(460)


class ComparisonDialog(_Form):
    """Name of a comparison and its two groups (the forest plot's column and 'Favours' names)."""

    def __init__(self, comparison: Comparison | None = None, parent: QWidget | None = None):
        super().__init__("Edit comparison" if comparison else "New comparison", parent)
        self.name = QLineEdit(placeholderText="e.g. Ketamine versus placebo")
        self.group_1 = QLineEdit(placeholderText="Experimental")
        self.group_2 = QLineEdit(placeholderText="Control")
        if comparison is not None:
            self.name.setText(comparison.label)
            self.group_1.setText(comparison.group_label_1)
            self.group_2.setText(comparison.group_label_2)
        self.form.addRow("Comparison", self.name)
        self.form.addRow("Group 1 (intervention)", self.group_1)
        self.form.addRow("Group 2 (comparator)", self.group_2)

    def values(self) -> tuple[str, str, str]:
        return (self.name.text(), self.group_1.text() or "Experimental",
                self.group_2.text() or "Control")


class OutcomeDialog(_Form):
    """Name, data type, effect measure and direction of an outcome."""

    def __init__(self, outcome: Outcome | None = None, parent: QWidget | None = None):
        super().__init__("Edit outcome" if outcome else "New outcome", parent)
        self.name = QLineEdit(placeholderText="e.g. At least 30% pain relief")
        self.data_type = QComboBox()
        for text, value in DATA_TYPES:
            self.data_type.addItem(text, value)
        self.measure = QComboBox()
        self.direction = QComboBox()
        for text, value in DIRECTIONS:
            self.direction.addItem(text, value)
        self.data_type.currentIndexChanged.connect(self._fill_measures)
        self.form.addRow("Outcome", self.name)
        self.form.addRow("Data", self.data_type)
        self.form.addRow("Effect measure", self.measure)
        self.form.addRow("Direction", self.direction)
        self._fill_measures()
        if outcome is not None:
            self._show(outcome)

    def _show(self, outcome: Outcome) -> None:
        self.name.setText(outcome.label)
        self.data_type.setCurrentIndex(self.data_type.findData(outcome.data_type))
        self._fill_measures()
        self.measure.setCurrentIndex(max(0, self.measure.findData(outcome.settings.measure)))
        self.direction.setCurrentIndex(
            [v for _, v in DIRECTIONS].index(outcome.higher_is_better))

    def _fill_measures(self) -> None:
        current = self.measure.currentData()
        self.measure.clear()
        for key in MEASURES_BY_TYPE[self.data_type.currentData()]:
            self.measure.addItem(MEASURE_NAMES[key], key)
        self.measure.setCurrentIndex(max(0, self.measure.findData(current)))

    def spec(self) -> OutcomeSpec:
        return OutcomeSpec(self.name.text(), self.data_type.currentData(),
                           self.measure.currentData(), self.direction.currentData())


class StudyDialog(_Form):
    """Label, year, design and notes of a study (the year is the current reviewer's)."""

    def __init__(self, study: Study | None = None, parent: QWidget | None = None):
        super().__init__("Edit study" if study else "New study", parent)
        self.name = QLineEdit(placeholderText="First author and year, e.g. Smith 2003")
        self.year = QSpinBox(minimum=0, maximum=2100, specialValueText="not given")
        self.year.setValue(0)
        self.design = QComboBox(editable=True)
        self.design.addItems(["RCT", "cluster RCT", "cross-over RCT", "non-randomised",
                              "cohort", "case-control"])
        self.notes = QPlainTextEdit()
        self.notes.setTabChangesFocus(True)
        self.notes.setMaximumHeight(80)
        if study is not None:
            self.name.setText(study.label)
            self.year.setValue(study.year or 0)
            self.design.setCurrentText(study.design)
            self.notes.setPlainText(study.notes)
        self.form.addRow("Study", self.name)
        self.form.addRow("Year", self.year)
        self.form.addRow("Design", self.design)
        self.form.addRow("Notes", self.notes)

    def values(self) -> dict:
        return {"name": self.name.text(), "year": self.year.value() or None,
                "design": self.design.currentText(), "notes": self.notes.toPlainText()}


class ChooseDialog(_Form):
    """Tick some of a list (outcomes to copy settings to, studies to put in a subgroup)."""

    def __init__(self, title: str, prompt: str, items: list[tuple[str, object]],
                 parent: QWidget | None = None):
        super().__init__(title, parent)
        self.list = QListWidget()
        for text, data in items:
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, data)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.list.addItem(item)
        self.form.addRow(prompt, self.list)

    def chosen(self) -> list:
        return [self.list.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.list.count())
                if self.list.item(i).checkState() == Qt.CheckState.Checked]
