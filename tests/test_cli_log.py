"""`workbench log`: the audit trail filtered by study, outcome and reviewer (cli-additions)."""

from __future__ import annotations

import json

import pytest

from workbench.cli import main
from workbench.session.commands import CellEdit, EditCells
from workbench.session.commands.outline_studies import EditStudy
from workbench.session.project import Project


@pytest.fixture
def logged(demo_path):
    """The demo with three changes: Ann edits Adeyemi's value, Ben renames Brandt's design."""
    project = Project.open(demo_path)
    adeyemi = project.store.study_id("Adeyemi 2010")
    first = project.store.results(1)[0]
    project.set_reviewer("Ann")
    project.execute(EditCells([CellEdit(first["result_id"], 1, adeyemi, "events_1", 21.0)]))
    project.set_reviewer("Ben")
    brandt = project.store.study_id("Brandt 1994")
    project.execute(EditStudy(brandt, "Brandt 1994", "cross-over", ""))
    project.execute(EditStudy(brandt, "Brandt 1994", "RCT", "checked"))
    project.close()
    return demo_path


def _log(capsys, *args) -> list[dict]:
    assert main(["log", *args, "--json"]) == 0
    return json.loads(capsys.readouterr().out)["entries"]


def test_everything_newest_first(logged, capsys):
    entries = _log(capsys, str(logged))
    assert [e["reviewer"] for e in entries] == ["Ben", "Ben", "Ann"]
    # Ann had no value of her own before (the demo's values are Reviewer A's and B's).
    assert (entries[2]["before"], entries[2]["after"]) == ([None], [21.0])
    assert entries[2]["studies"] == ["Adeyemi 2010"]
    assert entries[2]["outcomes"] == ["At least 30% pain relief"]
    assert entries[0]["before"]["design"] == "cross-over"


def test_filters(logged, capsys):
    assert [e["reviewer"] for e in _log(capsys, str(logged), "--study", "Brandt 1994")] == [
        "Ben", "Ben"]
    assert [e["reviewer"] for e in _log(capsys, str(logged), "--outcome",
                                        "At least 30% pain relief")] == ["Ann"]
    assert [e["reviewer"] for e in _log(capsys, str(logged), "--reviewer", "Ann")] == ["Ann"]
    assert len(_log(capsys, str(logged), "--limit", "1")) == 1


def test_text_output_shows_before_and_after(logged, capsys):
    assert main(["log", str(logged), "--reviewer", "Ann"]) == 0
    out = capsys.readouterr().out
    assert "Ann" in out and "21.0" in out


@pytest.mark.parametrize("args, message", [
    (["--study", "Nobody 1999"], "no study named 'Nobody 1999'"),
    (["--outcome", "Mood"], "no outcome named 'Mood'"),
    (["--reviewer", "Zed"], "no reviewer named 'Zed'"),
])
def test_unknown_names_exit_2_and_say_which(logged, capsys, args, message):
    assert main(["log", str(logged), *args]) == 2
    assert message in capsys.readouterr().err
