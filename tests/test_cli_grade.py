"""`workbench grade`, `sof` and `rob import`: cli.md's JSON documents and exit codes."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from pathlib import Path

import pytest

from workbench.cli import main
from workbench.session.project import Project

COMP = "Drug versus placebo"
ROWS = [(COMP, "Death", s, {"events_1": e1, "total_1": 100, "events_2": e2, "total_2": 100})
        for s, e1, e2 in (("Smith 2001", 10, 20), ("Jones 2004", 12, 25))]


@pytest.fixture
def path(tmp_path, fill_values) -> Path:
    target = tmp_path / "review.wbproj"
    project = Project.create(target)
    fill_values(project.store, "Ann", ROWS)
    project.close()
    return target


def run(capsys, *argv) -> tuple[int, dict, str]:
    code = main([*map(str, argv), "--json"])
    out = capsys.readouterr()
    return code, json.loads(out.out), out.err


def digest(path: Path) -> str:
    """The project's content, table by table (opening for writing may touch the header)."""
    conn = sqlite3.connect(path)
    tables = [t for (t,) in conn.execute("SELECT name FROM sqlite_master WHERE type = "
                                         "'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")]
    text = repr([(t, sorted(map(repr, conn.execute(f'SELECT * FROM "{t}"')))) for t in tables])
    conn.close()
    return hashlib.sha256(text.encode()).hexdigest()


def test_grade_report_keys(path, capsys):
    code, doc, _ = run(capsys, "grade", path)
    assert code == 0
    entry = doc["outcomes"][0]
    assert set(entry) == {"comparison", "outcome", "design", "start", "importance",
                          "thresholds", "domains", "certainty", "certainty_label",
                          "provisional"}
    assert set(entry["domains"]["imprecision"]["evidence"]) == {
        "ci_lower", "ci_upper", "null", "threshold_lower", "threshold_upper", "target_zone",
        "zones_reached", "events", "participants", "ois_met"}
    assert set(entry["domains"]["publication_bias"]["evidence"]) == {"k", "assessable",
                                                                     "egger_p"}
    assert set(entry["domains"]["large_effect"]["evidence"]) == {"estimate", "ci_lower",
                                                                 "ci_upper"}
    assert entry["thresholds"] == [0.75, 1.25]  # RR's default (grade.md section 4)


def test_grade_set_and_settings(path, capsys):
    code, doc, _ = run(capsys, "grade", path, "--outcome", "Death", "--set",
                       "indirectness=-1", "--reason", "older patients", "--reviewer", "Ann")
    assert code == 0
    d = doc["outcomes"][0]["domains"]["indirectness"]
    assert (d["judged"], d["reason"]) == (-1, "older patients")
    code, doc, _ = run(capsys, "grade", path, "--outcome", "Death",
                       "--thresholds-per-1000", "-50,50", "--importance", "9",
                       "--design", "non-randomised")
    entry = doc["outcomes"][0]
    # risk 45/200 = 0.225: (0.225 - 0.05) / 0.225 = 0.7778, (0.225 + 0.05) / 0.225 = 1.2222
    assert entry["thresholds"] == pytest.approx([0.175 / 0.225, 0.275 / 0.225])
    assert (entry["importance"], entry["design"], entry["start"]) == (9, "non-randomised", 2)
    code, doc, _ = run(capsys, "grade", path, "--outcome", "Death", "--set",
                       "indirectness=clear", "--reason", "asked again", "--reviewer", "Ann")
    assert doc["outcomes"][0]["domains"]["indirectness"]["judged"] is None


@pytest.mark.parametrize("argv, message", [
    (["--outcome", "Death", "--set", "indirectness=-1"], "needs --reason"),
    (["--outcome", "Death", "--set", "indirectness=-3", "--reason", "x"], "level must"),
    (["--outcome", "Death", "--set", "bias=-1", "--reason", "x"], "DOMAIN one of"),
    (["--outcome", "Death", "--importance", "12"], "importance"),
    (["--outcome", "Death", "--thresholds", "1.1,1.3"], "thresholds need"),
    (["--outcome", "Death", "--thresholds", "0.8"], "two numbers"),
    (["--outcome", "Nothing", "--importance", "3"], "no outcome named 'Nothing'"),
    (["--set", "indirectness=-1", "--reason", "x"], "need --outcome"),
])
def test_grade_bad_input_exit_2_and_nothing_changed(path, capsys, argv, message):
    before = digest(path)
    code, doc, err = run(capsys, "grade", path, *argv)
    assert code == 2 and message in doc["error"] and message in err
    assert digest(path) == before


def test_sof_document_and_baselines(path, capsys):
    code, doc, _ = run(capsys, "sof", path, "--baseline", "study", "--baseline",
                       "Death:High risk=0.3")
    assert code == 0
    assert (doc["comparison"], doc["intervention"], doc["comparator"]) == (
        COMP, "Drug", "Control")
    absolute = doc["rows"][0]["absolute"]
    assert [(a["kind"], a["baseline"], a["risk"]) for a in absolute] == [
        ("study", "Study population", 0.225), ("typed", "High risk", 0.3)]
    assert absolute[1]["risk_comparator_per_1000"] == 300


@pytest.mark.parametrize("baseline, message", [
    ("High=1.2", "between 0 and 1"), ("Stroke:High=0.2", "no outcome named 'Stroke'"),
    ("High=lots", "must be a number"), ("nonsense", "expected study, median")])
def test_sof_bad_baseline_exit_2(path, capsys, baseline, message):
    code, doc, err = run(capsys, "sof", path, "--baseline", baseline)
    assert code == 2 and message in doc["error"]


def test_sof_several_comparisons_give_tables(path, capsys, fill_values):
    project = Project.open(path)
    fill_values(project.store, "Ann", [("Drug versus exercise", "Death", "Smith 2001",
                                        {"events_1": 1, "total_1": 10, "events_2": 2,
                                         "total_2": 10})])
    project.close()
    code, doc, _ = run(capsys, "sof", path)
    assert code == 0 and [t["comparison"] for t in doc["tables"]] == [
        COMP, "Drug versus exercise"]
    code, doc, _ = run(capsys, "sof", path, "--comparison", COMP)
    assert doc["comparison"] == COMP
    code, doc, _ = run(capsys, "sof", path, "--comparison", "Nope")
    assert code == 2


ROB_GOOD = ("Study,D1,D2,D3,D4,D5,Overall,Weight\n"
            "Smith 2001,Low,Some concerns,low,LOW,Low,Some concerns,50\n"
            "Jones 2004,High,Low,Low,Low,No information,High,50\n")


def test_rob_import_good(path, tmp_path, capsys):
    table = tmp_path / "rob.csv"
    table.write_text(ROB_GOOD, encoding="utf-8")
    code, doc, _ = run(capsys, "rob", "import", path, table, "--tool", "rob2", "--outcome",
                       "Death", "--reviewer", "Ann")
    assert code == 0 and doc == {"rows_read": 2, "assessments_imported": 2, "problems": []}
    code, grade, _ = run(capsys, "grade", path)
    ev = grade["outcomes"][0]["domains"]["risk_of_bias"]["evidence"]
    assert ev["unassessed"] == 0 and ev["weight_high"] > 0 and ev["weight_low"] == 0
    project = Project.open(path, read_only=True)
    reasons = project.store.one("SELECT COUNT(*) FROM rob_judgements WHERE "
                                "override_reason = 'Imported from rob.csv'")
    project.close()
    # Domain judgements D1-D5 of Smith and D1-D4 of Jones (D5 "No information" is none);
    # the overall judgements live on the assessment rows.
    assert reasons == 9


def test_rob_import_xlsx(path, tmp_path, capsys):
    from openpyxl import Workbook

    book = Workbook()
    for line in ROB_GOOD.splitlines():
        book.active.append(line.split(","))
    book.save(tmp_path / "rob.xlsx")
    code, doc, _ = run(capsys, "rob", "import", path, tmp_path / "rob.xlsx", "--tool", "rob2",
                       "--outcome", "Death")
    assert code == 0 and doc["assessments_imported"] == 2


@pytest.mark.parametrize("text, row, column", [
    (ROB_GOOD.replace("Jones 2004,High", "Jonas 2004,High"), 3, "Study"),
    (ROB_GOOD.replace("low,LOW", "low,Bad"), 2, "D4"),
    (ROB_GOOD.replace(",D5,", ",D6,"), 1, "D5"),
    (ROB_GOOD.replace("Low,Low,No information,High", "Low,Low,,High"), 3, "D5"),
])
def test_rob_import_bad_names_row_and_column_and_imports_nothing(path, tmp_path, capsys,
                                                                 text, row, column):
    table = tmp_path / "rob.csv"
    table.write_text(text, encoding="utf-8")
    before = digest(path)
    code, doc, err = run(capsys, "rob", "import", path, table, "--tool", "rob2",
                         "--outcome", "Death")
    assert code == 2 and doc["assessments_imported"] == 0
    assert any(p["row"] == row and p["column"] == column for p in doc["problems"])
    assert f"row {row}, column {column}" in err
    assert digest(path) == before
