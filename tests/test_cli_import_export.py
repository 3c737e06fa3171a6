"""`workbench import` and `workbench export --to csv`: exit codes, messages, round trip."""

import json
from pathlib import Path

import pytest

from workbench.cli import main

SHARED = Path(__file__).resolve().parents[2] / "shared" / "fixtures"
pytestmark = pytest.mark.skipif(not SHARED.exists(), reason="shared fixtures not beside repo")


def _run(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_import_creates_project_and_prints_json(tmp_path, capsys):
    project = tmp_path / "new.wbproj"
    code, out, _ = _run(capsys, "import", project, SHARED / "ketamine_continuous.xlsx",
                        "--mapping", SHARED / "ketamine_continuous.MAP.json", "--json")
    doc = json.loads(out)
    assert code == 0 and project.exists()
    assert (doc["rows_read"], doc["rows_imported"], doc["studies_added"],
            doc["outcomes_added"], doc["problems"]) == (14, 14, 10, 3, [])


def test_refused_import_exits_2_names_places_and_changes_nothing(tmp_path, capsys):
    project = tmp_path / "p.wbproj"
    code, out, err = _run(capsys, "import", project, SHARED / "broken_extraction.xlsx",
                          "--mapping", SHARED / "broken_extraction.dichotomous.MAP.json",
                          "--json")
    assert code == 2 and not project.exists()
    doc = json.loads(out)
    assert doc["rows_imported"] == 0 and len(doc["problems"]) == 6
    assert "broken_extraction.xlsx" in err and "sheet Dichotomous, row 4, column E" in err


def test_skip_invalid_exits_0(tmp_path, capsys):
    code, out, err = _run(capsys, "import", tmp_path / "p.wbproj",
                          SHARED / "broken_extraction.xlsx", "--mapping",
                          SHARED / "broken_extraction.continuous.MAP.json", "--skip-invalid",
                          "--json")
    doc = json.loads(out)
    assert code == 0 and doc["rows_imported"] == 4 and len(doc["problems"]) == 4
    assert "row 7, column A" in err


def test_hostile_file_exits_2_with_json_error(tmp_path, capsys):
    fake = tmp_path / "fake.xlsx"
    fake.write_text("study,events_1\n")
    code, out, err = _run(capsys, "import", tmp_path / "p.wbproj", fake, "--json")
    assert code == 2 and "fake.xlsx" in err
    assert "error" in json.loads(out) and not (tmp_path / "p.wbproj").exists()


def test_unrecognised_headers_list_candidates(tmp_path, capsys):
    data = tmp_path / "amb.csv"
    data.write_text("Study,Comparison,Outcome,Mean,SD,N,Mean,SD,N\nA,x,y,1,1,1,1,1,1\n")
    code, out, _ = _run(capsys, "import", tmp_path / "p.wbproj", data, "--json")
    problems = json.loads(out)["problems"]
    assert code == 2 and any(p["field"] == "mean_1" and len(p["candidates"]) == 2
                             for p in problems)


def test_export_import_round_trip_changes_nothing(tmp_path, capsys):
    project = tmp_path / "p.wbproj"
    for source, mapping in [("ketamine_dichotomous.xlsx", "ketamine_dichotomous.MAP.json"),
                            ("ketamine_continuous.xlsx", "ketamine_continuous.MAP.json")]:
        assert _run(capsys, "import", project, SHARED / source, "--mapping",
                    SHARED / mapping)[0] == 0
    first = tmp_path / "first.csv"
    assert _run(capsys, "export", project, "--to", "csv", "--out", first)[0] == 0
    code, out, _ = _run(capsys, "import", project, first, "--json")
    doc = json.loads(out)
    assert code == 0 and (doc["studies_added"], doc["studies_updated"],
                          doc["outcomes_added"]) == (0, 0, 0)
    copy = tmp_path / "copy.wbproj"
    assert _run(capsys, "import", copy, first)[0] == 0
    second = tmp_path / "second.csv"
    assert _run(capsys, "export", copy, "--to", "csv", "--out", second)[0] == 0
    assert first.read_bytes() == second.read_bytes()


def test_export_escapes_formula_starts_and_blanks_conflicts(tmp_path, capsys):
    project = tmp_path / "p.wbproj"
    data = tmp_path / "in.csv"
    data.write_text("study,comparison,outcome,events_1,total_1,events_2,total_2,notes\n"
                    "A 2001,X vs Y,Death,1,10,2,10,=HYPERLINK(\"x\")\n")
    other = tmp_path / "other.csv"
    other.write_text("study,comparison,outcome,events_1,total_1,events_2,total_2\n"
                     "A 2001,X vs Y,Death,5,10,2,10\n")
    _run(capsys, "import", project, data, "--reviewer", "Ann")
    _run(capsys, "import", project, other, "--reviewer", "Bob")
    out = tmp_path / "out.csv"
    assert _run(capsys, "export", project, "--to", "csv", "--out", out)[0] == 0
    text = out.read_text()
    assert "'=HYPERLINK" in text and ",,10,2,10," in text
    _run(capsys, "export", project, "--to", "csv", "--out", out, "--reviewer", "Bob")
    assert ",5,10,2,10," in out.read_text()


def test_export_unknown_outcome_exits_2(tmp_path, capsys):
    project = tmp_path / "p.wbproj"
    _run(capsys, "import", project, SHARED / "ketamine_continuous.xlsx")
    code, _, err = _run(capsys, "export", project, "--to", "csv", "--out",
                        tmp_path / "x.csv", "--outcome", "Nope")
    assert code == 2 and "Nope" in err
