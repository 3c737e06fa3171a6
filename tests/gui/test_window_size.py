"""The main window's first size fits the screen it opens on, and is remembered."""

from __future__ import annotations

from PySide6.QtCore import QRect, QSettings, QSize

from workbench.gui.app import application
from workbench.gui.main_window import MainWindow
from workbench.gui.window_size import first_size


def test_small_screens_open_maximised():
    assert first_size(QRect(0, 0, 1366, 728)) == (QSize(1366, 728), True)
    assert first_size(QRect(0, 0, 1280, 984)) == (QSize(1280, 984), True)


def test_large_screens_open_at_a_readable_size_that_fits():
    size, maximised = first_size(QRect(0, 0, 1920, 1040))
    assert not maximised and size == QSize(1600, 936)  # 90% of 1040 tall, 1600 wide at most
    size, _ = first_size(QRect(0, 0, 2560, 1400))
    assert size == QSize(1600, 1000)


def test_the_size_a_user_left_is_the_size_it_opens_at(qtbot, tmp_path):
    application()
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    first = MainWindow(settings=settings)
    qtbot.addWidget(first)
    first.resize(790, 560)  # within the offscreen screen (800 × 800)
    first.show()
    left = first.size()
    first.close()
    second = MainWindow(settings=settings)
    qtbot.addWidget(second)
    # The offscreen screen is 800 px wide, narrower than the window's minimum width, so Qt
    # clamps the width on restore; the height is free and tells that the size was kept.
    assert second.height() == left.height() == 560 and not second.opens_maximised
    second.close()


def test_every_tab_fits_a_1024_by_700_screen(main_window):
    """A page wider than the screen makes the whole window wider, and every label clips."""
    hint = main_window.minimumSizeHint()
    assert hint.width() <= 1024 and hint.height() <= 700, hint
    main_window.resize(1024, 700)
    assert main_window.width() == 1024
