"""Import wizard step 3: header row and which column holds which field (or a constant)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWizardPage,
)

from workbench.gui.import_preview import field_title
from workbench.io.spreadsheet import (
    Grid,
    Mapping,
    SpreadsheetError,
    load_grid,
    remembered_mapping,
)
from workbench.io.spreadsheet.cells import column_letter
from workbench.io.spreadsheet.fields import DATA_TYPES
from workbench.io.spreadsheet.header import header_names
from workbench.io.spreadsheet.mapping import check_required, resolve_columns
from workbench.io.spreadsheet.suggest import suggest, write_map_json
from workbench.session.importing import remembered

LABEL_FIELDS = ("study", "year", "comparison", "outcome", "subgroup", "timepoint", "notes")
DATA_FIELDS = {
    "dichotomous": ("events_1", "total_1", "events_2", "total_2", "events_total_1",
                    "events_total_2"),
    "continuous": ("mean_1", "sd_1", "total_1", "mean_2", "sd_2", "total_2", "mean_sd_1",
                   "mean_sd_2"),
    "generic": ("estimate", "se", "variance"),
}
REQUIRED = ("study", "comparison", "outcome")
CONSTANT_FIELDS = ("comparison", "outcome")
NOT_IMPORTED = "(not imported)"


class MappingPage(QWizardPage):
    """Widgets hold the mapping; `current_mapping()` reads it back for preview and MAP.json."""

    def __init__(self, wizard):
        super().__init__()
        self.wiz = wizard
        self.setTitle("Header and columns")
        self.setSubTitle("Check which column holds each field. * = required: study, and a "
                         "column or one value for every row for comparison and outcome.")
        self.grid: Grid | None = None
        self.names: list[str] = []
        self.origin = ""  # "remembered" or "recognised": how the choices were made
        self.confidence: dict[str, float] = {}
        self._token, self._filling = 0, False
        self._build()

    def _build(self) -> None:
        self.header_row, self.header_rows = QSpinBox(minimum=1), QSpinBox(minimum=1, maximum=3)
        self.data_type = QComboBox()
        self.data_type.addItems(DATA_TYPES)
        self.data_type.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.group_1, self.group_2 = QLineEdit(), QLineEdit()
        self.group_1.setPlaceholderText("group 1 (intervention)")
        self.group_2.setPlaceholderText("group 2 (control)")
        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels(["Field", "Column in the sheet", "Recognised",
                                              "Or one value for every row"])
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.status = QLabel(wordWrap=True)
        self.save_button = QPushButton("Save MAP.json…")
        self.save_button.clicked.connect(self.save_map)
        self._lay_out()
        self.header_row.valueChanged.connect(self._header_moved)
        self.header_rows.valueChanged.connect(self._header_moved)
        self.data_type.currentTextChanged.connect(lambda _t: self._refill_fields())
        for edit in (self.group_1, self.group_2):
            edit.textChanged.connect(lambda _t: self._refill_fields())

    def _lay_out(self) -> None:
        top = QFormLayout()
        header = QHBoxLayout()
        header.addWidget(self.header_row)
        header.addWidget(QLabel("spanning"))
        header.addWidget(self.header_rows)
        header.addWidget(QLabel("row(s) (2 for a two-level header)"))
        header.addStretch(1)
        top.addRow("Header row:", header)
        kind = QHBoxLayout()
        kind.addWidget(self.data_type)
        kind.addStretch(1)
        top.addRow("Data type:", kind)
        groups = QHBoxLayout()
        groups.addWidget(self.group_1)
        groups.addWidget(QLabel("versus"))
        groups.addWidget(self.group_2)
        top.addRow("Groups:", groups)
        bottom = QHBoxLayout()
        bottom.addWidget(self.status, 1)
        bottom.addWidget(self.save_button, 0, Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addLayout(bottom)

    # --- loading ------------------------------------------------------------------------
    def initializePage(self) -> None:
        self.grid = None
        self.table.setRowCount(0)
        self.status.setText("Reading the sheet…")
        self._token += 1
        token, source, sheet = self._token, self.wiz.source, self.wiz.sheet
        self.wiz.start(lambda: load_grid(source, sheet), lambda g: self._loaded(g, token),
                       lambda message, _p: token == self._token and self._failed(message))
        self.completeChanged.emit()

    def _failed(self, message: str) -> None:
        self.status.setStyleSheet("color: #b00020;")
        self.status.setText(message)

    def _loaded(self, grid: Grid, token: int) -> None:
        if token != self._token:
            return
        self.grid = grid
        self.wiz.grid = grid
        self.header_row.setMaximum(max(len(grid.rows), 1))
        # The store is read here, on the GUI thread that owns its SQLite connection.
        store = self.wiz.controller.project.store if self.wiz.controller.project else None
        found = remembered_mapping(grid, remembered(store))
        self.origin = "remembered" if found else "recognised"
        self.fill(found or suggest(grid))

    def _header_moved(self) -> None:
        if self._filling or self.grid is None:
            return
        self.origin = "recognised"
        self.fill(suggest(self.grid, self.header_row.value(), self.header_rows.value()))

    # --- widgets <-> Mapping --------------------------------------------------------------
    def fill(self, mapping: Mapping) -> None:
        """Show a mapping (remembered, recognised or loaded) in the widgets."""
        self._filling = True
        self.header_row.setValue(mapping.header_row)
        self.header_rows.setValue(mapping.header_rows)
        self.names = header_names(self.grid, mapping.header_row, mapping.header_rows)
        self.data_type.setCurrentText(mapping.data_type or "dichotomous")
        groups = mapping.group_labels or ("", "")
        self.group_1.setText(groups[0])
        self.group_2.setText(groups[1])
        self.confidence = dict(mapping.confidence)
        self._filling = False
        self._fill_fields(mapping)

    def _groups(self) -> tuple[str, str]:
        return (self.group_1.text().strip() or "group 1", self.group_2.text().strip()
                or "group 2")

    def _fields(self) -> list[str]:
        return [*LABEL_FIELDS, *DATA_FIELDS[self.data_type.currentText()], "data_type"]

    def _refill_fields(self) -> None:
        if not self._filling and self.grid is not None:
            self._fill_fields(self.current_mapping())

    def _fill_fields(self, mapping: Mapping) -> None:
        self._filling = True
        fields = self._fields()
        self.table.setRowCount(len(fields))
        for row, name in enumerate(fields):
            self._fill_row(row, name, mapping)
        self.table.resizeColumnToContents(0)
        self.table.resizeColumnToContents(2)
        self._filling = False
        self._changed()

    def _fill_row(self, row: int, name: str, mapping: Mapping) -> None:
        title = QTableWidgetItem(field_title(name, self._groups())
                                 + (" *" if name in REQUIRED else ""))
        title.setData(Qt.ItemDataRole.UserRole, name)
        title.setFlags(Qt.ItemFlag.ItemIsEnabled)
        self.table.setItem(row, 0, title)
        combo = QComboBox()
        combo.addItem(NOT_IMPORTED, "")
        for col, header in enumerate(self.names):
            if header:
                combo.addItem(f"{column_letter(col)}: {header}", header)
        chosen = mapping.columns.get(name, "")
        combo.setCurrentIndex(max(combo.findData(chosen), 0))
        combo.currentIndexChanged.connect(lambda _i, n=name: self._picked(n))
        self.table.setCellWidget(row, 1, combo)
        self.table.setItem(row, 2, self._confidence_item(name, mapping))
        if name in CONSTANT_FIELDS:
            edit = QLineEdit(mapping.constants.get(name, ""))
            edit.setPlaceholderText(f"e.g. one {name} for the whole sheet")
            edit.textChanged.connect(lambda _t: self._changed())
            self.table.setCellWidget(row, 3, edit)
        else:
            self.table.setItem(row, 3, QTableWidgetItem())
            self.table.item(row, 3).setFlags(Qt.ItemFlag.NoItemFlags)

    def _confidence_item(self, name: str, mapping: Mapping) -> QTableWidgetItem:
        if name not in mapping.columns:
            text = ""
        elif self.origin == "remembered":
            text = "remembered"
        elif name in self.confidence:
            text = f"{self.confidence[name]:.0%}" + (" — check" if self.confidence[name] < 0.9
                                                     else "")
        else:
            text = "chosen by you"
        item = QTableWidgetItem(text)
        item.setFlags(Qt.ItemFlag.ItemIsEnabled)
        others = mapping.candidates.get(name, [])
        if len(others) > 1:
            item.setToolTip("Candidates: " + ", ".join(others))
        return item

    def _picked(self, name: str) -> None:
        if self._filling:
            return
        self.confidence.pop(name, None)
        row = self._fields().index(name)
        self.table.setItem(row, 2, self._confidence_item(name, self.current_mapping()))
        self._changed()

    def current_mapping(self) -> Mapping:
        """The mapping the widgets show (columns, constants, header, type, groups)."""
        mapping = Mapping(sheet=self.wiz.sheet, header_row=self.header_row.value(),
                          header_rows=self.header_rows.value(),
                          data_type=self.data_type.currentText())
        for row in range(self.table.rowCount()):
            name = self.table.item(row, 0).data(Qt.ItemDataRole.UserRole)
            header = self.table.cellWidget(row, 1).currentData()
            if header:
                mapping.columns[name] = header
            edit = self.table.cellWidget(row, 3)
            if isinstance(edit, QLineEdit) and edit.text().strip() and not header:
                mapping.constants[name] = edit.text().strip()
        groups = (self.group_1.text().strip(), self.group_2.text().strip())
        mapping.group_labels = groups if all(groups) else None
        if self.origin == "recognised":
            mapping.confidence = dict(self.confidence)
        return mapping

    # --- checking and saving --------------------------------------------------------------
    def problem(self) -> str:
        """Why the mapping cannot be used as it stands ("" when it can)."""
        if self.grid is None:
            return "Reading the sheet…"
        mapping = self.current_mapping()
        try:
            resolve_columns(mapping, self.names, f"header row {mapping.header_row}")
            check_required(mapping, "The mapping")
        except SpreadsheetError as err:
            details = "; ".join(p["message"] for p in err.problems)
            return f"{err.message.split(': ', 1)[-1].capitalize()}: {details}."
        return ""

    def _changed(self) -> None:
        if self._filling:
            return
        problem = self.problem()
        self.status.setStyleSheet("color: #b00020;" if problem else "")
        self.status.setText(problem or self._origin_text())
        self.save_button.setEnabled(not problem)
        self.completeChanged.emit()

    def _origin_text(self) -> str:
        if self.origin == "remembered":
            return "Pre-filled with the mapping you used last time for this layout."
        used = {key.casefold() for key in self.current_mapping().columns.values()}
        left = [n for n in self.names if n and n.casefold() not in used]
        return (f"Columns were recognised by their headers. Not imported: {', '.join(left)}."
                if left else "Columns were recognised by their headers; all are imported.")

    def isComplete(self) -> bool:
        return self.grid is not None and not self.problem()

    def validatePage(self) -> bool:
        self.wiz.mapping = self.current_mapping()
        return True

    def save_map(self) -> None:
        suggested = f"{self.wiz.source.stem}.MAP.json" if self.wiz.source else "MAP.json"
        path = self.wiz.save_file(self, suggested)
        if not path:
            return
        try:
            write_map_json(self.current_mapping(), Path(path))
        except OSError as err:
            self._failed(f"Cannot save {path}: {err}")
            return
        self.status.setText(f"Saved {Path(path).name}: use it with "
                            "workbench import --mapping.")
