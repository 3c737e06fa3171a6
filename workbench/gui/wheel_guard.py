"""A scroll over a closed combo or spin box scrolls the page, never the value (focus first)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QWidget,
)

GUARDED = (QComboBox, QAbstractSpinBox)


class WheelGuard(QObject):
    """Application-wide event filter: a guarded widget takes the wheel only when it has focus.

    Without it, a reviewer scrolling a long form through a risk-of-bias answer or a setting
    silently changes that value on the way past (the failure reviewers report most).
    """

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt
        kind = event.type()
        if kind == QEvent.Type.Polish and isinstance(watched, GUARDED):
            # WheelFocus would hand focus to the box under the pointer, and then the value.
            watched.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        elif kind == QEvent.Type.Wheel and (box := _unfocused(watched)) is not None:
            # Handed to the page around the box, so the scroll still scrolls something.
            area = _scroll_area(box)
            if area is not None:
                QApplication.sendEvent(area.viewport(), event.clone())
            return True
        return False


def _unfocused(watched: QObject) -> QWidget | None:
    """The guarded widget (also for a part of one, a spin box's line edit) if unfocused."""
    widget = watched if isinstance(watched, QWidget) else None
    while widget is not None and not isinstance(widget, GUARDED):
        widget = widget.parentWidget() if not widget.isWindow() else None
    return widget if widget is not None and not widget.hasFocus() else None


def _scroll_area(widget: QWidget) -> QAbstractScrollArea | None:
    parent = widget.parentWidget()
    while parent is not None and not isinstance(parent, QAbstractScrollArea):
        parent = parent.parentWidget()
    return parent


def install_wheel_guard(app: QApplication) -> WheelGuard:
    """Install once per application; the guard lives as the application's child."""
    existing = app.findChild(WheelGuard)
    if existing is not None:
        return existing
    guard = WheelGuard(app)
    app.installEventFilter(guard)
    return guard
