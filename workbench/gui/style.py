"""A calm, readable look: Fusion with a light palette and a little spacing."""

from __future__ import annotations

from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import QApplication

from workbench.gui.wheel_guard import install_wheel_guard

STYLESHEET = """
QTreeWidget { border: none; background: #F6F7F9; }
QTreeWidget::item { padding: 3px 2px; }
QTableView { gridline-color: #D9DDE3; selection-background-color: #CFE3FF;
             selection-color: #111; }
QHeaderView::section { background: #EEF1F5; border: none; border-right: 1px solid #D9DDE3;
                       border-bottom: 1px solid #C9CED6; padding: 4px 6px; font-weight: 600; }
QTabWidget::pane { border: none; }
QStatusBar { background: #F0F2F5; }
QDockWidget::title { padding: 4px 6px; background: #E9ECF1; }
QPushButton:checked { background: #1F4E9A; color: white; font-weight: 600;
                      border: 1px solid #173B75; border-radius: 3px; padding: 4px; }
QPushButton:checked:disabled { background: #9AA9C2; }
QFrame#question { border: 1px solid #D9DDE3; border-radius: 4px; }
QFrame#question:focus { border: 2px solid #2F6FDE; background: #F1F6FF; }
QPushButton:focus:!checked { border: 2px solid #2F6FDE; border-radius: 3px; padding: 3px 8px; }
"""


def apply_style(app: QApplication) -> None:
    install_wheel_guard(app, "Fusion")  # Fusion, with wheels only for the focused box
    palette = QPalette()
    palette.setColor(QPalette.ColorRole.Window, QColor("#FAFBFC"))
    palette.setColor(QPalette.ColorRole.Base, QColor("#FFFFFF"))
    palette.setColor(QPalette.ColorRole.AlternateBase, QColor("#F5F7FA"))
    palette.setColor(QPalette.ColorRole.Highlight, QColor("#2F6FDE"))
    app.setPalette(palette)
    font = QFont(app.font())
    font.setPointSize(max(font.pointSize(), 10))
    app.setFont(font)
    app.setStyleSheet(STYLESHEET)
