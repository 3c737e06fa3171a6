"""The Import wizard: file, sheet, header and mapping, live preview, then one ImportRows command."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QThread, Signal
from PySide6.QtWidgets import QFileDialog, QWidget, QWizard

from workbench.gui.controller import Controller
from workbench.gui.import_mapping_page import MappingPage
from workbench.gui.import_wizard_pages import FilePage, ImportPage, PreviewPage, SheetPage
from workbench.io.spreadsheet import Grid, ImportBatch, Mapping, SpreadsheetError

SOURCE_FILTER = "Extraction spreadsheets (*.xlsx *.xlsm *.xls *.ods *.csv);;All files (*)"
MAP_FILTER = "Import mapping (*.MAP.json *.json)"

# Injectable file dialogs, so tests never open a modal dialog: (parent) -> path or "".
OpenFile = Callable[[QWidget], str]
SaveFile = Callable[[QWidget, str], str]


def _open_file(parent: QWidget) -> str:
    return QFileDialog.getOpenFileName(parent, "Import spreadsheet", "", SOURCE_FILTER)[0]


def _save_file(parent: QWidget, suggested: str) -> str:
    return QFileDialog.getSaveFileName(parent, "Save MAP.json", suggested, MAP_FILTER)[0]


class Job(QThread):
    """Runs one read-only io function off the GUI thread; never touches the project.

    The project's SQLite connection belongs to the GUI thread (sqlite3 refuses other
    threads), so only file reading and parsing run here; writing stays on the GUI thread.
    """

    succeeded = Signal(object)
    failed = Signal(str, object)  # message, problems (list of dicts)

    def __init__(self, work: Callable[[], Any], parent: QWidget):
        super().__init__(parent)
        self.work = work

    def run(self) -> None:
        try:
            result = self.work()
        except SpreadsheetError as err:
            self.failed.emit(err.message, err.problems)
        except Exception as err:  # noqa: BLE001 - a foreign file may fail in many ways
            self.failed.emit(f"cannot read the file ({err})", [])
        else:
            self.succeeded.emit(result)


class ImportWizard(QWizard):
    """Five pages; state lives here so that each page reads what the previous one decided."""

    def __init__(self, controller: Controller, parent: QWidget | None = None,
                 open_file: OpenFile = _open_file, save_file: SaveFile = _save_file):
        super().__init__(parent)
        self.controller = controller
        self.open_file, self.save_file = open_file, save_file
        self.source: Path | None = None
        self.sheet: str | None = None
        self.grid: Grid | None = None
        self.mapping: Mapping | None = None
        self.batch: ImportBatch | None = None
        self.corrections: dict[tuple[int, int], str] = {}  # cells typed over in the preview
        self.corrections_for: Grid | None = None
        self.jobs: list[Job] = []
        self.setWindowTitle("Import spreadsheet")
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setOption(QWizard.WizardOption.DisabledBackButtonOnLastPage)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage)
        self.file_page, self.sheet_page = FilePage(self), SheetPage(self)
        self.mapping_page, self.preview_page = MappingPage(self), PreviewPage(self)
        self.import_page = ImportPage(self)
        for page in (self.file_page, self.sheet_page, self.mapping_page, self.preview_page,
                     self.import_page):
            self.addPage(page)
        self.resize(1000, 700)

    def set_source(self, path: Path | str) -> None:
        """Choose the file to import (the Browse button and tests both land here)."""
        self.file_page.path_edit.setText(str(path))

    def start(self, work: Callable[[], Any], succeeded: Callable[[object], None],
              failed: Callable[[str, object], None]) -> Job:
        """Run `work` in a thread; the callbacks run on the GUI thread when it ends."""
        job = Job(work, self)
        job.succeeded.connect(succeeded)
        job.failed.connect(failed)
        job.finished.connect(lambda: self._forget(job))
        self.jobs.append(job)
        job.start()
        return job

    def _forget(self, job: Job) -> None:
        if job in self.jobs:
            self.jobs.remove(job)
        job.deleteLater()

    def busy(self) -> bool:
        return bool(self.jobs)

    def done(self, result: int) -> None:
        # A thread still reading must end before its QThread object may be destroyed.
        self.import_page.cancel()
        for job in list(self.jobs):
            job.wait()
        super().done(result)
