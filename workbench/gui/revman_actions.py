"""File ▸ Import RevMan review…: an .rm5 file or RevMan Web package as one undoable step,
then the recompute-and-compare summary."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from workbench.gui.controller import Controller
from workbench.io.rm5.model import RevManError
from workbench.session.revman_import import import_command, report_for

SOURCE_FILTER = "RevMan reviews (*.rm5 *.zip);;All files (*)"

# Injectable dialogs, so tests never open a modal one.
OpenFile = Callable[[QWidget], str]
Show = Callable[[QWidget, str, str, bool], None]


def _open_file(parent: QWidget) -> str:
    return QFileDialog.getOpenFileName(parent, "Import RevMan review", "", SOURCE_FILTER)[0]


def _show(parent: QWidget, title: str, text: str, warn: bool) -> None:
    box = QMessageBox(QMessageBox.Icon.Warning if warn else QMessageBox.Icon.Information,
                      title, text.split("\n", 1)[0], parent=parent)
    box.setDetailedText(text)
    box.exec()


def import_revman(parent: QWidget, controller: Controller, path: Path | str | None = None,
                  open_file: OpenFile = _open_file, show: Show = _show) -> list[str] | None:
    """Import and tell the user what was compared; returns the summary lines (None when
    nothing was imported: no project, cancelled, or refused)."""
    project = controller.project
    if project is None:
        return None
    chosen = path or open_file(parent)
    if not chosen:
        return None
    try:
        command = import_command(Path(chosen), project.reviewer)
    except RevManError as err:
        show(parent, "Import RevMan review", str(err), True)
        return None
    if not controller.execute(command):
        return None  # the controller has told the user why (e.g. a comparison exists)
    report = report_for(project.store, command, Path(chosen))
    lines = report.summary_lines()
    show(parent, "RevMan review imported", "\n".join(lines), bool(report.check.differences))
    return lines


EXPORT_FILTER = "RevMan 5 review (*.rm5);;RevMan Web data package (*.zip)"
SaveFile = Callable[[QWidget], str]


def _save_file(parent: QWidget) -> str:
    return QFileDialog.getSaveFileName(parent, "Export to RevMan", "", EXPORT_FILTER)[0]


def export_revman(parent: QWidget, controller: Controller, path: Path | str | None = None,
                  save_file: SaveFile = _save_file, show: Show = _show) -> list[str] | None:
    """Write the project as an .rm5 file (or, for a .zip, RevMan Web's data package) and say
    what RevMan cannot hold; returns the files written (None when nothing was)."""
    project = controller.project
    chosen = path or (save_file(parent) if project is not None else "")
    if project is None or not chosen:
        return None
    from workbench.io.revman_web import write_package
    from workbench.io.rm5.writer import write_rm5
    from workbench.session.revman_export import review_for_export

    target = Path(chosen)
    try:
        review, notes = review_for_export(project.store)
        if target.suffix.lower() == ".zip":
            written = write_package(review, target)
        else:
            written = [str(target)]
            write_rm5(review, target)
    except (OSError, ValueError) as err:  # ValueError: RevManError, MetaInputError
        show(parent, "Export to RevMan", f"{target}: cannot write ({err})", True)
        return None
    show(parent, "Exported to RevMan", "\n".join([f"Wrote {target}", *notes]), bool(notes))
    return written
