"""`workbench merge`, `conflicts` and `agreement`: the JSON documents and exit codes of cli.md."""

import json
import sqlite3
from pathlib import Path

import pytest

from workbench.cli import main
from workbench.session.project import Project

COMPARISON = "Ketamine vs placebo"


def _project(path: Path, reviewer: str, rows: list[tuple], fill) -> Path:
    """rows: (comparison, outcome, study, {field: value}); 'year' is study-level."""
    project = Project.create(path)
    fill(project.store, reviewer, rows)
    project.close()
    return path


@pytest.fixture
def two(tmp_path, fill_values):
    ann = _project(tmp_path / "ann.wbproj", "Ann", [
        (COMPARISON, "Pain", "Smith 2001", {"events_1": 10, "total_1": 50, "year": 2001}),
        (COMPARISON, "Nausea", "Smith 2001", {"events_1": 4}),
        ("Other comparison", "Pain", "Smith 2001", {"events_1": 1})], fill_values)
    bob = _project(tmp_path / "bob.wbproj", "Bob", [
        (COMPARISON, "Pain", "Smith 2001", {"events_1": 12, "total_1": 50, "year": 2002}),
        (COMPARISON, "Nausea", "Smith 2001", {"events_1": None}),
        ("Other comparison", "Pain", "Smith 2001", {"events_1": 1})], fill_values)
    return ann, bob


def _json(capsys, *argv) -> tuple[int, dict]:
    code = main([*map(str, argv), "--json"])
    return code, json.loads(capsys.readouterr().out)


def test_merge_then_conflicts_then_merge_again(two, capsys):
    ann, bob = two
    code, counts = _json(capsys, "merge", ann, bob)
    # Bob's 5 values: events_1 12 vs 10, year 2002 vs 2001, Nausea NR vs 4 differ;
    # total_1 50 and the other comparison's events_1 1 agree.
    assert code == 0
    assert counts["values_added"] == 2 and counts["conflicts_added"] == 3
    assert counts["unchanged"] == 0
    code, doc = _json(capsys, "conflicts", ann)
    assert code == 0
    entries = {(e["outcome"], e["field"]): e for e in doc["conflicts"]}
    assert set(entries) == {("Pain", "events_1"), ("Nausea", "events_1"), (None, "year")}
    pain = entries[("Pain", "events_1")]
    assert {k: pain[k] for k in ("study", "comparison", "values", "resolved")} == {
        "study": "Smith 2001", "comparison": COMPARISON,
        "values": {"Ann": 10, "Bob": 12}, "resolved": False}
    assert entries[("Nausea", "events_1")]["values"] == {"Ann": 4, "Bob": None}
    assert entries[(None, "year")]["comparison"] is None
    code, again = _json(capsys, "merge", ann, bob)
    assert again["values_added"] == again["conflicts_added"] == 0 and again["unchanged"] == 5


def test_conflicts_of_one_outcome_needs_comparison_when_ambiguous(two, capsys):
    ann, bob = two
    main(["merge", str(ann), str(bob)])
    capsys.readouterr()
    code, doc = _json(capsys, "conflicts", ann, "--outcome", "Pain")
    assert code == 2 and "--comparison" in doc["error"]
    code, doc = _json(capsys, "conflicts", ann, "--outcome", "Pain", "--comparison", COMPARISON)
    assert code == 0
    # The outcome's own cell, and the study-level year of its study.
    assert sorted(e["field"] for e in doc["conflicts"]) == ["events_1", "year"]
    code, doc = _json(capsys, "conflicts", ann, "--outcome", "Nausea")
    assert code == 0 and len(doc["conflicts"]) == 2
    code, doc = _json(capsys, "conflicts", ann, "--outcome", "Nope")
    assert code == 2 and "Nope" in doc["error"]


def test_resolved_conflicts_only_with_all(two, capsys):
    from workbench.session.commands.resolve import ResolveConflict
    from workbench.session.dual import list_conflicts

    ann, bob = two
    main(["merge", str(ann), str(bob)])
    project = Project.open(ann, backup=False)
    project.set_reviewer("Ann")
    year = next(c for c in list_conflicts(project) if c.field == "year")
    project.execute(ResolveConflict(year.key, 2002, "Trial registry"))
    project.close()
    capsys.readouterr()
    _, doc = _json(capsys, "conflicts", ann)
    assert "year" not in [e["field"] for e in doc["conflicts"]]
    _, doc = _json(capsys, "conflicts", ann, "--all")
    resolved = next(e for e in doc["conflicts"] if e["field"] == "year")
    assert resolved["resolved"] is True and resolved["value"] == 2002
    assert resolved["reason"] == "Trial registry" and resolved["by"] == "Ann"


def test_agreement_json(two, capsys):
    ann, bob = two
    main(["merge", str(ann), str(bob)])
    capsys.readouterr()
    code, doc = _json(capsys, "agreement", ann)
    assert code == 0
    # Compared cells: Pain events_1, total_1; Nausea events_1; other events_1; year = 5;
    # agreeing: total_1 and the other comparison's events_1 = 2 -> 40%.
    assert doc == {"reviewers": ["Ann", "Bob"],
                   "extraction": {"cells_compared": 5, "cells_agreed": 2, "percent": 40.0},
                   "rob": {}, "grade": {}}


def test_refused_file_is_exit_2_and_changes_nothing(two, capsys, tmp_path):
    ann, bob = two
    conn = sqlite3.connect(bob)
    conn.execute("CREATE TRIGGER t AFTER INSERT ON studies BEGIN SELECT 1; END")
    conn.commit()
    conn.close()
    before = (ann.read_bytes(), bob.read_bytes())
    code, doc = _json(capsys, "merge", ann, bob)
    assert code == 2 and "trigger" in doc["error"]
    assert (ann.read_bytes(), bob.read_bytes()) == before
    code, doc = _json(capsys, "merge", tmp_path / "absent.wbproj", ann)
    assert code == 2 and "no such file" in doc["error"]


def test_human_output(two, capsys):
    ann, bob = two
    assert main(["merge", str(ann), str(bob)]) == 0
    assert "3 conflicts to resolve" in capsys.readouterr().out
    assert main(["conflicts", str(ann)]) == 0
    out = capsys.readouterr().out
    assert "Smith 2001" in out and "Bob: NR" in out and "3 unresolved" in out
    assert main(["agreement", str(ann)]) == 0
    assert "2 of 5 cells agree (40.0%)" in capsys.readouterr().out
