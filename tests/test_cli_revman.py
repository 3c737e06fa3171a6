"""`workbench import PROJECT REVIEW.rm5|PACKAGE` and `export --to rm5|revman-web` (docs/cli-
additions/revman.md): exit codes, JSON, messages, nothing changed on refusal."""

from __future__ import annotations

import json
import sqlite3
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent / "io"))
from rm5_canonical import REVMAN_FILES  # noqa: E402

from workbench.cli import main  # noqa: E402

FLEISS = REVMAN_FILES / "Fleiss1993.rm5"


def _rows(project: Path) -> dict:
    """Every row of every table but the audit log and the migrations' bookkeeping."""
    with sqlite3.connect(f"file:{project}?mode=ro", uri=True) as db:
        names = [n for (n,) in db.execute("SELECT name FROM sqlite_master WHERE type = "
                                           "'table' AND name NOT LIKE '%migrations'")]
        return {n: sorted(map(repr, db.execute(f"SELECT * FROM {n}"))) for n in names
                if n != "audit_log"}


def _run(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_import_rm5_json_reports_the_cached_results_check(tmp_path, capsys):
    """Fleiss1993.rm5: 1 analysed outcome (51 cached values), the SMD outcome has none."""
    code, out, _ = _run(capsys, "import", tmp_path / "p.wbproj", FLEISS, "--json")
    doc = json.loads(out)
    assert code == 0
    assert (doc["comparisons_added"], doc["outcomes_added"], doc["studies_added"]) == (1, 2, 12)
    assert doc["cached_results"]["checks"] == 51
    assert doc["cached_results"]["differences"] == []
    assert doc["cached_results"]["outcomes_without_cached_results"] == [
        "Examples from Fleiss (1993) > Mental Health Treatment versus Control"]


def test_import_summary_says_no_differences(tmp_path, capsys):
    code, out, _ = _run(capsys, "import", tmp_path / "p.wbproj", FLEISS)
    assert code == 0 and "compared 51 cached values: no differences" in out


def test_dry_run_changes_nothing(tmp_path, capsys):
    project = tmp_path / "p.wbproj"
    code, out, _ = _run(capsys, "import", project, FLEISS, "--dry-run", "--json")
    assert code == 0 and json.loads(out)["outcomes_added"] == 2 and not project.exists()


def test_bad_rm5_exits_2_naming_file_and_line_and_creates_nothing(tmp_path, capsys):
    bad = tmp_path / "cut.rm5"
    bad.write_bytes(FLEISS.read_bytes()[:9000])
    project = tmp_path / "p.wbproj"
    code, out, err = _run(capsys, "import", project, bad, "--json")
    assert code == 2 and not project.exists()
    assert "cut.rm5: line" in err and "not well-formed" in json.loads(out)["error"]


def test_second_import_is_refused_and_changes_nothing(tmp_path, capsys):
    project = tmp_path / "p.wbproj"
    _run(capsys, "import", project, FLEISS)
    before = _rows(project)
    code, _, err = _run(capsys, "import", project, FLEISS)
    assert code == 2 and "already has a comparison" in err
    assert _rows(project) == before


def test_export_rm5_and_revman_web(tmp_path, capsys):
    project = tmp_path / "p.wbproj"
    _run(capsys, "import", project, FLEISS)
    code, out, _ = _run(capsys, "export", project, "--to", "rm5", "--out", tmp_path / "x.rm5",
                        "--json")
    assert code == 0 and json.loads(out)["outcomes"] == 2
    assert (tmp_path / "x.rm5").read_bytes().startswith(b"<?xml")
    code, out, _ = _run(capsys, "export", project, "--to", "revman-web", "--out",
                        tmp_path / "CD000042-dataPackage.zip", "--json")
    assert code == 0 and json.loads(out)["files"] == [str(tmp_path / "CD000042-dataPackage.zip")]
    code, out, _ = _run(capsys, "import", tmp_path / "q.wbproj",
                        tmp_path / "CD000042-dataPackage.zip", "--json")
    assert code == 0 and json.loads(out)["cached_results"]["differences"] == []


def test_export_to_a_missing_folder_exits_2(tmp_path, capsys):
    project = tmp_path / "p.wbproj"
    _run(capsys, "import", project, FLEISS)
    code, _, err = _run(capsys, "export", project, "--to", "rm5", "--out",
                        tmp_path / "no" / "x.rm5")
    assert code == 2 and "x.rm5" in err
