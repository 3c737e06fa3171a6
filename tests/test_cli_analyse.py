"""`workbench analyse`: each outcome with its stored settings, per reviewer or agreed values."""

from __future__ import annotations

import json

import pytest

from workbench.cli import main
from workbench.core.meta import run_meta
from workbench.session.analysis import load_outcome
from workbench.session.project import Project


def _analyse(capsys, *args: str) -> dict:
    assert main(["analyse", *args, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_every_outcome_is_analysed_with_its_settings(demo_path, capsys):
    doc = _analyse(capsys, str(demo_path))
    assert [o["outcome"] for o in doc["outcomes"]] == [
        "At least 30% pain relief", "Pain intensity (0-10)", "Any adverse event",
        "Psychotomimetic adverse events", "Withdrawals"]
    first = doc["outcomes"][0]
    assert first["comparison"] == "Ketamine versus placebo"
    assert first["settings"]["method"] == "REML" and first["result"]["method"] == "REML"
    assert first["result"]["subgroups"], "the demo's conditions are subgroups"


def test_result_is_what_the_engine_computes(demo_path, capsys):
    doc = _analyse(capsys, str(demo_path), "--outcome", "Withdrawals")
    project = Project.open(demo_path, read_only=True)
    data = load_outcome(project.store, 5)
    project.close()
    rows = data.study_rows()
    expected = run_meta(rows, data.outcome.data_type, data.outcome.settings, subgroups=True)
    assert doc["outcomes"][0]["result"]["estimate"] == pytest.approx(expected.estimate,
                                                                     abs=1e-12)


def test_conflicting_cells_are_left_out_until_resolved(demo_path, capsys):
    """Brandt 1994's responders differ between the demo's reviewers (5 against 7)."""
    agreed = _analyse(capsys, str(demo_path), "--outcome", "At least 30% pain relief")
    a = _analyse(capsys, str(demo_path), "--outcome", "At least 30% pain relief",
                 "--reviewer", "Reviewer A")
    b = _analyse(capsys, str(demo_path), "--outcome", "At least 30% pain relief",
                 "--reviewer", "Reviewer B")
    brandt = [s for s in agreed["outcomes"][0]["result"]["studies"]
              if s["study"] == "Brandt 1994"][0]
    assert brandt["included"] is False and brandt["disputed"] is True
    assert "disagree" in brandt["reason"]
    est_a = a["outcomes"][0]["result"]["estimate"]
    est_b = b["outcomes"][0]["result"]["estimate"]
    assert est_a != pytest.approx(est_b)


def test_unknown_outcome_or_reviewer_is_exit_2(demo_path, capsys):
    assert main(["analyse", str(demo_path), "--outcome", "Sleep"]) == 2
    assert "available outcomes" in capsys.readouterr().err
    assert main(["analyse", str(demo_path), "--reviewer", "Nobody"]) == 2
    assert "no reviewer named" in capsys.readouterr().err


def test_missing_project_is_exit_2(tmp_path, capsys):
    assert main(["analyse", str(tmp_path / "none.wbproj")]) == 2
    assert "no such project" in capsys.readouterr().err


def test_empty_project_has_no_outcomes_and_that_is_fine(tmp_path, capsys):
    path = tmp_path / "empty.wbproj"
    assert main(["new", str(path)]) == 0
    capsys.readouterr()
    assert _analyse(capsys, str(path)) == {"outcomes": []}


def test_an_outcome_that_cannot_be_analysed_does_not_hide_the_others(demo_path, capsys):
    """HKSJ with Mantel-Haenszel is refused by the engine (cli.md: bad method pair)."""
    from dataclasses import replace

    from workbench.session.commands import SetAnalysisSettings

    project = Project.open(demo_path)
    settings = project.store.outcome(5).settings
    project.execute(SetAnalysisSettings(5, replace(settings, method="MH", hksj=True)))
    project.close()
    doc = _analyse(capsys, str(demo_path))
    broken = doc["outcomes"][4]
    assert broken["result"] is None and "MH" in broken["error"]
    assert all(o["result"] is not None for o in doc["outcomes"][:4])
