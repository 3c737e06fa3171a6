"""RoB form in a reviewer's rhythm: override and reason in either order, next question in
view, a focus ring, and a wheel over a closed combo box never changes a judgement."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QApplication
from test_rob_form import KEYBOARD_LOW, fill_by_keyboard, open_form

from workbench.gui.style import STYLESHEET


def _wheel(widget) -> None:
    centre = QPointF(widget.rect().center())
    event = QWheelEvent(centre, QPointF(widget.mapToGlobal(widget.rect().center())), QPoint(),
                        QPoint(0, -120), Qt.MouseButton.NoButton,
                        Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase, False)
    QApplication.sendEvent(widget, event)


def test_reason_first_then_override_is_saved(main_window, qtbot):
    form = open_form(main_window, qtbot)
    fill_by_keyboard(form, qtbot, KEYBOARD_LOW)
    d3 = form.judgements["D3"]
    d3.reason.setFocus()
    qtbot.keyClicks(d3.reason, "attrition differed by arm")
    d3.reason.editingFinished.emit()  # leaving the field before a judgement saves nothing
    assert form.state.finals["D3"] == "Low" and d3.reason.text() == "attrition differed by arm"
    d3.final.setCurrentText("High")
    d3.final.activated.emit(d3.final.currentIndex())
    assert form.state.finals["D3"] == "High"


def test_override_first_then_reason_is_saved(main_window, qtbot):
    form = open_form(main_window, qtbot)
    fill_by_keyboard(form, qtbot, KEYBOARD_LOW)
    d3 = form.judgements["D3"]
    d3.final.setCurrentText("High")
    d3.final.activated.emit(d3.final.currentIndex())
    assert form.state.finals["D3"] == "Low" and d3.pending
    qtbot.waitUntil(d3.reason.hasFocus)  # the form takes the reviewer to the reason
    qtbot.keyClicks(d3.reason, "attrition differed by arm")
    qtbot.keyClick(d3.reason, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: form.state.finals["D3"] == "High")
    assert not d3.pending and d3.final.currentText() == "High"


def test_wheel_over_a_closed_judgement_box_changes_nothing(main_window, qtbot):
    form = open_form(main_window, qtbot)
    fill_by_keyboard(form, qtbot, KEYBOARD_LOW)
    d1 = form.judgements["D1"]
    form.rows["1.1"].setFocus()
    before = d1.final.currentText()
    _wheel(d1.final)
    _wheel(d1.direction)
    assert d1.final.currentText() == before and form.state.finals["D1"] == "Low"
    assert d1.direction.currentText() == ""


def test_answering_scrolls_the_next_question_into_view(main_window, qtbot):
    main_window.resize(1024, 700)
    form = open_form(main_window, qtbot)
    fill_by_keyboard(form, qtbot, KEYBOARD_LOW[:-1])  # up to 5.2: the last domain
    last = form.rows["5.3"]
    viewport = form.scroll.viewport()
    top = last.mapTo(viewport, QPoint(0, 0)).y()
    assert top >= 0 and top + last.height() <= viewport.height()
    assert form.scroll.verticalScrollBar().value() > 0  # it had to scroll to get there


def test_a_focused_question_has_a_visible_ring():
    assert "QFrame#question:focus" in STYLESHEET and "border: 2px" in STYLESHEET


def test_the_form_fits_a_1024_pixel_window_without_sideways_scrolling(main_window, qtbot):
    main_window.resize(1024, 700)
    form = open_form(main_window, qtbot)
    qtbot.waitUntil(lambda: form.scroll.viewport().width() > 0)
    assert form.body.minimumSizeHint().width() <= form.scroll.viewport().width()
