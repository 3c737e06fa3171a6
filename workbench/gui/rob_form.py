"""The risk-of-bias form: signalling questions per domain, live proposal, final judgements."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from workbench.core.rob.conditions import describe
from workbench.core.rob.tools import load_tools
from workbench.gui.controller import Controller
from workbench.gui.lazy import RefreshWhenShown
from workbench.gui.rob_question import QuestionRow
from workbench.session.commands.rob import SetRobAnswer, SetRobEffect, SetRobJudgement
from workbench.session.rob import OVERALL, ResultState, result_state

USE_PROPOSAL = "(algorithm's proposal)"


class JudgementRow(QWidget):
    """Proposal beside the reviewer's final judgement, its reason and direction of bias."""

    def __init__(self, domain: str, levels: list[str], directions: tuple[str, ...]) -> None:
        super().__init__()
        self.domain = domain
        self.proposal = QLabel()
        self.final = QComboBox()
        self.final.addItems([USE_PROPOSAL, *levels])
        self.reason = QLineEdit(placeholderText="Reason (required to override the proposal)")
        self.pending = False  # an override chosen before its reason: kept until it comes
        self.direction = QComboBox()
        self.direction.addItems(["", *directions])
        self.direction.setToolTip("Predicted direction of bias (optional)")
        direction_label = QLabel("Direction:")
        for widget in (self.direction, direction_label):
            widget.setVisible(bool(directions))
        # Two lines, so the form fits a 1024-pixel screen without scrolling sideways.
        lines = QVBoxLayout(self)
        first = QHBoxLayout()
        for widget in (self.proposal, QLabel("Final:"), self.final, direction_label,
                       self.direction):
            first.addWidget(widget)
        first.addStretch(1)
        lines.addLayout(first)
        lines.addWidget(self.reason)


class RobForm(RefreshWhenShown, QWidget):
    """Choose tool, result and effect; answer; judge. Every change is one undoable Command."""

    def __init__(self, controller: Controller, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.tools = load_tools()
        self.rows: dict[str, QuestionRow] = {}
        self.judgements: dict[str, JudgementRow] = {}
        self.state: ResultState | None = None
        self._updating = False
        self._shape: tuple = ()
        self._build()
        controller.changed.connect(self._on_changed)
        controller.failed.connect(self.status.setText)

    def _build(self) -> None:
        self.tool_combo, self.outcome_combo = QComboBox(), QComboBox()
        self.study_combo = QComboBox()
        for tool in self.tools.values():
            self.tool_combo.addItem(tool.name, tool.id)
        self.effect_combo = QComboBox()
        self.effect_combo.addItem("(choose)", None)
        self.deviation_boxes: dict[str, QCheckBox] = {}
        deviations = QHBoxLayout()
        for option in ("nonprotocol", "implementation", "nonadherence"):
            box = self.deviation_boxes[option] = QCheckBox(option)
            box.toggled.connect(self._effect_chosen)
            deviations.addWidget(box)
        form = QFormLayout()
        form.addRow("Tool", self.tool_combo)
        form.addRow("Outcome", self.outcome_combo)
        form.addRow("Study", self.study_combo)
        form.addRow("Effect of interest", self.effect_combo)
        form.addRow("Deviations addressed", deviations)
        self.status = QLabel(wordWrap=True)
        self.status.setStyleSheet("color: #a00")
        self.body = QWidget()
        self.scroll = scroll = QScrollArea(widgetResizable=True)
        scroll.setWidget(self.body)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.status)
        layout.addWidget(scroll, 1)
        self.tool_combo.currentIndexChanged.connect(self._tool_chosen)
        self.outcome_combo.currentIndexChanged.connect(self._fill_studies)
        self.study_combo.currentIndexChanged.connect(lambda _: self.refresh())
        self.effect_combo.currentIndexChanged.connect(self._effect_chosen)
        self._tool_chosen()

    # --- selection ----------------------------------------------------------------------
    @property
    def tool(self):
        return self.tools[self.tool_combo.currentData()]

    def target(self) -> tuple[int, int | None] | None:
        study = self.study_combo.currentData()
        return None if study is None else (study, self.outcome_combo.currentData())

    def select_outcome(self, outcome_id: int | None) -> None:
        """Follow the outcome chosen in the project panel (RoB 2 judges results)."""
        index = self.outcome_combo.findData(outcome_id)
        if index >= 0:
            self.outcome_combo.setCurrentIndex(index)

    def _on_changed(self, changes, initiator) -> None:
        if changes.everything or changes.structure:
            self._fill_outcomes()
        elif changes.rob or changes.reviewers:
            self.refresh()

    def _fill_outcomes(self) -> None:
        project = self.controller.project
        self._updating = True
        current = self.outcome_combo.currentData()
        self.outcome_combo.clear()
        self.outcome_combo.addItem("Whole study", None)
        for outcome in project.store.outcomes() if project else []:
            self.outcome_combo.addItem(outcome.label, outcome.id)
        self.outcome_combo.setCurrentIndex(max(0, self.outcome_combo.findData(current)))
        self._updating = False
        self._fill_studies()

    def _fill_studies(self, *_) -> None:
        if self._updating:
            return
        project, outcome = self.controller.project, self.outcome_combo.currentData()
        self._updating = True
        current = self.study_combo.currentData()
        self.study_combo.clear()
        if project is not None:
            pairs = ([(s.id, s.label) for s in project.store.studies()] if outcome is None else
                     list(dict.fromkeys((r["study_id"], r["study"])
                                        for r in project.store.results(outcome))))
            for study_id, label in pairs:
                self.study_combo.addItem(label, study_id)
        self.study_combo.setCurrentIndex(max(0, self.study_combo.findData(current)))
        self._updating = False
        self.refresh()

    def _tool_chosen(self, *_) -> None:
        fields = {f.id: f for f in self.tool.context}
        self._updating = True
        self.effect_combo.clear()
        self.effect_combo.addItem("(choose)", None)
        for option in fields["effect"].options if "effect" in fields else ():
            self.effect_combo.addItem(option, option)
        self.effect_combo.setEnabled("effect" in fields)
        self._updating = False
        self.refresh()

    def _effect_chosen(self, *_) -> None:
        target = self.target()
        if self._updating or target is None or not self.effect_combo.isEnabled():
            return
        effect = self.effect_combo.currentData()
        ticked = tuple(k for k, box in self.deviation_boxes.items() if box.isChecked())
        if effect != "adherence":
            ticked = ()
        if self.state and (effect, ticked) == (self.state.effect, self.state.deviations):
            return
        self._run(SetRobEffect(*target, self.tool.id, effect=effect, deviations=ticked))

    def _run(self, command) -> bool:
        self.status.clear()
        ok = self.controller.execute(command, self)
        if not ok:
            self.refresh()  # put the widgets back to what is stored
        return ok

    # --- showing the stored state -------------------------------------------------------
    def refresh(self) -> None:
        if not self.isVisible():
            # Off screen (a start-up on the plot tab): its 50-odd question rows are built
            # when the tab is first shown, not during the start-up the reviewer waits for.
            self._stale = True
            return
        self._stale = False
        project, target = self.controller.project, self.target()
        if self._updating or project is None or target is None or not self.tool_combo.count():
            self.state = None
            return
        store = project.store
        reviewer_id = store.reviewer_id(project.reviewer)
        self.state = result_state(store, self.tool, reviewer_id, *target)
        self._show_context()
        shape = (self.tool.id, target, self.state.effect, self.state.deviations)
        if shape != self._shape:
            self._shape = shape
            self._rebuild()
        self._show_answers()

    def _show_context(self) -> None:
        self._updating = True
        self.effect_combo.setCurrentIndex(max(0, self.effect_combo.findData(self.state.effect)))
        for option, box in self.deviation_boxes.items():
            box.setChecked(option in self.state.deviations)
            box.setEnabled(self.state.effect == "adherence")
        self._updating = False

    def _rebuild(self) -> None:
        """New widgets only when the questions themselves change (tool, result, variant)."""
        old = self.body.layout()
        if old is not None:
            QWidget().setLayout(old)  # reparent the old layout so its widgets are deleted
        layout = QVBoxLayout(self.body)
        self.rows, self.judgements = {}, {}
        for domain in self.tool.domains:
            box = QGroupBox(f"{domain.short}: {domain.name}")
            inner = QVBoxLayout(box)
            variant = domain.variant_for(_context(self.state))
            if variant is None:
                inner.addWidget(QLabel("Choose the effect of interest first."))
            for question in variant.questions if variant else ():
                row = self.rows[question.id] = QuestionRow(question, self.tool.answer_labels)
                row.answered.connect(self._answer)
                row.support_edited.connect(self._support)
                row.move.connect(self._move)
                inner.addWidget(row)
            inner.addWidget(self._judgement_row(domain.id))
            layout.addWidget(box)
        layout.addWidget(self._judgement_row(OVERALL))
        layout.addStretch(1)
        if self.body.isVisible():
            self._lay_out_now(layout)

    def _lay_out_now(self, layout: QVBoxLayout) -> None:
        """Built on screen (the tab was just shown): show and lay out the new rows at once,
        or the scroll area keeps its old size until a later round of events."""
        direct = Qt.FindChildOption.FindDirectChildrenOnly
        for child in self.body.findChildren(QWidget, options=direct):
            child.show()
        layout.activate()
        self.body.adjustSize()

    def _judgement_row(self, domain: str) -> JudgementRow:
        levels = [lv.label for lv in self.tool.levels]
        row = JudgementRow(domain, levels, self.tool.direction_options if domain != OVERALL
                           else ())
        row.final.activated.connect(lambda _=0, d=domain: self._judge(d))
        row.reason.editingFinished.connect(lambda d=domain: self._judge(d, quiet=True))
        row.direction.activated.connect(lambda _=0, d=domain: self._judge(d))
        self.judgements[domain] = row
        return row

    def _show_answers(self) -> None:
        state = self.state
        for qid, row in self.rows.items():
            stored = state.answers.get(qid)
            domain = next(d for d in self.tool.domains if qid in d.question_ids)
            evaluation = state.evaluation.domains[domain.id]
            condition = row.question.applicable_if
            row.show_state(stored.answer if stored else None, stored.support if stored else "",
                           stored.location if stored else "", qid in evaluation.applicable,
                           describe(condition) if condition is not None else "")
        for domain, row in self.judgements.items():
            self._show_judgement(domain, row)

    def _show_judgement(self, domain: str, row: JudgementRow) -> None:
        state = self.state
        if domain == OVERALL:
            chosen, reason, direction = state.overall, state.overall_reason, ""
            proposal, rule = state.overall_proposal, "worst of the final domain judgements"
        else:
            stored = state.judgements.get(domain)
            chosen = stored.judgement if stored else None
            reason, direction = (stored.override_reason, stored.direction) if stored else ("", "")
            proposal, rule = state.proposal(domain), state.evaluation.domains[domain].rule
        row.proposal.setText(f"Proposed: <b>{proposal or 'incomplete'}</b>")
        row.proposal.setToolTip(rule)
        if not row.pending:
            row.final.setCurrentIndex(max(0, row.final.findText(chosen)) if chosen else 0)
        if not row.reason.hasFocus() and not row.reason.isModified():
            row.reason.setText(reason)  # a reason being typed (or not yet saved) stays
        row.direction.setCurrentIndex(max(0, row.direction.findText(direction)))

    # --- user actions -------------------------------------------------------------------
    def _answer(self, question: str, code: str) -> None:
        row, target = self.rows[question], self.target()
        command = SetRobAnswer(*target, self.tool.id, question=question, answer=code,
                               support=row.support.text(), location=row.location.text())
        if self._run(command):
            self._move(question, 1)

    def _support(self, question: str) -> None:
        stored = self.state.answers.get(question) if self.state else None
        row = self.rows[question]
        if stored is None or (stored.support, stored.location) == (row.support.text(),
                                                                  row.location.text()):
            return  # support is saved with an answer; nothing to save before one is given
        self._run(SetRobAnswer(*self.target(), self.tool.id, question=question,
                               answer=stored.answer, support=row.support.text(),
                               location=row.location.text()))

    def _move(self, question: str, step: int) -> None:
        """Focus the next (or previous) applicable question, so answering flows on."""
        ids = list(self.rows)
        index = ids.index(question) + step
        while 0 <= index < len(ids):
            if self.rows[ids[index]].isEnabled():
                self.rows[ids[index]].setFocus()
                self.scroll.ensureWidgetVisible(self.rows[ids[index]], 0, 60)
                return
            index += step

    def _judge(self, domain: str, quiet: bool = False) -> None:
        row = self.judgements[domain]
        text = row.final.currentText()
        judgement = None if text == USE_PROPOSAL else text
        if quiet and judgement is None:
            return  # a reason typed before choosing a judgement waits for the choice
        if self._needs_reason(domain, judgement, row):
            return
        if self._run(SetRobJudgement(*self.target(), self.tool.id, domain=domain,
                                     judgement=judgement, override_reason=row.reason.text(),
                                     direction=row.direction.currentText())):
            row.pending = False
            row.reason.setModified(False)

    def _needs_reason(self, domain: str, judgement: str | None, row: JudgementRow) -> bool:
        """An override chosen first waits for its reason (either order works), visibly."""
        state = self.state
        if state is None:
            return True  # no result chosen (or the form is closing): nothing to judge
        proposal = state.overall_proposal if domain == OVERALL else state.proposal(domain)
        if judgement is None or judgement == proposal or row.reason.text().strip():
            return False
        row.pending = True
        self.status.setText(f"{domain}: overriding the proposal with {judgement!r} needs a "
                            "written reason; type it beside the judgement and both are saved "
                            "together.")
        row.reason.setFocus()
        self.scroll.ensureWidgetVisible(row, 0, 60)
        return True


def _context(state: ResultState) -> dict[str, object]:
    return {"effect": state.effect, "deviations": frozenset(state.deviations)}
