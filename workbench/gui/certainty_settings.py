"""The GRADE settings of one outcome: thresholds or MID, importance, design, direction and
the baseline risks the SoF shows. Each change is one undoable Command."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QSpinBox,
)

from workbench.core.grade.model import MID, NATURAL, PER_1000, Baseline, GradeSettings
from workbench.core.model import DataType, Outcome
from workbench.session.commands.certainty import SetBaselines, SetCertaintySettings

KINDS = ((NATURAL, "on the outcome's scale"), (PER_1000, "per 1,000 (dichotomous)"),
         (MID, "minimal important difference"))


def parse_typed(text: str) -> list[Baseline]:
    """'High risk=0.30; Low risk=0.05' -> typed baselines; ValueError names the bad part."""
    out = []
    for part in (p.strip() for p in text.split(";")):
        if not part:
            continue
        label, sep, risk = part.rpartition("=")
        if not sep or not label.strip():
            raise ValueError(f"{part!r}: write LABEL=RISK, e.g. High risk=0.30")
        try:
            out.append(Baseline.typed(label.strip(), float(risk)))
        except ValueError as err:
            raise ValueError(f"{part!r}: {err}") from None
    return out


class CertaintySettingsBox(QGroupBox):
    """Emits `command(Command)` for the view to run; `problem(str)` for input it refuses."""

    command = Signal(object)
    problem = Signal(str)

    def __init__(self) -> None:
        super().__init__("Settings the rules use")
        self.outcome: Outcome | None = None
        self.kind = QComboBox()
        for key, text in KINDS:
            self.kind.addItem(text, key)
        self.lower, self.upper = QLineEdit(), QLineEdit()
        self.defaults = QPushButton("Defaults")
        self.importance = QSpinBox(minimum=0, maximum=9, specialValueText="not rated")
        self.design = QComboBox()
        for text, value in (("from the studies", None), ("randomised", "randomised"),
                            ("non-randomised", "non-randomised")):
            self.design.addItem(text, value)
        self.direction = QComboBox()
        for text, value in (("not said (read as a harm)", None), ("higher is better", True),
                            ("lower is better", False)):
            self.direction.addItem(text, value)
        self.study_base = QCheckBox("Study population")
        self.median_base = QCheckBox("Median comparator risk")
        self.typed = QLineEdit(placeholderText="Typed risks: High risk=0.30; Low risk=0.05")
        self._layout()
        self._connect()

    def _layout(self) -> None:
        """A narrow column beside the domains: each setting on its own line."""
        bounds = QHBoxLayout()
        for widget in (self.lower, self.upper, self.defaults):
            bounds.addWidget(widget)
        self.lower.setToolTip("Lower threshold")
        form = QFormLayout(self)
        form.addRow("Thresholds", self.kind)
        form.addRow("", bounds)
        form.addRow("Importance (1–9)", self.importance)
        form.addRow("Design", self.design)
        form.addRow("Direction", self.direction)
        form.addRow("Baseline risks", self.study_base)
        form.addRow("", self.median_base)
        form.addRow("", self.typed)

    def _connect(self) -> None:
        self.kind.activated.connect(lambda _: self._thresholds())
        for edit in (self.lower, self.upper):
            edit.editingFinished.connect(self._thresholds)
        self.defaults.clicked.connect(lambda: self._send(thresholds=None,
                                                         threshold_kind=NATURAL))
        self.importance.editingFinished.connect(
            lambda: self._send(importance=self.importance.value() or None))
        self.design.activated.connect(lambda _: self._send(design=self.design.currentData()))
        self.direction.activated.connect(
            lambda _: self._send(higher_is_better=self.direction.currentData()))
        for box in (self.study_base, self.median_base):
            box.clicked.connect(lambda _=False: self._baselines())
        self.typed.editingFinished.connect(self._baselines)

    # --- showing ------------------------------------------------------------------------
    def show_settings(self, outcome: Outcome, grade: GradeSettings,
                      in_effect: list[float] | None) -> None:
        """Stored values in the fields; the thresholds in effect as placeholders."""
        self.outcome = outcome
        self.kind.setCurrentIndex(max(0, self.kind.findData(grade.threshold_kind)))
        mid = grade.threshold_kind == MID
        self.lower.setVisible(not mid)
        stored = grade.thresholds
        for edit, index in ((self.lower, 0), (self.upper, 1)):
            if not edit.hasFocus():
                edit.setText("" if stored is None else f"{stored[index]:g}")
            shown = in_effect[index] if in_effect else None
            edit.setPlaceholderText("none" if shown is None else f"{shown:g}")
        if mid and stored is not None and not self.upper.hasFocus():
            self.upper.setText(f"{stored[1]:g}")
        self.upper.setToolTip("MID" if mid else "Upper threshold")
        self.importance.setValue(outcome.importance or 0)
        self.design.setCurrentIndex(max(0, self.design.findData(grade.design)))
        self.direction.setCurrentIndex(max(0, self.direction.findData(
            outcome.higher_is_better)))
        self._show_baselines(outcome, grade.baselines)

    def _show_baselines(self, outcome: Outcome, baselines: tuple[Baseline, ...]) -> None:
        dichotomous = outcome.data_type is DataType.DICHOTOMOUS
        for widget in (self.study_base, self.median_base, self.typed):
            widget.setEnabled(dichotomous)
        kinds = {b.kind for b in baselines} or {"study"}
        self.study_base.setChecked("study" in kinds)
        self.median_base.setChecked("median" in kinds)
        if not self.typed.hasFocus():
            self.typed.setText("; ".join(f"{b.label}={b.risk:g}" for b in baselines
                                         if b.kind == "typed"))

    # --- sending ------------------------------------------------------------------------
    def _send(self, **values) -> None:
        if self.outcome is not None:
            self.command.emit(SetCertaintySettings(self.outcome.id, **values))

    def _thresholds(self) -> None:
        kind = self.kind.currentData()
        texts = ([self.upper.text()] if kind == MID
                 else [self.lower.text(), self.upper.text()])
        if not any(t.strip() for t in texts):
            return  # nothing typed yet: the defaults stand
        try:
            numbers = [float(t) for t in texts]
        except ValueError:
            self.problem.emit(f"Decision thresholds: {' and '.join(texts)!r} are not numbers")
            return
        pair = (-abs(numbers[0]), abs(numbers[0])) if kind == MID else tuple(numbers)
        self._send(thresholds=pair, threshold_kind=kind)

    def _baselines(self) -> None:
        if self.outcome is None:
            return
        try:
            typed = parse_typed(self.typed.text())
        except ValueError as err:
            self.problem.emit(f"Baseline risks: {err}")
            return
        chosen = ([Baseline.study()] if self.study_base.isChecked() else []) + (
            [Baseline.median()] if self.median_base.isChecked() else []) + typed
        self.command.emit(SetBaselines(self.outcome.id, chosen))
