"""Auto-mapping of headers reviewers write: "Study (first author, year)", mean (SD) cells, arms."""

from __future__ import annotations

from pathlib import Path

import pytest

from workbench.io.spreadsheet import Overrides, read_batch
from workbench.io.spreadsheet.suggest import suggest
from workbench.io.spreadsheet.vocabulary import classify
from workbench.io.spreadsheet.workbook import Grid


@pytest.mark.parametrize(("header", "field"), [
    ("Study (first author, year)", "study"),
    ("Study (author, year)", "study"),
    ("First author, year", "study"),
    ("Author and year", "study"),
    ("Year of publication", "year"),
    ("Yr", "year"),
    ("Subgroup name", "subgroup"),
    ("Pain type (subgroup)", "subgroup"),
    ("Dose subgroup", "subgroup"),
    ("Outcome (primary)", "outcome"),
    ("Placebo mean ± SD", "mean_sd_2"),
    ("Control mean, SD", "mean_sd_2"),
])
def test_headers_reviewers_write_are_placed(header, field):
    guess = classify(header.casefold())
    assert guess is not None and guess.field == field


def test_notes_in_brackets_do_not_turn_a_measure_into_a_label():
    assert classify("events (intervention)".casefold()).field == "events_1"


def _csv(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "sheet.csv"
    path.write_text(text, encoding="utf-8")
    return path


# Arms named only in the headers, mean (SD) in one cell under a header that says "mean".
ARMS = ('"Study (first author, year)",Year,Pain type (subgroup),IV ketamine mean,'
        'IV ketamine N,Saline placebo mean,Saline placebo N\n'
        "Adams 2010,2010,Neuropathic,5.2 (1.3),20,6.1 (1.1),21\n"
        "Brown 2012,2012,Mixed,4.0 (2.0),30,5 (2),29\n")


def test_arm_names_become_group_labels_as_written(tmp_path):
    batch = read_batch(_csv(tmp_path, ARMS), overrides=Overrides(
        {"comparison": "Ketamine versus placebo", "outcome": "Pain"}))
    assert batch.group_labels == ("IV ketamine", "Saline placebo")


def test_mean_sd_in_one_cell_is_read_from_the_cells(tmp_path):
    batch = read_batch(_csv(tmp_path, ARMS), overrides=Overrides(
        {"comparison": "Ketamine versus placebo", "outcome": "Pain"}))
    assert batch.mapping.columns["mean_sd_1"] == "IV ketamine mean"
    assert batch.problems == []
    # The numbers are the sheet's row 2: "5.2 (1.3)", 20 and "6.1 (1.1)", 21.
    first = batch.rows[0]
    assert (first.values["mean_1"], first.values["sd_1"], first.values["total_1"]) == \
        (5.2, 1.3, 20.0)
    assert (first.values["mean_2"], first.values["sd_2"]) == (6.1, 1.1)


def test_year_and_subgroup_columns_are_read(tmp_path):
    batch = read_batch(_csv(tmp_path, ARMS), overrides=Overrides(
        {"comparison": "Ketamine versus placebo", "outcome": "Pain"}))
    assert [(r.study, r.year, r.subgroup) for r in batch.rows] == [
        ("Adams 2010", 2010, "Neuropathic"), ("Brown 2012", 2012, "Mixed")]


def test_a_plain_mean_column_stays_a_mean():
    grid = Grid(file="g.csv", sheet=None, rows=[
        ["Study", "Ketamine mean", "Ketamine SD", "Ketamine N", "Placebo mean", "Placebo SD",
         "Placebo N"], ["Adams 2010", 5.2, 1.3, 20, 6.1, 1.1, 21]])
    mapping = suggest(grid)
    assert mapping.columns["mean_1"] == "Ketamine mean"
    assert "mean_sd_1" not in mapping.columns
