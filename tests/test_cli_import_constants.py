"""`workbench import --comparison/--outcome/--group-labels`: constants for what a sheet lacks."""

from __future__ import annotations

import json
from pathlib import Path

from workbench.cli import main
from workbench.session.project import Project

# A sheet as reviewers often keep one per outcome: no comparison or outcome column, and the
# arms named only in the headers. The expected labels below are the ones given on the line.
SHEET = ("\"Study (first author, year)\",Ketamine events,Ketamine N,Placebo events,Placebo N\n"
         "Adams 2010,3,20,6,21\n"
         "Brown 2012,5,30,9,29\n")


def _sheet(tmp_path: Path) -> Path:
    path = tmp_path / "pain.csv"
    path.write_text(SHEET, encoding="utf-8")
    return path


def _run(capsys, *argv) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def _structure(path: Path) -> tuple[list, list, list]:
    project = Project.open(path)
    try:
        store = project.store
        comparisons = [(c.label, c.group_label_1, c.group_label_2) for c in store.comparisons()]
        outcomes = [o.label for o in store.outcomes()]
        studies = sorted(s.label for s in store.studies())
    finally:
        project.close()
    return comparisons, outcomes, studies


def test_constants_name_the_comparison_outcome_and_groups(tmp_path, capsys):
    project = tmp_path / "review.wbproj"
    code, out, _ = _run(capsys, "import", project, _sheet(tmp_path), "--comparison",
                        "Ketamine versus placebo", "--outcome", "Pain relief",
                        "--group-labels", "IV ketamine", "Saline placebo", "--json")
    assert code == 0 and json.loads(out)["rows_imported"] == 2
    comparisons, outcomes, studies = _structure(project)
    assert comparisons == [("Ketamine versus placebo", "IV ketamine", "Saline placebo")]
    assert outcomes == ["Pain relief"] and studies == ["Adams 2010", "Brown 2012"]


def test_without_the_constants_the_sheet_is_refused_and_names_the_missing_fields(
        tmp_path, capsys):
    project = tmp_path / "review.wbproj"
    code, out, err = _run(capsys, "import", project, _sheet(tmp_path), "--json")
    assert code == 2 and not project.exists()
    fields = {p["field"] for p in json.loads(out)["problems"]}
    assert {"comparison", "outcome"} <= fields


def test_a_constant_wins_over_a_column_of_the_same_field(tmp_path, capsys):
    sheet = tmp_path / "with_outcome.csv"
    sheet.write_text("Study,Outcome,Comparison,events_1,total_1,events_2,total_2\n"
                     "Adams 2010,Pain,K v P,3,20,6,21\n", encoding="utf-8")
    project = tmp_path / "review.wbproj"
    code, _, _ = _run(capsys, "import", project, sheet, "--outcome", "Pain at 24 h")
    assert code == 0
    assert _structure(project)[1] == ["Pain at 24 h"]


def test_an_empty_constant_is_refused_by_name_and_nothing_is_created(tmp_path, capsys):
    project = tmp_path / "review.wbproj"
    code, _, err = _run(capsys, "import", project, _sheet(tmp_path), "--comparison", "  ",
                        "--outcome", "Pain")
    assert code == 2 and "--comparison" in err and not project.exists()
