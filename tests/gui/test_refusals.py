"""Issue 15 in the GUI: a refused file and an error escaping a slot are told in a dialog and
one line on stderr, never a traceback; the refused file is not touched."""

import sqlite3

from PySide6.QtWidgets import QMessageBox

from workbench.gui.app import _open_requested, _unexpected_in


def test_a_refused_file_is_reported_and_the_open_project_kept(main_window, tmp_path, qtbot):
    bad = tmp_path / "bad.wbproj"
    bad.write_bytes(main_window.controller.project.path.read_bytes())
    conn = sqlite3.connect(bad)
    conn.execute("UPDATE studies SET label = CAST(x'41ff42' AS TEXT) WHERE id = 1")
    conn.commit()
    conn.close()
    before = bad.read_bytes()
    kept = main_window.controller.project
    message = _open_requested(main_window, bad)
    assert "table studies, column label, row 1: text that is not valid UTF-8" in message
    assert main_window.controller.project is kept and bad.read_bytes() == before


def test_an_error_escaping_a_slot_is_a_dialog_not_a_traceback(main_window, qtbot, capsys):
    report = _unexpected_in(main_window)
    report(ValueError, ValueError("bad value"), None)
    err = capsys.readouterr().err
    assert err == "workbench: internal error: ValueError: bad value\n"
    qtbot.waitUntil(lambda: any(isinstance(w, QMessageBox) and w.isVisible()
                                for w in main_window.findChildren(QMessageBox)))
    box = next(w for w in main_window.findChildren(QMessageBox) if w.isVisible())
    assert "ValueError: bad value" in box.text()
    box.close()
