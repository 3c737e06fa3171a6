"""The first size of the main window: grid and plot readable on the screen it opens on."""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize
from PySide6.QtGui import QCursor, QGuiApplication

# Below this the grid and the forest plot side by side need every pixel: open maximised.
ROOMY = QSize(1440, 900)
PREFERRED = QSize(1600, 1000)  # beyond this a window only spreads the plot thinner


def first_size(available: QRect) -> tuple[QSize, bool]:
    """(size, maximised) for a screen's available area (without taskbars and docks)."""
    if available.width() < ROOMY.width() or available.height() < ROOMY.height():
        return available.size(), True
    width = min(PREFERRED.width(), int(available.width() * 0.9))
    height = min(PREFERRED.height(), int(available.height() * 0.9))
    return QSize(width, height), False


def starting_screen_area() -> QRect:
    """The available area of the screen under the pointer (where the user is looking)."""
    screen = QGuiApplication.screenAt(QCursor.pos()) or QGuiApplication.primaryScreen()
    return screen.availableGeometry() if screen else QRect(0, 0, 1400, 900)
