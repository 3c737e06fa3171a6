"""The risk-of-bias form: a whole RoB 2 assessment by keyboard, proposals, override, undo."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtWidgets import QApplication, QMessageBox  # noqa: E402

from workbench.gui.rob_form import USE_PROPOSAL, RobForm  # noqa: E402

# rob_tools.md T1, T8, T18, T23, T29, in the order the form offers applicable questions.
KEYBOARD_LOW = [("1.1", "Y"), ("1.2", "Y"), ("1.3", "N"), ("2.1", "N"), ("2.2", "PN"),
                ("2.6", "Y"), ("3.1", "Y"), ("4.1", "N"), ("4.2", "N"), ("4.3", "N"),
                ("5.1", "Y"), ("5.2", "N"), ("5.3", "PN")]


def open_form(window, qtbot) -> RobForm:
    form = window.findChild(RobForm)
    window.tabs.setCurrentWidget(form)
    form.tool_combo.setCurrentIndex(form.tool_combo.findData("rob2"))
    form.outcome_combo.setCurrentIndex(form.outcome_combo.findData(1))
    form.study_combo.setCurrentIndex(form.study_combo.findText("Adeyemi 2010"))
    form.effect_combo.setFocus()
    form.effect_combo.setCurrentIndex(form.effect_combo.findData("assignment"))
    qtbot.waitUntil(lambda: "2.6" in form.rows)
    return form


def key_for(row, code: str) -> tuple[Qt.Key, Qt.KeyboardModifier]:
    plain = {"Y": Qt.Key.Key_Y, "N": Qt.Key.Key_N, "NI": Qt.Key.Key_I}
    if code in plain:
        return plain[code], Qt.KeyboardModifier.NoModifier
    if code in ("PY", "PN"):
        return (Qt.Key.Key_Y if code == "PY" else Qt.Key.Key_N), Qt.KeyboardModifier.ShiftModifier
    return Qt.Key(Qt.Key.Key_1 + row.question.answers.index(code)), Qt.KeyboardModifier.NoModifier


def fill_by_keyboard(form, qtbot, answers) -> None:
    form.rows[answers[0][0]].setFocus()
    for question, code in answers:
        focused = QApplication.focusWidget()
        assert focused is form.rows[question], f"focus should be on {question}"
        qtbot.keyClick(focused, *key_for(focused, code))
        qtbot.waitUntil(lambda q=question, c=code: form.state.answers.get(q) is not None
                        and form.state.answers[q].answer == c)


def proposals(form) -> dict[str, str]:
    return {d: row.proposal.text().replace("Proposed: <b>", "").replace("</b>", "")
            for d, row in form.judgements.items()}


def test_whole_assessment_by_keyboard(main_window, qtbot):
    form = open_form(main_window, qtbot)
    assert not form.rows["2.3"].isEnabled()  # 2.1 and 2.2 not yet answered
    fill_by_keyboard(form, qtbot, KEYBOARD_LOW)
    assert proposals(form) == dict.fromkeys(["D1", "D2", "D3", "D4", "D5", "overall"], "Low")
    for skipped in ("2.3", "2.4", "2.5", "2.7", "3.2", "3.3", "3.4", "4.4", "4.5"):
        assert not form.rows[skipped].isEnabled()
        assert "Not applicable" in form.rows[skipped].toolTip()
    # T6: concealment probably inadequate decides D1 alone; overall follows.
    form.rows["1.2"].setFocus()
    qtbot.keyClick(form.rows["1.2"], Qt.Key.Key_N, Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(lambda: proposals(form)["D1"] == "High")
    assert proposals(form)["overall"] == "High"
    main_window.controller.undo()
    qtbot.waitUntil(lambda: proposals(form)["D1"] == "Low")
    assert form.rows["1.2"].buttons["Y"].isChecked()


def test_override_needs_a_reason_and_undo_restores(main_window, qtbot):
    form = open_form(main_window, qtbot)
    fill_by_keyboard(form, qtbot, KEYBOARD_LOW)
    d2 = form.judgements["D2"]
    d2.final.setCurrentText("High")
    d2.final.activated.emit(d2.final.currentIndex())
    assert "needs a written reason" in form.status.text()
    assert d2.final.currentText() == "High" and d2.pending  # kept until the reason comes
    assert form.state.finals["D2"] == "Low"  # nothing saved without the reason
    for box in main_window.findChildren(QMessageBox):
        box.close()
    qtbot.keyClicks(d2.reason, "carers changed co-interventions")
    d2.final.setCurrentText("High")
    d2.final.activated.emit(d2.final.currentIndex())
    assert form.state.finals["D2"] == "High" and form.state.overall_final == "High"
    main_window.controller.undo()
    qtbot.waitUntil(lambda: form.state.finals["D2"] == "Low")
    assert d2.final.currentText() == USE_PROPOSAL
