"""The xlsx export's Characteristics sheet: RevMan's characteristics of included studies."""

from __future__ import annotations

import openpyxl

from workbench.io.export_xlsx import CHARACTERISTICS_COLUMNS, write_xlsx
from workbench.session.commands.outline_studies import SetCharacteristic
from workbench.session.exporting import characteristics_rows, export_rows


def test_each_study_is_a_row_with_its_characteristics(demo_project, tmp_path):
    store = demo_project.store
    adeyemi = store.study_id("Adeyemi 2010")
    demo_project.execute(SetCharacteristic(adeyemi, "participants", "=62 adults"))
    demo_project.execute(SetCharacteristic(adeyemi, "methods", "Parallel RCT, 4 weeks"))
    target = tmp_path / "x.xlsx"
    sheets = write_xlsx(target, export_rows(store), [], characteristics_rows(store))
    assert sheets["Characteristics"] == len(store.studies())
    book = openpyxl.load_workbook(target)
    header, *rows = [list(r) for r in book["Characteristics"].iter_rows(values_only=True)]
    book.close()
    assert tuple(header) == CHARACTERISTICS_COLUMNS
    record = dict(zip(header, next(r for r in rows if r[0] == "Adeyemi 2010"), strict=True))
    # Year and design from the demo (resources/demo/ketamine.json: Adeyemi 2010, an RCT);
    # a leading "=" is written with the apostrophe no spreadsheet evaluates.
    assert (record["year"], record["design"]) == (2010, "RCT")
    assert record["participants"] == "'=62 adults"
    assert record["methods"] == "Parallel RCT, 4 weeks"
    assert record["notes"] is None


def test_no_studies_no_sheet(empty_project, tmp_path):
    sheets = write_xlsx(tmp_path / "x.xlsx", [], [], characteristics_rows(empty_project.store))
    assert "Characteristics" not in sheets
