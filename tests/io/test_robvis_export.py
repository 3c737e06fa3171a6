"""robvis CSV export: exact columns, full labels (never NI), weights, file per tool x outcome."""

from __future__ import annotations

import csv

import pytest

from workbench.cli import main
from workbench.session.commands.rob import SetRobAnswer, SetRobEffect, SetRobJudgement
from workbench.session.project import Project
from workbench.session.rob import export_robvis

LOW = {"1.1": "Y", "1.2": "Y", "1.3": "N", "2.1": "N", "2.2": "PN", "2.6": "Y", "3.1": "Y",
       "4.1": "N", "4.2": "N", "4.3": "N", "5.1": "Y", "5.2": "N", "5.3": "PN"}


def assess(project, study: int, answers: dict, outcome: int = 1) -> None:
    project.execute(SetRobEffect(study, outcome, "rob2", effect="assignment"))
    for question, answer in answers.items():
        project.execute(SetRobAnswer(study, outcome, "rob2", question=question, answer=answer))


@pytest.fixture
def assessed(demo_path_without_rob):
    demo_path = demo_path_without_rob
    project = Project.open(demo_path)
    assess(project, 1, LOW)
    assess(project, 2, {**LOW, "1.2": "NI", "1.3": "PN"})  # T4: D1 Some concerns
    assess(project, 3, {k: v for k, v in LOW.items() if k != "5.1"})  # D5 unanswered
    project.execute(SetRobJudgement(1, 1, "rob2", domain="D4", judgement="High",
                                    override_reason="self-reported pain, unblinded"))
    project.close()
    return demo_path


def read(path) -> list[list[str]]:
    with open(path, newline="", encoding="utf-8") as handle:
        return list(csv.reader(handle))


def test_csv_layout_and_labels(assessed, tmp_path):
    project = Project.open(assessed)
    try:
        [path] = export_robvis(project, tmp_path / "rob.csv", outcome_id=1)
    finally:
        project.close()
    rows = read(path)
    assert rows[0] == ["Study", "D1", "D2", "D3", "D4", "D5", "Overall"]
    by_study = {r[0]: r[1:] for r in rows[1:]}
    assert by_study["Adeyemi 2010"] == ["Low", "Low", "Low", "High", "Low", "High"]
    assert by_study["Brandt 1994"] == ["Some concerns", "Low", "Low", "Low", "Low",
                                       "Some concerns"]
    assert by_study["Castellanos 1995"][4:] == ["No information", "No information"]
    assert all("NI" not in row for row in rows)


def test_cli_weighted_folder_export(assessed, tmp_path):
    out = tmp_path / "robvis"
    assert main(["export", str(assessed), "--to", "robvis", "--out", str(out),
                 "--weighted"]) == 0
    [path] = sorted(out.iterdir())
    assert path.name == "rob2_At_least_30%_pain_relief.csv".replace("%", "_")
    rows = read(path)
    assert rows[0][-1] == "Weight"
    weights = {r[0]: float(r[-1]) for r in rows[1:]}
    # Brandt 1994 is a double-zero study in the demo: it adds no weight to the analysis.
    assert weights["Brandt 1994"] == 0
    assert weights["Adeyemi 2010"] == pytest.approx(7.5878, abs=1e-3)


def test_cli_refuses_when_nothing_assessed(demo_path_without_rob, tmp_path, capsys):
    assert main(["export", str(demo_path_without_rob), "--to", "robvis", "--out",
                 str(tmp_path / "x")]) == 2
    assert "no risk-of-bias assessments" in capsys.readouterr().err
