"""`workbench export --to xlsx|metafor`: JSON, round trip through import, errors naming files."""

import csv
import json
from collections import defaultdict

import openpyxl
import pytest

from workbench.cli import main


def _run(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def _by_outcome(path):
    """CSV rows grouped by comparison x outcome, in file order within each outcome."""
    with path.open(encoding="utf-8", newline="") as handle:
        header, *rows = list(csv.reader(handle))
    groups = defaultdict(list)
    for row in rows:
        groups[(row[0], row[1])].append(row)
    return header, dict(groups)


def _round_trip(capsys, tmp_path, project, *extra):
    """Export csv and xlsx; import each data sheet into a new project; export that as csv."""
    original, book = tmp_path / "original.csv", tmp_path / "data.xlsx"
    assert _run(capsys, "export", project, "--to", "csv", "--out", original, *extra)[0] == 0
    code, out, _ = _run(capsys, "export", project, "--to", "xlsx", "--out", book, "--json",
                        *extra)
    assert code == 0
    doc = json.loads(out)
    copy = tmp_path / "copy.wbproj"
    for sheet in doc["sheets"]:
        if sheet not in ("Results", "Characteristics"):  # not data sheets
            code, out, err = _run(capsys, "import", copy, book, "--sheet", sheet, "--json")
            assert code == 0, err
            assert json.loads(out)["problems"] == []
    again = tmp_path / "again.csv"
    assert _run(capsys, "export", copy, "--to", "csv", "--out", again)[0] == 0
    return doc, _by_outcome(original), _by_outcome(again)


def test_xlsx_round_trip_through_import_changes_nothing(demo_path, tmp_path, capsys):
    doc, first, second = _round_trip(capsys, tmp_path, demo_path)
    assert doc["out"] == str(tmp_path / "data.xlsx") and doc["rows"] == 65
    assert doc["sheets"] == {"Dichotomous": 52, "Continuous": 13, "Results": 5,
                            "Characteristics": 13}
    # Importing sheet by sheet creates the outcomes in sheet order, so compare per outcome.
    assert first == second


def test_xlsx_round_trip_keeps_formula_like_text_inert(tmp_path, capsys):
    project, data = tmp_path / "p.wbproj", tmp_path / "in.csv"
    data.write_text("study,comparison,outcome,events_1,total_1,events_2,total_2,notes\n"
                    "-Smith 2001,X vs Y,Death,1,10,2,10,\"=HYPERLINK(\"\"http://x\"\")\"\n"
                    "@Jones 2002,X vs Y,Death,3,12,0,11,+44 notes\n", encoding="utf-8")
    assert _run(capsys, "import", project, data)[0] == 0
    doc, first, second = _round_trip(capsys, tmp_path, project)
    assert first == second and doc["sheets"] == {"Dichotomous": 2, "Results": 1,
                                             "Characteristics": 2}
    sheet = openpyxl.load_workbook(tmp_path / "data.xlsx")["Dichotomous"]
    texts = {c.value: c.data_type for row in sheet.iter_rows(min_row=2) for c in row
             if isinstance(c.value, str) and c.value.startswith("'")}
    assert texts == {"'-Smith 2001": "s", "'=HYPERLINK(\"http://x\")": "s", "'@Jones 2002": "s",
                     "'+44 notes": "s"}


def test_xlsx_results_sheet_matches_analyse(demo_path, tmp_path, capsys):
    out = tmp_path / "r.xlsx"
    assert _run(capsys, "export", demo_path, "--to", "xlsx", "--out", out,
                "--outcome", "Withdrawals")[0] == 0
    code, text, _ = _run(capsys, "analyse", demo_path, "--outcome", "Withdrawals", "--json")
    result = json.loads(text)["outcomes"][0]["result"]
    header, values = openpyxl.load_workbook(out)["Results"].iter_rows(values_only=True)
    row = dict(zip(header, values, strict=True))
    assert row["outcome"] == "Withdrawals" and row["k"] == result["k"]
    assert row["estimate"] == pytest.approx(result["exp"]["estimate"], rel=1e-14)
    assert row["ci_upper"] == pytest.approx(result["exp"]["ci_upper"], rel=1e-14)
    assert row["Q p"] == pytest.approx(result["q_p"], rel=1e-14)


def test_metafor_script_json_and_filters(demo_path, tmp_path, capsys):
    out = tmp_path / "analysis.R"
    code, text, _ = _run(capsys, "export", demo_path, "--to", "metafor", "--out", out, "--json")
    assert code == 0 and json.loads(text) == {"out": str(out), "outcomes": 5, "rows": 65}
    script = out.read_text(encoding="utf-8")
    assert script.count("<- data.frame(") == 5 and "Dąbrowski 2004" in script
    code, text, _ = _run(capsys, "export", demo_path, "--to", "metafor", "--out", out,
                         "--outcome", "Withdrawals")
    assert code == 0 and "Wrote the metafor script of 1 outcomes" in text
    script = out.read_text(encoding="utf-8")
    assert script.count("<- data.frame(") == 1 and "Withdrawals" in script


def test_metafor_with_hostile_study_label(tmp_path, capsys):
    project, data = tmp_path / "p.wbproj", tmp_path / "in.csv"
    data.write_text('study,comparison,outcome,estimate,se\n'
                    '"O\'Brien ""quoted"" \\ 2001",A vs B,Pain,0.5,0.1\n', encoding="utf-8")
    assert _run(capsys, "import", project, data)[0] == 0
    out = tmp_path / "x.R"
    assert _run(capsys, "export", project, "--to", "metafor", "--out", out)[0] == 0
    script = out.read_text(encoding="utf-8")
    assert 'study = c("O\'Brien \\"quoted\\" \\\\ 2001"),' in script
    assert "estimate = c(0.5)," in script and "se = c(0.1)," in script


def test_reviewer_option_uses_that_reviewers_values(tmp_path, capsys):
    project = tmp_path / "p.wbproj"
    for name, events in (("Ann", 1), ("Bob", 5)):
        data = tmp_path / f"{name}.csv"
        data.write_text("study,comparison,outcome,events_1,total_1,events_2,total_2\n"
                        f"A 2001,X vs Y,Death,{events},10,2,10\n")
        assert _run(capsys, "import", project, data, "--reviewer", name)[0] == 0
    out = tmp_path / "x.R"
    _run(capsys, "export", project, "--to", "metafor", "--out", out)
    assert "events_1 = c(NA)," in out.read_text()  # the conflicting cell
    _run(capsys, "export", project, "--to", "metafor", "--out", out, "--reviewer", "Bob")
    assert "events_1 = c(5)," in out.read_text() and "reviewer Bob's own values" in out.read_text()
    book = tmp_path / "x.xlsx"
    assert _run(capsys, "export", project, "--to", "xlsx", "--out", book,
                "--reviewer", "Ann")[0] == 0
    header, values = openpyxl.load_workbook(book)["Dichotomous"].iter_rows(values_only=True)
    assert dict(zip(header, values, strict=True))["events_1"] == 1


@pytest.mark.parametrize("fmt", ["xlsx", "metafor"])
def test_unwritable_path_exits_2_naming_the_file(demo_path, tmp_path, capsys, fmt):
    target = tmp_path / "missing" / "folder" / f"out.{fmt}"
    code, out, err = _run(capsys, "export", demo_path, "--to", fmt, "--out", target, "--json")
    assert code == 2 and str(target) in err and str(target) in json.loads(out)["error"]
    assert not target.parent.exists()


@pytest.mark.parametrize("fmt", ["xlsx", "metafor"])
def test_out_is_a_folder_exits_2_and_leaves_no_temporary(demo_path, tmp_path, capsys, fmt):
    folder = tmp_path / "already_a_folder"
    folder.mkdir()
    code, _, err = _run(capsys, "export", demo_path, "--to", fmt, "--out", folder)
    assert code == 2 and str(folder) in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["already_a_folder", "demo.wbproj"]


@pytest.mark.parametrize("fmt", ["xlsx", "metafor"])
def test_unknown_outcome_or_reviewer_exits_2_and_writes_nothing(demo_path, tmp_path, capsys,
                                                                 fmt):
    out = tmp_path / "x.out"
    code, _, err = _run(capsys, "export", demo_path, "--to", fmt, "--out", out,
                        "--outcome", "Nope")
    assert code == 2 and "Nope" in err and not out.exists()
    code, _, err = _run(capsys, "export", demo_path, "--to", fmt, "--out", out,
                        "--reviewer", "Zed")
    assert code == 2 and "Zed" in err and not out.exists()


def test_missing_project_exits_2(tmp_path, capsys):
    code, _, err = _run(capsys, "export", tmp_path / "none.wbproj", "--to", "xlsx", "--out",
                        tmp_path / "x.xlsx")
    assert code == 2 and "none.wbproj" in err
