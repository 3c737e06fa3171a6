"""Analysis settings of the selected outcome: measure, model, τ² estimator, HKSJ, CI, zeros."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from workbench.core.model import (
    MEASURES_BY_TYPE,
    RANDOM_METHODS,
    AnalysisSettings,
    Outcome,
    default_favours,
    revman_web_settings,
)

METHOD_NAMES = {
    "FE": "Fixed effect (inverse variance)", "MH": "Fixed effect (Mantel-Haenszel)",
    "PETO": "Fixed effect (Peto)", "DL": "Random: DerSimonian-Laird",
    "REML": "Random: REML", "ML": "Random: ML", "PM": "Random: Paule-Mandel",
    "SJ": "Random: Sidik-Jonkman", "HE": "Random: Hedges", "HS": "Random: Hunter-Schmidt",
    "EB": "Random: empirical Bayes",
}
MEASURE_NAMES = {"RR": "Risk ratio", "OR": "Odds ratio", "RD": "Risk difference",
                 "MD": "Mean difference", "SMD": "Std. mean difference (Hedges' g)",
                 "GEN": "Generic inverse variance"}
CC_TO = {"only0": "zero-cell studies", "all": "every study",
         "if0all": "all, if any has a zero", "none": "no study"}


def methods_for(measure: str) -> list[str]:
    methods = ["FE", "DL", "REML", "ML", "PM", "SJ", "HE", "HS", "EB"]
    if measure in ("RR", "OR", "RD"):
        methods.insert(1, "MH")
    if measure == "OR":
        methods.insert(2, "PETO")
    return methods


class AnalysisPanel(QWidget):
    """Emits `settings_changed(outcome_id, AnalysisSettings)` when the user changes a choice."""

    settings_changed = Signal(int, object)
    favours_changed = Signal(int, str, str)  # outcome id, left label, right label

    def __init__(self, parent=None):
        super().__init__(parent)
        self.outcome: Outcome | None = None
        self.comparison_groups = ("Experimental", "Control")
        self.measure = QComboBox()
        self.method = QComboBox()
        self.hksj = QCheckBox("HKSJ")
        self.hksj.setToolTip("Hartung-Knapp-Sidik-Jonkman: t-based interval with the variance "
                             "scaled by the weighted residuals (random effects only)")
        self.ci_level = QDoubleSpinBox(decimals=1, minimum=50.0, maximum=99.9, singleStep=0.5,
                                       suffix=" %")
        self.cc = QDoubleSpinBox(decimals=2, minimum=0.0, maximum=1.0, singleStep=0.05)
        self.cc_to = QComboBox()
        for key, text in CC_TO.items():
            self.cc_to.addItem(text, key)
        self.hksj_adhoc = QCheckBox("Modified HKSJ")
        self.hksj_adhoc.setToolTip("Modified HKSJ: the variance scale is truncated at 1, so "
                                   "the CI is never narrower than the Wald CI (metafor's "
                                   "test=\"adhoc\")")
        self.tau2_ci = QCheckBox("τ² CI")
        self.tau2_ci.setToolTip("Q-profile confidence interval for τ² (and τ, I², H²), as "
                                "metafor's confint() computes it")
        self.pi_k2 = QCheckBox("PI with t(k−2)")
        self.pi_k2.setToolTip("Higgins, Thompson & Spiegelhalter (2009), the Cochrane "
                              "Handbook's formula; otherwise z, or t(k−1) under HKSJ")
        self.revman = QCheckBox("RevMan 5")
        self.revman.setToolTip("Reproduce RevMan 5: DerSimonian-Laird, 0.5 added inside "
                               "Mantel-Haenszel, approximate Hedges' g, I² from Q")
        self.revman_web = QCheckBox("RevMan Web")
        self.revman_web.setToolTip(
            "RevMan Web's random-effects methods: REML or DL, HKSJ (not truncated), Q-profile "
            "CI for τ², prediction interval with t(k−2), I² from τ²; RevMan's zero-cell and "
            "Hedges' g conventions")
        self.favours_left = QLineEdit()
        self.favours_right = QLineEdit()
        self.swap = QPushButton("⇄")
        self.swap.setFixedWidth(36)  # the label fields get the room
        self.swap.setToolTip("Swap the labels. The defaults follow the outcome's direction "
                             "(Edit outcome: is a higher value good or bad?)")
        self.swap.clicked.connect(self._swap_favours)
        for edit in (self.favours_left, self.favours_right):
            edit.editingFinished.connect(self._emit_favours)
        self._layout()
        for combo in (self.measure, self.method, self.cc_to):
            combo.currentIndexChanged.connect(self._emit)
        self.revman.toggled.connect(lambda on: on and self.revman_web.setChecked(False))
        self.revman_web.toggled.connect(lambda on: on and self.revman.setChecked(False))
        for box in self._boxes():
            box.toggled.connect(self._emit)
        for spin in (self.ci_level, self.cc):
            spin.valueChanged.connect(self._emit)

    def _boxes(self) -> tuple[QCheckBox, ...]:
        return (self.hksj, self.hksj_adhoc, self.tau2_ci, self.pi_k2, self.revman,
                self.revman_web)

    def _layout(self) -> None:
        form = QFormLayout(self)
        form.setContentsMargins(8, 4, 8, 4)
        form.addRow("Effect measure", self.measure)
        form.addRow("Model", self.method)
        # Short labels in pairs (the full meaning is in each tooltip): the panel must fit
        # beside the grid on a 1024-pixel screen without clipping a word.
        form.addRow(_pair(self.hksj, self.hksj_adhoc))
        form.addRow(_pair(self.tau2_ci, self.pi_k2))
        form.addRow("Confidence level", self.ci_level)
        zeros = QHBoxLayout()
        zeros.addWidget(QLabel("add"))
        zeros.addWidget(self.cc)
        zeros.addWidget(QLabel("to"))
        zeros.addWidget(self.cc_to, 1)
        form.addRow("Zero cells", zeros)
        form.addRow(_pair(self.revman, self.revman_web))
        left = QHBoxLayout()
        left.addWidget(self.favours_left, 1)
        left.addWidget(self.swap)
        form.addRow("Left label", left)
        form.addRow("Right label", self.favours_right)

    def set_outcome(self, outcome: Outcome | None,
                    groups: tuple[str, str] = ("Experimental", "Control")) -> None:
        """Show an outcome's stored settings without emitting changes."""
        self.outcome = outcome
        self.comparison_groups = groups
        self.setEnabled(outcome is not None)
        if outcome is None:  # nothing of the last outcome (or project) may stay on show
            for edit in (self.favours_left, self.favours_right):
                edit.clear()
                edit.setPlaceholderText("")
            return
        widgets = (self.measure, self.method, self.ci_level, self.cc, self.cc_to,
                   *self._boxes(), self.favours_left, self.favours_right)
        for widget in widgets:
            widget.blockSignals(True)
        try:
            self._show(outcome.settings, MEASURES_BY_TYPE[outcome.data_type])
            self._show_favours(outcome)
        finally:
            for widget in widgets:
                widget.blockSignals(False)

    def _show(self, settings: AnalysisSettings, measures: tuple[str, ...]) -> None:
        self.measure.clear()
        for key in measures:
            self.measure.addItem(MEASURE_NAMES[key], key)
        self.measure.setCurrentIndex(max(0, self.measure.findData(settings.measure)))
        self._fill_methods(settings.measure, settings.method)
        self.hksj.setChecked(settings.hksj)
        self.ci_level.setValue(settings.ci_level * 100)
        self.cc.setValue(settings.cc)
        self.cc_to.setCurrentIndex(max(0, self.cc_to.findData(settings.cc_to)))
        self.hksj_adhoc.setChecked(settings.hksj_adhoc)
        self.tau2_ci.setChecked(settings.tau2_ci)
        self.pi_k2.setChecked(settings.pi_df == "k-2")
        self.revman.setChecked(settings.compat == "revman5")
        self.revman_web.setChecked(settings.compat == "revman-web")
        self._enable_for(settings)

    def _show_favours(self, outcome: Outcome) -> None:
        self.favours_left.setText(outcome.favours_left)
        self.favours_right.setText(outcome.favours_right)
        left, right = default_favours(*self.comparison_groups, outcome.higher_is_better)
        self.favours_left.setPlaceholderText(left)
        self.favours_right.setPlaceholderText(right)

    def shown_favours(self) -> tuple[str, str]:
        """The labels as the plot will show them (placeholders where left empty)."""
        return (self.favours_left.text() or self.favours_left.placeholderText(),
                self.favours_right.text() or self.favours_right.placeholderText())

    def _swap_favours(self) -> None:
        left, right = self.shown_favours()
        self.favours_left.setText(right)
        self.favours_right.setText(left)
        self._emit_favours()

    def _emit_favours(self) -> None:
        if self.outcome is None:
            return
        left, right = self.favours_left.text().strip(), self.favours_right.text().strip()
        if (left, right) != (self.outcome.favours_left, self.outcome.favours_right):
            self.favours_changed.emit(self.outcome.id, left, right)

    def _fill_methods(self, measure: str, current: str) -> None:
        self.method.clear()
        for key in methods_for(measure):
            self.method.addItem(METHOD_NAMES[key], key)
        self.method.setCurrentIndex(max(0, self.method.findData(current)))

    def _enable_for(self, settings: AnalysisSettings) -> None:
        free = settings.is_random and settings.compat is None  # a mode fixes these choices
        for box in (self.hksj, self.hksj_adhoc, self.tau2_ci, self.pi_k2):
            box.setEnabled(free)
        dichotomous = settings.measure in ("RR", "OR", "RD")
        self.cc.setEnabled(dichotomous)
        self.cc_to.setEnabled(dichotomous)

    def current_settings(self) -> AnalysisSettings:
        old = self.outcome.settings
        measure = self.measure.currentData() or old.measure
        method = self.method.currentData() or old.method
        if method not in methods_for(measure):
            method = "REML"
        revman, web = self.revman.isChecked(), self.revman_web.isChecked()
        if revman and method not in ("FE", "MH", "PETO", "DL"):
            method = "DL"  # RevMan 5 has DerSimonian-Laird only
        if web and method in RANDOM_METHODS and method != "DL":
            method = "REML"  # RevMan Web offers REML (its default) and DL
        # HKSJ belongs to random-effects models only: a box left ticked from an earlier
        # random-effects choice must not be stored with MH or FE.
        random = method in RANDOM_METHODS and not revman
        settings = replace(
            old, measure=measure, method=method, hksj=self.hksj.isChecked() and random,
            hksj_adhoc=self.hksj_adhoc.isChecked() and random,
            tau2_ci=self.tau2_ci.isChecked() and random,
            pi_df="k-2" if self.pi_k2.isChecked() and random else "default",
            ci_level=round(self.ci_level.value() / 100, 4), cc=self.cc.value(),
            cc_to=self.cc_to.currentData(), compat="revman5" if revman else None,
            het_from=_het_from(revman, method, measure))
        return revman_web_settings(settings) if web else settings

    def _emit(self, *_args) -> None:
        if self.outcome is not None:
            settings = self.current_settings()
            if settings != self.outcome.settings:
                self.settings_changed.emit(self.outcome.id, settings)


def _het_from(revman: bool, method: str, measure: str) -> str:
    """RevMan's dichotomous random-effects model takes Q around the Mantel-Haenszel estimate."""
    return "MH" if revman and method == "DL" and measure in ("RR", "OR", "RD") else "IV"


def _pair(first: QWidget, second: QWidget) -> QHBoxLayout:
    """Two check boxes side by side, in equal halves."""
    row = QHBoxLayout()
    row.addWidget(first, 1)
    row.addWidget(second, 1)
    return row
