"""`export --to xlsx` writer: data sheets like the CSV, a Results sheet, cells no program runs."""

import math

import openpyxl
import pytest

from workbench.io.export_csv import columns_for
from workbench.io.export_xlsx import RESULT_COLUMNS, write_xlsx
from workbench.session.export_analyses import analysed_outcomes, results_table
from workbench.session.exporting import export_rows


def _row(**values):
    base = {"comparison": "X vs Y", "outcome": "Death", "study": "A 2001", "year": 2001,
            "subgroup": None, "timepoint": None, "data_type": "dichotomous", "notes": None,
            "events_1": 1.0, "total_1": 10.0, "events_2": 2.0, "total_2": 10.0}
    return {**base, **values}


def _sheet_rows(path, title):
    book = openpyxl.load_workbook(path)
    return [list(r) for r in book[title].iter_rows(values_only=True)]


def test_one_sheet_per_data_type_present_headed_like_the_csv(tmp_path):
    rows = [_row(), _row(study="B 2002", data_type="generic", estimate=0.5, se=0.1)]
    counts = write_xlsx(tmp_path / "x.xlsx", rows, [])
    book = openpyxl.load_workbook(tmp_path / "x.xlsx")
    assert book.sheetnames == ["Dichotomous", "Generic", "Results"]
    assert counts == {"Dichotomous": 1, "Generic": 1, "Results": 0}
    for title, data_type in (("Dichotomous", "dichotomous"), ("Generic", "generic")):
        sheet = book[title]
        assert [c.value for c in sheet[1]] == columns_for([data_type])
        assert sheet.freeze_panes == "A2"
    assert [c.value for c in book["Results"][1]] == [h for h, _ in RESULT_COLUMNS]


def test_numbers_stay_numbers_and_missing_cells_are_empty(tmp_path):
    write_xlsx(tmp_path / "x.xlsx", [_row(events_1=None, total_1=10.5, year=None)], [])
    header, values = _sheet_rows(tmp_path / "x.xlsx", "Dichotomous")
    record = dict(zip(header, values, strict=True))
    assert record["events_1"] is None and record["year"] is None and record["notes"] is None
    assert record["total_1"] == 10.5 and record["total_2"] == 10
    assert isinstance(record["total_2"], int)


@pytest.mark.parametrize("text", ["=HYPERLINK(\"http://x\")", "+1", "-Smith", "@SUM(A1)"])
def test_formula_starts_get_the_apostrophe_and_stay_string_cells(tmp_path, text):
    write_xlsx(tmp_path / "x.xlsx", [_row(study=text, notes=text)], [])
    sheet = openpyxl.load_workbook(tmp_path / "x.xlsx")["Dichotomous"]
    header = [c.value for c in sheet[1]]
    for name in ("study", "notes"):
        cell = sheet.cell(row=2, column=header.index(name) + 1)
        assert cell.value == "'" + text and cell.data_type == "s"


def test_characters_xml_cannot_hold_are_dropped_not_fatal(tmp_path):
    write_xlsx(tmp_path / "x.xlsx", [_row(notes="bad\x01\x1bchars\ttab")], [])
    header, values = _sheet_rows(tmp_path / "x.xlsx", "Dichotomous")
    assert dict(zip(header, values, strict=True))["notes"] == "badchars\ttab"


def test_failed_write_leaves_the_earlier_file_and_no_temporary(tmp_path, monkeypatch):
    target = tmp_path / "x.xlsx"
    target.write_bytes(b"earlier")

    def boom(source, destination):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("workbench.io.atomic.os.replace", boom)
    with pytest.raises(OSError):
        write_xlsx(target, [_row()], [])
    assert target.read_bytes() == b"earlier" and [p.name for p in tmp_path.iterdir()] == ["x.xlsx"]


def test_results_sheet_is_natural_scale_numbers_from_the_engine(demo_project, tmp_path):
    store = demo_project.store
    analysed = analysed_outcomes(store)
    write_xlsx(tmp_path / "x.xlsx", export_rows(store), results_table(analysed))
    header, *rows = _sheet_rows(tmp_path / "x.xlsx", "Results")
    assert len(rows) == len(analysed) == len(store.outcomes())
    for values, item in zip(rows, analysed, strict=True):
        record = dict(zip(header, values, strict=True))
        result = item.result
        natural = math.exp if result.scale == "log" else (lambda v: v)
        assert (record["comparison"], record["outcome"]) == (item.outcome.comparison,
                                                             item.outcome.outcome)
        assert (record["measure"], record["method"], record["k"]) == (
            item.outcome.settings.measure, item.outcome.settings.method, result.k)
        for key, expected in (("estimate", natural(result.estimate)),
                              ("ci_lower", natural(result.ci_lower)),
                              ("ci_upper", natural(result.ci_upper)), ("p", result.p),
                              ("tau²", result.tau2), ("I² (%)", result.i2), ("Q", result.q),
                              ("df", result.q_df), ("Q p", result.q_p)):
            assert isinstance(record[key], int | float), key
            assert record[key] == pytest.approx(expected, rel=1e-14), key
    ratio = [dict(zip(header, r, strict=True)) for r in rows if r[2] == "RR"]
    assert ratio and all(r["ci_lower"] < r["estimate"] < r["ci_upper"] and r["ci_lower"] > 0
                         for r in ratio)


def test_outcome_that_cannot_be_analysed_gets_a_note_not_a_crash(demo_project, tmp_path):
    from dataclasses import replace

    store = demo_project.store
    outcome = next(o for o in store.outcomes() if o.data_type == "continuous")
    store.set_settings(outcome.id, replace(outcome.settings, method="PETO"))
    rows = results_table(analysed_outcomes(store, outcome=outcome.label))
    assert rows[0]["k"] == 0 and "PETO" in rows[0]["note"] and rows[0].get("estimate") is None
    write_xlsx(tmp_path / "x.xlsx", export_rows(store, outcome=outcome.label), rows)
    assert len(_sheet_rows(tmp_path / "x.xlsx", "Results")) == 2
