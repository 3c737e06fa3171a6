"""Merging a colleague's copy brings their certainty judgements in, as conflicts where they
differ, with snapshots that stay fresh on the same data."""

from __future__ import annotations

import pytest

from workbench.session.certainty import grade_report
from workbench.session.commands.certainty import SetCertaintyJudgement
from workbench.session.commands.merging import MergeProject
from workbench.session.dual import list_conflicts
from workbench.session.project import Project

COMP = "Drug versus placebo"
# Bob's copy adds its studies in the other order, so its study ids differ from Ann's.
ROWS = [(COMP, "Death", s, {"events_1": e1, "total_1": 100, "events_2": e2, "total_2": 100})
        for s, e1, e2 in (("A", 10, 20), ("B", 12, 25))]


def copy(tmp_path, fill_values, name: str, rows, level: int):
    path = tmp_path / f"{name}.wbproj"
    project = Project.create(path)
    fill_values(project.store, name, rows)
    project.set_reviewer(name)
    oid = project.store.outcomes()[0].id
    project.execute(SetCertaintyJudgement(oid, "imprecision", level, f"{name}'s reason"))
    project.close()
    return path


@pytest.fixture
def ann(tmp_path, fill_values):
    return copy(tmp_path, fill_values, "Ann", ROWS, -1)


def merge(path, other):
    project = Project.open(path)
    command = MergeProject(other)
    project.execute(command)
    return project, command.counts


def test_differing_judgement_becomes_a_conflict_and_stays_fresh(ann, tmp_path, fill_values):
    bob = copy(tmp_path, fill_values, "Bob", list(reversed(ROWS)), -2)
    project, counts = merge(ann, bob)
    try:
        assert counts["conflicts_added"] == 1
        found = [c for c in list_conflicts(project) if c.field == "grade:imprecision"]
        assert found and found[0].values == {"Ann": -1, "Bob": -2}
        bobs = grade_report(project.store, reviewer="Bob")["outcomes"][0]["domains"]
        assert (bobs["imprecision"]["judged"], bobs["imprecision"]["stale"]) == (-2, False)
        project.undo()
        assert project.store.one("SELECT COUNT(*) FROM certainty_judgements") == 1
    finally:
        project.close()
    project, _ = merge(ann, bob)
    project.close()
    project, third = merge(ann, bob)  # the same file twice changes nothing the second time
    try:
        assert third["values_added"] == third["conflicts_added"] == 0
    finally:
        project.close()


def test_same_judgement_is_unchanged(ann, tmp_path, fill_values):
    other = tmp_path / "copy.wbproj"
    other.write_bytes(ann.read_bytes())
    project, counts = merge(ann, other)
    try:
        assert counts["conflicts_added"] == 0 and counts["unchanged"] >= 1
        assert project.store.one("SELECT COUNT(*) FROM certainty_judgements") == 1
    finally:
        project.close()
