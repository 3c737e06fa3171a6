"""Dual extraction in the session: merge as one undo step, resolving, agreement, blind mode."""

import shutil
import sqlite3
from pathlib import Path

import pytest

from workbench.core.model import AnalysisSettings, DataType
from workbench.session.analysis import load_outcome
from workbench.session.commands.merging import MergeProject
from workbench.session.commands.resolve import ResolveConflict, SetStudyFinished
from workbench.session.commands.structure import CommandError
from workbench.session.dual import agreement, hidden_for, key_from_text, list_conflicts
from workbench.session.project import Project

COMPARISON, OUTCOME = "Ketamine vs placebo", "Pain relief"


def _fill(project: Project, reviewer: str, rows: dict, judgements: dict | None = None) -> None:
    """rows: study -> {field: value}; judgements: study -> rob2 D1 judgement."""
    store = project.store
    with store.db.atomic():
        rid = store.reviewer_id(reviewer) or store.add_reviewer(reviewer)
        cid = store.comparison_id(COMPARISON) or store.add_comparison(COMPARISON)
        oid = store.outcome_id(cid, OUTCOME) or store.add_outcome(
            cid, OUTCOME, DataType.DICHOTOMOUS, AnalysisSettings(measure="RR", method="FE"))
        for study, values in rows.items():
            sid = store.study_id(study) or store.add_study(study)
            result = store.result_id(sid, oid) or store.add_result(sid, oid)
            for name, value in values.items():
                if name == "year":
                    store.set_study_value(sid, rid, name, value)
                else:
                    store.set_value(result, rid, name, value)
        for study, judgement in (judgements or {}).items():
            # RoB 2's D1 is shared by a study's results: it lives on the study-level row.
            aid = store.execute(
                "INSERT INTO rob_assessments (reviewer_id, tool_id, tool_version, study_id, "
                "outcome_id, updated_at) VALUES (?, 'rob2', '1', ?, NULL, 'x')",
                [rid, store.study_id(study)]).lastrowid
            store.execute("INSERT INTO rob_judgements (assessment_id, domain, judgement) "
                          "VALUES (?, 'D1', ?)", [aid, judgement])


def _dump(project: Project) -> dict:
    conn = project.store.db.conn
    tables = [t for (t,) in conn.execute(
        "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' "
        "AND name NOT IN ('audit_log', '_sqlite_migrations')")]
    return {t: sorted(map(repr, conn.execute(f"SELECT * FROM {t}"))) for t in tables}


ANN = {"Smith 2001": {"events_1": 10, "total_1": 50, "events_2": 5, "total_2": 50,
                      "year": 2001},
       "Jones 2003": {"events_1": 3, "total_1": 30, "events_2": 6, "total_2": 30}}
BOB = {"Smith 2001": {"events_1": 12, "total_1": 50, "events_2": 5, "total_2": 50,
                      "year": 2002},
       "Jones 2003": {"events_1": 3, "total_1": 30, "events_2": None, "total_2": 30}}


@pytest.fixture
def pair(tmp_path) -> tuple[Project, Path]:
    """Ann's project open, and Bob's copy of it on disk."""
    ann = Project.create(tmp_path / "ann.wbproj")
    ann.set_reviewer("Ann")
    other = Project.create(tmp_path / "bob.wbproj")
    _fill(other, "Bob", BOB)
    other.close()
    _fill(ann, "Ann", ANN)
    yield ann, tmp_path / "bob.wbproj"
    ann.close()


def test_merge_is_one_command_undo_and_redo(pair):
    ann, bob = pair
    before = _dump(ann)
    command = MergeProject(bob)
    ann.execute(command)
    # Bob's 9 values (Smith 4 + year, Jones 4); 3 differ from Ann's: events_1 12 vs 10,
    # year 2002 vs 2001, events_2 NR vs 6; the other 6 are added and agree.
    assert command.counts == {"values_added": 6, "conflicts_added": 3, "unchanged": 0,
                              "consensus_differing": 0}
    after = _dump(ann)
    ann.undo()
    assert _dump(ann) == before
    ann.redo()
    assert _dump(ann) == after
    assert ann.history.undo_label() == "Merge project"


def test_conflicts_are_listed_per_cell_with_each_side(pair):
    ann, bob = pair
    ann.execute(MergeProject(bob))
    found = {(c.study, c.field): c.values for c in list_conflicts(ann)}
    assert found == {("Smith 2001", "events_1"): {"Ann": 10.0, "Bob": 12.0},
                     ("Jones 2003", "events_2"): {"Ann": 6.0, "Bob": None},
                     ("Smith 2001", "year"): {"Ann": 2001.0, "Bob": 2002.0}}
    year = next(c for c in list_conflicts(ann) if c.field == "year")
    assert year.to_json()["comparison"] is None and year.to_json()["outcome"] is None


def _conflict(project: Project, study: str, name: str):
    return next(c for c in list_conflicts(project, include_resolved=True)
                if c.study == study and c.field == name)


def test_resolve_undo_redo_and_analyses_use_the_consensus(pair):
    ann, bob = pair
    ann.execute(MergeProject(bob))
    cell = _conflict(ann, "Smith 2001", "events_1")
    oid = cell.outcome_id
    smith = lambda: next(r for r in load_outcome(ann.store, oid).rows  # noqa: E731
                         if r.study == "Smith 2001")
    assert smith().value("events_1") is None  # a conflict: no value for the analysis
    ann.execute(ResolveConflict(cell.key, 11, "Table 2 of the full report"))
    assert smith().value("events_1") == 11.0
    resolved = _conflict(ann, "Smith 2001", "events_1")
    assert resolved.resolved and resolved.consensus[1:4:2] == ("Ann", "Table 2 of the full report")
    assert not any(c.field == "events_1" for c in list_conflicts(ann))
    ann.undo()
    assert smith().value("events_1") is None
    assert not _conflict(ann, "Smith 2001", "events_1").resolved
    ann.redo()
    assert smith().value("events_1") == 11.0
    entries = [e[2] for e in ann.store.audit_entries()]
    assert entries[:3] == ["ResolveConflict"] * 3  # apply, undo and redo are all logged


def test_resolving_again_and_undo_restores_the_first_consensus(pair):
    ann, bob = pair
    ann.execute(MergeProject(bob))
    key = _conflict(ann, "Smith 2001", "year").key
    ann.execute(ResolveConflict(key, 2001, "Publication year"))
    ann.execute(ResolveConflict(key, 2002, "Year of the final report"))
    assert ann.store.study_years()[key[1]] == 2002
    ann.undo()
    assert ann.store.study_years()[key[1]] == 2001
    assert _conflict(ann, "Smith 2001", "year").consensus[3] == "Publication year"


@pytest.mark.parametrize("reason", ["", "   ", None])
def test_blank_reason_is_refused_and_nothing_changes(pair, reason):
    ann, bob = pair
    ann.execute(MergeProject(bob))
    before, log = _dump(ann), len(ann.store.audit_entries())
    key = _conflict(ann, "Smith 2001", "events_1").key
    with pytest.raises(CommandError, match="reason"):
        ann.execute(ResolveConflict(key, 10, reason))
    assert _dump(ann) == before and len(ann.store.audit_entries()) == log
    assert ann.history.undo_label() == "Merge project"


def test_key_text_round_trip(pair):
    ann, bob = pair
    ann.execute(MergeProject(bob))
    for conflict in list_conflicts(ann):
        assert key_from_text(conflict.to_json()["key"]) == conflict.key


def test_agreement_document(tmp_path):
    project = Project.create(tmp_path / "a.wbproj")
    _fill(project, "Ann", ANN, {"Smith 2001": "Low", "Jones 2003": "High"})
    studies = {f"S{i}": {"events_1": i} for i in range(4)}
    _fill(project, "Ann", studies, {"S0": "Low", "S1": "Low", "S2": "High", "S3": "High"})
    _fill(project, "Bob", BOB, {"Smith 2001": "Low", "Jones 2003": "Low"})
    _fill(project, "Bob", studies, {"S0": "Low", "S1": "High", "S2": "High", "S3": "High"})
    doc = agreement(project)
    assert doc["reviewers"] == ["Ann", "Bob"]
    # Compared: Smith 4 fields + year, Jones 4 fields, S0-S3 events_1 = 13; differing:
    # Smith events_1, Smith year, Jones events_2 -> 10 agree.
    assert doc["extraction"] == {"cells_compared": 13, "cells_agreed": 10,
                                 "percent": pytest.approx(100 * 10 / 13)}
    d1 = doc["rob"]["rob2"]["D1"]
    # Pairs (Ann, Bob): Smith (L,L), Jones (H,L), S0 (L,L), S1 (L,H), S2 (H,H), S3 (H,H).
    # po = 4/6; Ann: L 3, H 3; Bob: L 3, H 3 -> pe = 0.5*0.5 + 0.5*0.5 = 0.5;
    # kappa = (2/3 - 1/2) / (1/2) = 1/3.
    assert d1["n"] == 6
    assert d1["percent"] == pytest.approx(200 / 3)
    assert d1["kappa"] == pytest.approx(1 / 3)
    assert d1["kappa_ci_lower"] < 1 / 3 < d1["kappa_ci_upper"]
    project.close()


def test_blind_mode_hides_until_both_finished(pair):
    ann, bob = pair
    ann.execute(MergeProject(bob))
    smith = ann.store.study_id("Smith 2001")
    assert hidden_for(ann, "Ann", smith) and hidden_for(ann, "Bob", smith)
    ann.execute(SetStudyFinished(smith))  # Ann has finished
    assert hidden_for(ann, "Ann", smith)
    ann.set_reviewer("Bob")
    ann.execute(SetStudyFinished(smith))
    assert not hidden_for(ann, "Ann", smith) and not hidden_for(ann, "Bob", smith)
    ann.undo()  # Bob reopens: hidden again
    assert hidden_for(ann, "Ann", smith)
    ann.redo()
    assert not hidden_for(ann, "Bob", smith)


def test_blind_mode_nothing_to_hide_for_a_single_reviewer(tmp_path):
    project = Project.create(tmp_path / "solo.wbproj")
    _fill(project, "Ann", ANN)
    assert not hidden_for(project, "Ann", project.store.study_id("Smith 2001"))
    project.close()


def test_refused_merge_leaves_project_and_history_untouched(pair, tmp_path):
    ann, _ = pair
    foreign = tmp_path / "foreign.sqlite"
    conn = sqlite3.connect(foreign)
    conn.execute("CREATE TABLE x (y)")
    conn.close()
    before = _dump(ann)
    with pytest.raises(Exception, match="not an Evidence Workbench project"):
        ann.execute(MergeProject(foreign))
    assert _dump(ann) == before and ann.history.undo_label() is None
    shutil.rmtree(tmp_path / "ann.backups", ignore_errors=True)
