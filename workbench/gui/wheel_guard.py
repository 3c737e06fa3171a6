"""A scroll over a closed combo or spin box scrolls the page, never the value (focus first)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QProxyStyle,
)

GUARDED = (QComboBox, QAbstractSpinBox)


class WheelFilter(QObject):
    """On each combo and spin box: the wheel, unfocused, is left for the page around it (Qt
    passes an event a widget's filter consumed without accepting on to the parent)."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt
        if event.type() == QEvent.Type.Wheel and not watched.hasFocus():
            event.ignore()
            return True
        return False


class WheelGuardStyle(QProxyStyle):
    """The application's style, which puts the wheel guard on every combo and spin box.

    Without it, a reviewer scrolling a long form past a risk-of-bias judgement or a setting
    silently changes that value on the way. A style is told of each widget once (polish), so
    only those boxes' events pass the guard, not the whole application's (an application-wide
    filter cost ~8% of start-up). Only polish is overridden: every Python override of a style
    method is called across the language boundary each time Qt asks (hundreds per repaint).
    """

    def __init__(self, base: str):
        super().__init__(base)
        self.wheel_filter = WheelFilter()

    def polish(self, target):  # noqa: D102 - Qt override with several signatures
        result = super().polish(target)
        if isinstance(target, GUARDED):
            # WheelFocus would hand focus to the box under the pointer, and then the value.
            target.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
            target.installEventFilter(self.wheel_filter)
        return result


def install_wheel_guard(app: QApplication, base: str = "Fusion") -> WheelGuardStyle:
    """Make the guarded style the application's (call before the style sheet is set)."""
    style = app.style()
    if isinstance(style, WheelGuardStyle):
        return style
    guarded = WheelGuardStyle(base)
    app.setStyle(guarded)
    app.setProperty("wheel_guard", True)
    app.wheel_guard_style = guarded  # a Python style must outlive this call to keep working
    return guarded

