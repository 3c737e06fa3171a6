"""Merging another reviewer's copy: field by field, never overwriting, idempotent, and safe."""

import shutil
import sqlite3
from pathlib import Path

import pytest

from workbench.core.model import AnalysisSettings, DataType
from workbench.session.project import Project
from workbench.storage.database import ProjectFileError
from workbench.storage.merge import merge_snapshot, undo_merge
from workbench.storage.snapshot import read_snapshot

COMPARISON, OUTCOME = "Ketamine vs placebo", "Pain relief"


def _result(store, study: str, outcome: str = OUTCOME) -> int:
    """The result (study x outcome) of two labels, created when missing."""
    sid = store.study_id(study) or store.add_study(study)
    cid = store.comparison_id(COMPARISON) or store.add_comparison(COMPARISON)
    oid = store.outcome_id(cid, outcome) or store.add_outcome(
        cid, outcome, DataType.DICHOTOMOUS, AnalysisSettings())
    return store.result_id(sid, oid) or store.add_result(sid, oid)


def _rid(store, name: str) -> int:
    return store.reviewer_id(name) or store.add_reviewer(name)


def _set(project, reviewer: str, study: str, values: dict, outcome: str = OUTCOME) -> None:
    store = project.store
    with store.db.atomic():
        rid, result = _rid(store, reviewer), _result(store, study, outcome)
        for name, value in values.items():
            if name == "year":
                store.set_study_value(store.study_id(study), rid, name, value)
            else:
                store.set_value(result, rid, name, value, source=f"{reviewer}'s sheet")


def _judge(project, reviewer: str, study: str, judgements: dict, answers: dict) -> None:
    """A RoB 2 assessment of the study's result (tests may write rows directly)."""
    store = project.store
    with store.db.atomic():
        rid, sid = _rid(store, reviewer), store.study_id(study)
        oid = store.outcome_id(store.comparison_id(COMPARISON), OUTCOME)
        aid = store.execute(
            "INSERT INTO rob_assessments (reviewer_id, tool_id, tool_version, study_id, "
            "outcome_id, overall_judgement, updated_at) VALUES (?, 'rob2', '1', ?, ?, ?, 'x')",
            [rid, sid, oid, judgements.pop("overall", None)]).lastrowid
        for domain, judgement in judgements.items():
            store.execute("INSERT INTO rob_judgements (assessment_id, domain, judgement) "
                          "VALUES (?, ?, ?)", [aid, domain, judgement])
        for question, answer in answers.items():
            store.execute("INSERT INTO rob_answers (assessment_id, question, answer) "
                          "VALUES (?, ?, ?)", [aid, question, answer])


def dump(path: Path) -> dict:
    """Every table's rows except ids and timestamps that differ between copies."""
    conn = sqlite3.connect(path)
    try:
        tables = [t for (t,) in conn.execute(
            "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' "
            "AND name NOT IN ('audit_log', '_sqlite_migrations')")]
        return {t: sorted(map(repr, conn.execute(f"SELECT * FROM {t}"))) for t in tables}
    finally:
        conn.close()


@pytest.fixture
def copies(tmp_path):
    """Ann's copy and Bob's copy of one starting project, then edited on both sides."""
    base = Project.create(tmp_path / "base.wbproj", "Ketamine review")
    _set(base, "Ann", "Smith 2001", {"events_1": 10, "total_1": 50, "year": 2001})
    base.close()
    shutil.copyfile(tmp_path / "base.wbproj", tmp_path / "ann.wbproj")
    shutil.copyfile(tmp_path / "base.wbproj", tmp_path / "bob.wbproj")
    ann = Project.open(tmp_path / "ann.wbproj", backup=False)
    _set(ann, "Ann", "Smith 2001", {"events_1": 11, "events_2": 8})  # Ann corrects herself
    _set(ann, "Ann", "Jones 2003", {"events_1": 3, "total_1": 30, "year": 2003})
    _judge(ann, "Ann", "Smith 2001", {"D1": "Low", "overall": "Low"}, {"1.1": "Y"})
    ann.close()
    bob = Project.open(tmp_path / "bob.wbproj", backup=False)
    _set(bob, "Bob", "Smith 2001", {"events_1": 11, "total_1": 52, "events_2": None,
                                    "year": 2001})
    _set(bob, "Bob", "Jones 2003", {"events_1": 3, "year": 2004, "notes": "ITT"})
    _set(bob, "Bob", "Lee 2010", {"events_1": 7, "total_1": 40})  # a study Ann lacks
    _set(bob, "Bob", "Lee 2010", {"events_1": 2}, outcome="Nausea")  # and an outcome
    _judge(bob, "Bob", "Smith 2001", {"D1": "High", "overall": "High"}, {"1.1": "N"})
    bob.close()
    return tmp_path / "ann.wbproj", tmp_path / "bob.wbproj"


def _merge(target: Path, other: Path):
    # The other file is checked and read before the target is opened: opening a project for
    # writing switches its journal mode, which rewrites its header even when nothing merges.
    snapshot = read_snapshot(other)
    project = Project.open(target, backup=False)
    try:
        with project.store.db.atomic():
            return merge_snapshot(project.store, snapshot)
    finally:
        project.close()


def test_merge_brings_values_in_and_turns_differences_into_conflicts(copies):
    ann, bob = copies
    log = _merge(ann, bob)
    # Bob's file holds 16 values and items. Ann's 3 base values: events_1 10 differs from
    # Ann's 11 -> kept as "Ann (merged)", a conflict; total_1 50 and year 2001 unchanged.
    # Bob's 13: conflicts where another value of the cell differs: Smith events_1 11 (vs
    # "Ann (merged)" 10), total_1 52 (vs 50), events_2 NR (vs 8), Jones year 2004 (vs 2003),
    # rob2 D1 High (vs Low), overall High (vs Low), 1.1 N (vs Y) -> 1 + 7 = 8 conflicts.
    # Added without conflict: Smith year 2001, Jones events_1 3, notes, Lee's 3 values = 6.
    assert log.counts == {"values_added": 6, "conflicts_added": 8, "unchanged": 2,
                          "consensus_differing": 0}
    project = Project.open(ann, backup=False)
    store = project.store
    assert {r.name for r in store.reviewers()} == {"Ann", "Bob", "Ann (merged)"}
    assert store.study_id("Lee 2010") is not None
    smith = _result(store, "Smith 2001")
    assert store.value(smith, store.reviewer_id("Ann"), "events_1")[0] == 11  # not overwritten
    assert store.value(smith, store.reviewer_id("Ann (merged)"), "events_1")[0] == 10
    assert store.value(smith, store.reviewer_id("Bob"), "events_2") == (None, None, "Bob's sheet")
    project.close()


def test_merging_the_same_file_twice_changes_nothing_the_second_time(copies):
    ann, bob = copies
    _merge(ann, bob)
    after_first = dump(ann)
    log = _merge(ann, bob)
    assert log.counts["values_added"] == log.counts["conflicts_added"] == 0
    assert log.counts["unchanged"] == 16
    assert dump(ann) == after_first


def test_merge_both_ways_gives_the_same_values(copies):
    ann, bob = copies
    shutil.copyfile(ann, ann.with_name("ann-before.wbproj"))
    _merge(ann, bob)
    _merge(bob, ann.with_name("ann-before.wbproj"))
    # Labels, reviewers and values agree; only "Ann (merged)" holds the other side's old value.
    for table in ("studies", "comparisons"):
        assert len(dump(ann)[table]) == len(dump(bob)[table])


def test_undo_removes_exactly_what_the_merge_added(copies):
    ann, bob = copies
    before = dump(ann)
    project = Project.open(ann, backup=False)
    with project.store.db.atomic():
        log = merge_snapshot(project.store, read_snapshot(bob))
    with project.store.db.atomic():
        undo_merge(project.store, log)
    project.close()
    assert dump(ann) == before


def _bytes(*paths: Path) -> list[bytes]:
    return [p.read_bytes() for p in paths]


def _tamper(path: Path, sql: str) -> None:
    conn = sqlite3.connect(path)
    conn.execute(sql)
    conn.commit()
    conn.close()


@pytest.mark.parametrize("sql", [
    "CREATE TRIGGER evil AFTER INSERT ON studies BEGIN DELETE FROM reviewers; END",
    "CREATE VIEW evil AS SELECT * FROM studies",
    "CREATE TABLE evil (x)",
], ids=["trigger", "view", "extra-table"])
def test_hostile_schema_is_refused_and_neither_file_changes(copies, sql):
    ann, bob = copies
    _tamper(bob, sql)
    before = _bytes(ann, bob)
    with pytest.raises(ProjectFileError, match="evil"):
        _merge(ann, bob)
    assert _bytes(ann, bob) == before


def test_corrupt_pages_are_refused(copies):
    ann, bob = copies
    conn = sqlite3.connect(bob)
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'extracted_values'"
                        ).fetchone()[0]
    conn.close()
    data = bytearray(bob.read_bytes())
    start = (root - 1) * page_size + 8  # a page that holds values; the file header intact
    data[start: start + 2048] = b"\xa5" * 2048
    bob.write_bytes(bytes(data))
    before = _bytes(ann, bob)
    with pytest.raises(ProjectFileError):
        _merge(ann, bob)
    assert _bytes(ann, bob) == before


def test_foreign_sqlite_file_is_refused(copies, tmp_path):
    ann, _ = copies
    foreign = tmp_path / "foreign.sqlite"
    _tamper(foreign, "CREATE TABLE studies (label TEXT)")
    before = _bytes(ann, foreign)
    with pytest.raises(ProjectFileError, match="not an Evidence Workbench project"):
        _merge(ann, foreign)
    assert _bytes(ann, foreign) == before


def test_newer_schema_is_refused(copies):
    ann, bob = copies
    _tamper(bob, "INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
                 "VALUES ('workbench', '9999_future', 'now')")
    before = _bytes(ann, bob)
    with pytest.raises(ProjectFileError, match="newer"):
        _merge(ann, bob)
    assert _bytes(ann, bob) == before


def test_wrongly_typed_values_are_refused(copies):
    ann, bob = copies
    _tamper(bob, "UPDATE extracted_values SET value_num = 'DROP TABLE' WHERE id = 1")
    before = _bytes(ann, bob)
    # `check`'s content rules (storage.checks) refuse it before merge reads a value.
    with pytest.raises(ProjectFileError, match="extracted_values, column value_num, row 1: "
                                               "holds text where a number belongs"):
        _merge(ann, bob)
    assert _bytes(ann, bob) == before


def test_missing_file_is_refused(copies, tmp_path):
    ann, _ = copies
    with pytest.raises(ProjectFileError, match="no such file"):
        _merge(ann, tmp_path / "absent.wbproj")
