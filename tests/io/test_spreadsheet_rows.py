"""Row rules, header detection, recognition, MAP.json validation, CSV dialects, flags."""

import datetime as dt
import zipfile

import openpyxl
import pytest

from workbench.io.spreadsheet import SpreadsheetError, mapping_from_dict, read_batch

HEADER = ["Study", "Year", "Comparison", "Outcome", "Events (intervention)", "N intervention",
          "Events (control)", "N control"]


def _xlsx(path, rows, merges=()):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Data"
    for row in rows:
        sheet.append(row)
    for merge in merges:
        sheet.merge_cells(merge)
    book.save(path)
    return path


def test_blank_comment_and_total_rows_are_skipped(tmp_path):
    path = _xlsx(tmp_path / "a.xlsx", [
        ["Review of X"], HEADER,
        ["A 2001", 2001, "X vs Y", "Death", 1, 10, 2, 10],
        [],
        ["Trials in adults"],
        ["Total", None, "X vs Y", "Death", 1, 10, 2, 10],
        ["B 2002", dt.date(2002, 5, 1), "X vs Y", "Death", "3*", "12", "NR", 11]],
        merges=["A5:H5"])
    batch = read_batch(path)
    assert batch.rows_read == 2 and not batch.problems
    assert [(s.row, s.kind) for s in batch.skipped] == [(4, "blank"), (5, "comment"),
                                                        (6, "total")]
    second = batch.rows[1]
    assert second.year == 2002 and second.values == {
        "events_1": 3.0, "total_1": 12.0, "events_2": None, "total_2": 11.0}
    assert second.sources["events_1"] == "a.xlsx!Data!E7"


def test_merged_study_label_fills_down(tmp_path):
    path = _xlsx(tmp_path / "m.xlsx", [
        HEADER, ["A 2001", 2001, "X vs Y", "Death", 1, 10, 2, 10],
        [None, None, "X vs Y", "Pain", 3, 10, 4, 10]], merges=["A2:A3", "B2:B3"])
    batch = read_batch(path)
    assert [(r.study, r.outcome, r.year) for r in batch.rows] == [
        ("A 2001", "Death", 2001), ("A 2001", "Pain", 2001)]


def test_duplicates_and_problems_are_located(tmp_path):
    path = _xlsx(tmp_path / "d.xlsx", [
        HEADER, ["A 2001", 2001, "X vs Y", "Death", 1, 10, 2, 10],
        ["A 2001 ", 2001, "X vs Y", "Death", 1, 10, 2, 10],
        ["B 2002", 2002, "X vs Y", "Death", 11, 10, 2.5, 10]])
    batch = read_batch(path)
    found = [(p.row, p.column, p.reason) for p in batch.problems]
    assert found == [(3, "A", "duplicate_row"), (4, "E", "events_exceed_total"),
                     (4, "G", "non_integer_count")]
    assert batch.rows_read == 3 and len(batch.rows) == 1


def test_cached_error_and_formula_without_value(tmp_path):
    path = _xlsx(tmp_path / "f.xlsx", [HEADER, ["A 2001", 2001, "X vs Y", "Death", "=1+2",
                                                10, "#DIV/0!", 10]])
    batch = read_batch(path)
    reasons = {(p.column, p.reason) for p in batch.problems}
    assert reasons == {("E", "formula_without_value"), ("G", "cached_error")}
    assert "open and save" in batch.problems[0].to_dict()["message"]


def test_two_level_header_from_a_map(tmp_path):
    path = _xlsx(tmp_path / "h.xlsx", [
        ["Title"], ["Study ID", "Drug", None, "Placebo", None],
        [None, "Events", "N", "Events", "N"], ["A 2001", 1, 10, 2, 10]],
        merges=["A2:A3", "B2:C2", "D2:E2"])
    mapping = mapping_from_dict({
        "header_row": 2, "header_rows": 2, "data_type": "dichotomous",
        "constants": {"comparison": "Drug versus placebo", "outcome": "Death"},
        "columns": {"study": "study id", "events_1": "Drug  Events", "total_1": "DRUG N",
                    "events_2": "Placebo Events", "total_2": "Placebo N"}})
    batch = read_batch(path, mapping)
    assert [(r.study, r.comparison, r.values["total_2"]) for r in batch.rows] == [
        ("A 2001", "Drug versus placebo", 10.0)]


def test_ambiguous_recognition_lists_candidates(tmp_path):
    path = _xlsx(tmp_path / "amb.xlsx", [["Study", "Comparison", "Outcome", "Mean", "SD", "N",
                                          "Mean", "SD", "N"], ["A", "x", "y", 1, 1, 1, 1, 1, 1]])
    with pytest.raises(SpreadsheetError) as err:
        read_batch(path)
    by_field = {p["field"]: p for p in err.value.problems}
    assert set(by_field["mean_1"]["candidates"]) == {"D: Mean", "G: Mean"}


@pytest.mark.parametrize("bad", [{"header_row": 0}, {"data_type": "binary"},
                                 {"columns": {"nonsense": "X"}}, {"extra": 1}, []])
def test_map_validation_names_the_problem(bad):
    with pytest.raises(SpreadsheetError):
        mapping_from_dict(bad, "MAP.json")


def test_missing_column_named(tmp_path):
    path = _xlsx(tmp_path / "c.xlsx", [HEADER, ["A", 2001, "x", "y", 1, 2, 3, 4]])
    mapping = mapping_from_dict({"columns": {"study": "Trial", "comparison": "Comparison",
                                             "outcome": "Outcome"}, "data_type": "dichotomous"})
    with pytest.raises(SpreadsheetError) as err:
        read_batch(path, mapping)
    assert err.value.problems[0]["header"] == "Trial"
    assert "c.xlsx" in err.value.message


def test_semicolon_latin1_csv_with_decimal_comma(tmp_path):
    path = tmp_path / "semi.csv"
    text = ("study;comparison;outcome;mean_1;sd_1;total_1;mean_2;sd_2;total_2\n"
            "Müller 2015;A vs B;Pain;5,2;1,3;20;4,1;1,1;21\n")
    path.write_bytes(text.encode("latin-1"))
    batch = read_batch(path)
    row = batch.rows[0]
    assert row.study == "Müller 2015" and row.values["mean_1"] == 5.2 and batch.sheet is None


def test_utf8_bom_comma_csv_multiline_record(tmp_path):
    path = tmp_path / "bom.csv"
    text = ('study,comparison,outcome,events_1,total_1,events_2,total_2\n'
            '"A\n2001",X,Y,1,10,2,10\nB 2002,X,Y,"1,5",10,2,10\n')
    path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    batch = read_batch(path)
    assert batch.rows[0].study == "A 2001"
    assert [(p.row, p.column, p.reason, p.sheet) for p in batch.problems] == [
        (4, "D", "unparseable_number", None)]


def test_hidden_columns_are_read_and_counted(tmp_path):
    path = _xlsx(tmp_path / "hid.xlsx", [["Study", "Secret", *HEADER[2:]],
                                         ["A", "x", "X vs Y", "D", "1O", 10, 2, 10]])
    book = openpyxl.load_workbook(path)
    book.active.column_dimensions["B"].hidden = True
    book.save(path)
    mapping = mapping_from_dict({"data_type": "dichotomous", "columns": {
        "study": "Study", "comparison": "Comparison", "outcome": "Outcome",
        "events_1": HEADER[4], "total_1": HEADER[5], "events_2": HEADER[6],
        "total_2": HEADER[7]}})
    assert read_batch(path, mapping).problems[0].column == "E"
    assert zipfile.is_zipfile(path)
