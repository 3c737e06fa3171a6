"""A wheel over a closed combo or spin box never changes it unless the box has focus."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QLineEdit,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from workbench.gui.app import application


def _wheel(widget: QWidget, steps: int = -1) -> None:
    """One notch of the wheel over the widget's centre."""
    centre = QPointF(widget.rect().center())
    event = QWheelEvent(centre, QPointF(widget.mapToGlobal(widget.rect().center())), QPoint(),
                        QPoint(0, 120 * steps), Qt.MouseButton.NoButton,
                        Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase, False)
    QApplication.sendEvent(widget, event)


def _form(qtbot):
    application()
    area = QScrollArea()
    page = QWidget()
    layout = QVBoxLayout(page)
    combo, spin = QComboBox(), QSpinBox()
    combo.addItems(["Low", "Some concerns", "High"])
    layout.addWidget(combo)
    layout.addWidget(spin)
    for _ in range(40):  # tall enough to scroll
        layout.addWidget(QSpinBox())
    area.setWidget(page)
    area.resize(300, 200)
    qtbot.addWidget(area)
    area.show()
    qtbot.waitExposed(area)
    return area, combo, spin


def test_wheel_over_unfocused_combo_or_spin_box_changes_nothing(qtbot):
    area, combo, spin = _form(qtbot)
    area.setFocus()
    _wheel(combo)
    _wheel(spin)
    assert combo.currentIndex() == 0 and spin.value() == 0
    assert not combo.hasFocus() and not spin.hasFocus()


def test_the_wheel_is_left_unaccepted_for_the_page_around(qtbot):
    """Qt hands a real wheel event nobody accepted to the parent, the scroll area; a test
    event is not propagated, so here it is enough that the boxes leave it unaccepted."""
    _area, combo, spin = _form(qtbot)
    for box in (combo, spin.findChild(QLineEdit) or spin):
        event = QWheelEvent(QPointF(box.rect().center()), QPointF(box.mapToGlobal(
            box.rect().center())), QPoint(), QPoint(0, -120), Qt.MouseButton.NoButton,
            Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase, False)
        event.accept()
        QApplication.sendEvent(box if box is combo else spin, event)
        assert not event.isAccepted()


def test_wheel_over_focused_combo_still_changes_it(qtbot):
    _area, combo, spin = _form(qtbot)
    combo.setFocus()
    qtbot.waitUntil(combo.hasFocus)
    _wheel(combo)
    assert combo.currentIndex() == 1
    spin.setFocus()
    qtbot.waitUntil(spin.hasFocus)
    _wheel(spin, steps=1)
    assert spin.value() == 1


def test_guarded_boxes_do_not_take_focus_from_the_wheel(qtbot):
    _area, combo, spin = _form(qtbot)
    assert combo.focusPolicy() == Qt.FocusPolicy.StrongFocus
    assert spin.focusPolicy() == Qt.FocusPolicy.StrongFocus
