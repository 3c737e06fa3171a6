"""Import wizard pages: file, sheet, preview and the import itself (mapping has its own module)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QProgressBar,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWizard,
    QWizardPage,
)

from workbench.gui.import_preview import PreviewModel
from workbench.io.spreadsheet import parse_grid
from workbench.io.spreadsheet.suggest import first_recognised_sheet
from workbench.session.commands.importing import ImportCancelled
from workbench.session.importing import build_command

SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods", ".csv")
CSV_ENTRY = "(the CSV file has one table)"


def _wrapped(text: str = "") -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    return label


def _error(label: QLabel, text: str) -> None:
    label.setStyleSheet("color: #b00020;" if text else "")
    label.setText(text)


class FilePage(QWizardPage):
    """Step 1: the spreadsheet to import."""

    def __init__(self, wizard):
        super().__init__()
        self.wiz = wizard
        self.setTitle("Choose the extraction spreadsheet")
        self.setSubTitle("Excel (.xlsx, .xlsm, .xls), OpenDocument (.ods) or CSV.")
        self.path_edit = QLineEdit(placeholderText="Path of the spreadsheet")
        browse = QPushButton("Browse…")
        browse.clicked.connect(self._browse)
        self.path_edit.textChanged.connect(self._check)
        self.message = _wrapped()
        row = QHBoxLayout()
        row.addWidget(self.path_edit, 1)
        row.addWidget(browse)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.message)
        layout.addStretch(1)

    def _browse(self) -> None:
        path = self.wiz.open_file(self)
        if path:
            self.wiz.set_source(path)

    def path(self) -> Path:
        return Path(self.path_edit.text().strip())

    def problem(self) -> str:
        if self.wiz.controller.project is None:
            return "Open or create a project first (File ▸ Open or New)."
        path, text = self.path(), self.path_edit.text().strip()
        if path.is_file() and path.suffix.lower() in SUFFIXES:
            return ""
        if path.suffix.lower() == ".rm5":
            return (f"{path.name}: a RevMan review; import it with File ▸ Import RevMan "
                    "review… (Ctrl+Shift+I)")
        return f"{path.name}: not an existing .xlsx, .xlsm, .xls, .ods or .csv file" \
            if text else "Choose a file."

    def _check(self) -> None:
        # Never restyle inside isComplete(): Qt calls it while polishing, and a style
        # change there re-enters the polish and can crash.
        problem = self.problem()
        _error(self.message, "" if problem == "Choose a file." else problem)
        self.completeChanged.emit()

    def initializePage(self) -> None:
        self._check()

    def isComplete(self) -> bool:
        return not self.problem()

    def validatePage(self) -> bool:
        self.wiz.source = self.path()
        return True


class SheetPage(QWizardPage):
    """Step 2: which sheet; the first whose header is recognised is preselected."""

    def __init__(self, wizard):
        super().__init__()
        self.wiz = wizard
        self.setTitle("Choose the sheet")
        self.sheets = QListWidget()
        self.sheets.currentRowChanged.connect(self.completeChanged)
        self.message = _wrapped()
        layout = QVBoxLayout(self)
        layout.addWidget(self.sheets)
        layout.addWidget(self.message)
        self._token = 0

    def initializePage(self) -> None:
        self.sheets.clear()
        source = self.wiz.source
        if source.suffix.lower() == ".csv":
            self._listed(([CSV_ENTRY], CSV_ENTRY), self._token)
            return
        self._token += 1
        token = self._token
        self.message.setText("Reading the workbook…")
        self.wiz.start(lambda: first_recognised_sheet(source),
                       lambda result: self._listed(result, token),
                       lambda message, _p: token == self._token and _error(self.message,
                                                                             message))

    def _listed(self, result: tuple[list[str], str | None], token: int) -> None:
        if token != self._token:
            return  # the user went back and chose another file meanwhile
        names, recognised = result
        self.sheets.addItems(names)
        self.sheets.setCurrentRow(names.index(recognised) if recognised else 0)
        self.message.setText(
            f"“{recognised}” looks like an extraction table." if recognised and recognised
            != CSV_ENTRY else "" if recognised else
            "No sheet has headers we recognise; choose one and map its columns by hand.")
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        return self.sheets.currentItem() is not None

    def validatePage(self) -> bool:
        name = self.sheets.currentItem().text()
        self.wiz.sheet = None if name == CSV_ENTRY else name
        return True


class PreviewPage(QWizardPage):
    """Step 4: the parsed rows with problem cells in red; nothing is written yet."""

    def __init__(self, wizard):
        super().__init__()
        self.wiz = wizard
        self.setTitle("Check what will be imported")
        self.setSubTitle("Valid rows show the values as they will be stored; rows with a "
                         "problem show the cells as written, the bad cells in red (hover for "
                         "the reason).")
        self.model = PreviewModel()
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(22)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.summary = _wrapped()
        self.skip_invalid = QCheckBox("Import the valid rows only (skip the rows with problems)")
        self.skip_invalid.toggled.connect(self._update_summary)
        self.skip_invalid.toggled.connect(self.completeChanged)
        self.setButtonText(QWizard.WizardButton.NextButton, "&Import")
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        self.details = _wrapped()
        layout.addWidget(self.details)
        layout.addWidget(self.skip_invalid)
        self._token = 0

    def initializePage(self) -> None:
        self.wiz.batch = None
        self.model.clear()
        self._token += 1
        token, grid, mapping = self._token, self.wiz.grid, self.wiz.mapping
        self.summary.setText("Reading the rows…")
        self.wiz.start(lambda: parse_grid(grid, mapping),
                       lambda batch: self._parsed(batch, token),
                       lambda message, _p: token == self._token and _error(self.summary,
                                                                             message))

    def _parsed(self, batch, token: int) -> None:
        if token != self._token:
            return
        self.wiz.batch = batch
        self.model.show(batch, self.wiz.grid)
        self.table.resizeColumnsToContents()
        self.skip_invalid.setEnabled(bool(batch.problems))
        self.details.setText(_problem_lines(batch.problems))
        self._update_summary()
        self.completeChanged.emit()

    def _update_summary(self) -> None:
        batch = self.wiz.batch
        if batch is None:
            return
        problems, bad = len(batch.problems), len(batch.invalid_rows)
        text = (f"{batch.rows_read} rows, {problems} problem{'s' * (problems != 1)}; "
                f"{len(batch.rows)} rows will be imported.")
        if problems and not self.skip_invalid.isChecked():
            text = (f"{batch.rows_read} rows, {problems} problem{'s' * (problems != 1)} in "
                    f"{bad} row{'s' * (bad != 1)}: nothing can be imported until they are "
                    "fixed in the file, or you tick “Import the valid rows only”.")
        if len(batch.rows) > PreviewModel.LIMIT:
            text += f" The table shows the first {PreviewModel.LIMIT} rows."
        self.summary.setStyleSheet("color: #b00020;" if problems and not
                                   self.skip_invalid.isChecked() else "")
        self.summary.setText(text)

    def isComplete(self) -> bool:
        batch = self.wiz.batch
        return batch is not None and bool(batch.rows) and (
            not batch.problems or self.skip_invalid.isChecked())


def _problem_lines(problems: list, shown: int = 6) -> str:
    """The first problems in words, so the reasons are visible without hovering."""
    lines = [f"Row {p.row}, column {p.column} ({p.header or p.field}): "
             f"{p.to_dict()['message']} — “{p.value}”" for p in problems[:shown]]
    if len(problems) > shown:
        lines.append(f"… and {len(problems) - shown} more.")
    return "\n".join(lines)


class ImportPage(QWizardPage):
    """Step 5: one ImportRows command on the GUI thread, with progress and Cancel."""

    progressed = Signal(int, int)

    def __init__(self, wizard):
        super().__init__()
        self.wiz = wizard
        self.setTitle("Import")
        self.bar = QProgressBar()
        self.cancel_button = QPushButton("Cancel import")
        self.cancel_button.clicked.connect(self.cancel)
        self.result = _wrapped()
        row = QHBoxLayout()
        row.addWidget(self.bar, 1)
        row.addWidget(self.cancel_button)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.result)
        layout.addStretch(1)
        self.finished_import = False
        self.cancelled = False
        self.summary = None

    def initializePage(self) -> None:
        self.finished_import, self.cancelled, self.summary = False, False, None
        self.bar.setValue(0)
        self.cancel_button.setEnabled(True)
        self.result.setText("Importing…")
        QTimer.singleShot(0, self.run)  # let the page paint before the work starts

    def cancel(self) -> None:
        self.cancelled = True

    def _progress(self, done: int, total: int) -> None:
        self.bar.setMaximum(max(total, 1))
        self.bar.setValue(done)
        self.progressed.emit(done, total)
        # The command must run on the GUI thread (the project's SQLite connection lives
        # there), so it yields to the event loop every chunk to keep Cancel responsive.
        QCoreApplication.processEvents()

    def run(self) -> None:
        self.summary = import_batch(self)
        self.finished_import = True
        self.cancel_button.setEnabled(False)
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        return self.finished_import


def import_batch(page: ImportPage):
    """Run the import as one command through the controller; report on the page."""
    wiz, batch = page.wiz, page.wiz.batch
    skip = wiz.preview_page.skip_invalid.isChecked()
    if batch.problems and not skip:
        _error(page.result, f"Nothing was imported: {len(batch.problems)} cells have "
                            "problems. Go back and tick “Import the valid rows only”, or "
                            "fix the spreadsheet.")
        return None
    command = build_command(batch, None, page._progress, lambda: page.cancelled)
    failures: list[str] = []
    wiz.controller.failed.connect(failures.append)
    try:
        ok = wiz.controller.execute(command, wiz)
    except ImportCancelled:
        _error(page.result, "Import cancelled: the project is unchanged.")
        return None
    finally:
        wiz.controller.failed.disconnect(failures.append)
        command.progress = command.cancelled = None  # History keeps the command, not the page
    if not ok:
        _error(page.result, "Nothing was imported: " + "; ".join(failures))
        return None
    page.result.setText(_summary_text(command.summary, len(batch.problems) if skip else 0))
    return command.summary


def _summary_text(summary, skipped: int) -> str:
    lines = [f"Imported {summary.rows_imported} rows.",
             f"Studies added: {summary.studies_added}; studies updated: "
             f"{summary.studies_updated}; outcomes added: {summary.outcomes_added}."]
    if skipped:
        lines.append(f"{skipped} invalid cells were skipped with their rows.")
    lines.append("Edit ▸ Undo removes the whole import in one step.")
    return "\n".join(lines)
