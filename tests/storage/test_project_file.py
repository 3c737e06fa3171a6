"""The .wbproj file: creation, migration, refusal of foreign/corrupt/newer files, locking."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest

from workbench.session.project import Project
from workbench.storage.backups import KEEP_BACKUPS, backup_folder
from workbench.storage.database import (
    ProjectFileError,
    ProjectInUseError,
    inspect_file,
)
from workbench.storage.schema import APPLICATION_ID, schema_version_of_build


def _bytes(path: Path) -> bytes:
    return path.read_bytes()


def test_new_project_has_our_application_id_and_schema(tmp_path):
    path = tmp_path / "p.wbproj"
    Project.create(path, "T").close()
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    conn.close()
    expected = {"review", "reviewers", "studies", "study_values", "comparisons", "outcomes",
                "study_outcomes", "extracted_values", "consensus_values", "rob_assessments",
                "rob_answers", "rob_judgements", "rob_consensus", "certainty_judgements",
                "audit_log"}
    assert expected <= tables
    report = inspect_file(path)
    assert report.ok and report.schema_version == schema_version_of_build()


def test_closed_project_is_one_file(tmp_path):
    path = tmp_path / "p.wbproj"
    project = Project.create(path, "T")
    project.store.add_reviewer("x")
    project.close()
    assert sorted(p.name for p in tmp_path.iterdir() if p.is_file()) == ["p.wbproj"]


def test_migrates_a_file_with_no_schema_yet_and_backs_it_up(tmp_path):
    """An SQLite file that carries our application_id but no migrations (version 0)."""
    path = tmp_path / "old.wbproj"
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    conn.commit()
    conn.close()
    assert inspect_file(path).schema_version == 0
    project = Project.open(path)
    assert project.store.counts()["studies"] == 0
    project.close()
    assert inspect_file(path).schema_version == schema_version_of_build()
    assert any("schema-v0" in p.name for p in backup_folder(path).iterdir())


@pytest.mark.parametrize("content", [b"", b"hello, not a database", b"PK\x03\x04zip" * 40])
def test_foreign_files_are_refused_and_untouched(tmp_path, content):
    path = tmp_path / "foreign.wbproj"
    path.write_bytes(content)
    with pytest.raises(ProjectFileError, match="not an Evidence Workbench project"):
        Project.open(path)
    assert _bytes(path) == content


def test_other_sqlite_database_is_refused_and_untouched(tmp_path):
    path = tmp_path / "other.sqlite"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE t (x)")
    conn.commit()
    conn.close()
    before = _bytes(path)
    with pytest.raises(ProjectFileError, match="application_id"):
        Project.open(path)
    assert _bytes(path) == before


def test_corrupt_file_is_refused_and_untouched(demo_path):
    data = bytearray(_bytes(demo_path))
    middle = len(data) // 3
    data[middle: 2 * middle] = b"\xff" * middle  # damage the b-tree pages in the middle
    demo_path.write_bytes(bytes(data))
    report = inspect_file(demo_path)
    assert not report.ok
    with pytest.raises(ProjectFileError):
        Project.open(demo_path)
    assert _bytes(demo_path) == bytes(data)


@pytest.mark.parametrize("extra", [
    "CREATE TRIGGER evil AFTER INSERT ON studies BEGIN DELETE FROM reviewers; END",
    "CREATE VIEW v AS SELECT * FROM studies",
    "CREATE TABLE smuggled (x)",
])
def test_unexpected_schema_objects_are_refused(demo_path, extra):
    conn = sqlite3.connect(demo_path)
    conn.execute(extra)
    conn.commit()
    conn.close()
    before = _bytes(demo_path)
    with pytest.raises(ProjectFileError, match="contains a"):
        Project.open(demo_path)
    assert _bytes(demo_path) == before


def test_newer_schema_opens_read_only(demo_path):
    conn = sqlite3.connect(demo_path)
    conn.execute("INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
                 "VALUES ('workbench', '9999_from_the_future', 'later')")
    conn.commit()
    conn.close()
    before = _bytes(demo_path)
    report = inspect_file(demo_path)
    assert report.ok and report.read_only
    project = Project.open(demo_path)
    assert project.read_only
    from workbench.session.commands import RenameStudy
    with pytest.raises(ProjectFileError, match="read-only"):
        project.execute(RenameStudy(1, "New name"))
    project.close()
    assert _bytes(demo_path) == before


def test_second_instance_is_told_the_project_is_in_use(demo_path):
    first = Project.open(demo_path)
    try:
        with pytest.raises(ProjectInUseError, match="open in another"):
            Project.open(demo_path)
    finally:
        first.close()
    Project.open(demo_path).close()  # free again once the first one closed


def test_missing_folder_gives_a_clear_message(tmp_path):
    with pytest.raises(ProjectFileError, match="does not exist"):
        Project.create(tmp_path / "nowhere" / "p.wbproj")


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes through read-only permissions")
def test_read_only_location_opens_read_only(demo_path):
    demo_path.chmod(0o444)
    project = Project.open(demo_path)
    assert project.read_only
    project.close()


def test_rotating_backups_keep_the_last_ten(demo_path):
    for _ in range(KEEP_BACKUPS + 3):
        Project.open(demo_path).close()
    kept = list(backup_folder(demo_path).glob("demo-2*.wbproj"))
    assert len(kept) == KEEP_BACKUPS
    assert all(inspect_file(p).ok for p in kept)


def test_save_as_writes_a_complete_copy(demo_project, tmp_path):
    target = tmp_path / "copy.wbproj"
    demo_project.save_as(target)
    copy = Project.open(target)
    assert copy.store.counts()["extracted_values"] == \
        demo_project.store.counts()["extracted_values"]
    copy.close()


def test_save_as_into_missing_folder_is_a_clear_error(demo_project, tmp_path):
    with pytest.raises(ProjectFileError, match="cannot write"):
        demo_project.save_as(tmp_path / "missing" / "copy.wbproj")


def test_unwritable_file_opens_read_only_and_refuses_edits(demo_path, monkeypatch):
    """Root writes through permissions, so the check itself is made to say 'not writable'."""
    import workbench.storage.database as database
    from workbench.session.commands import RenameStudy

    monkeypatch.setattr(database, "_writable", lambda path: False)
    before = _bytes(demo_path)
    project = Project.open(demo_path)
    assert project.read_only
    with pytest.raises(ProjectFileError, match="read-only"):
        project.execute(RenameStudy(1, "Renamed"))
    project.close()
    assert _bytes(demo_path) == before


def test_full_disk_is_a_clear_error_and_loses_nothing(demo_project):
    """SQLite's own 'database or disk is full' (SQLITE_FULL), forced with max_page_count."""
    from workbench.session.commands import CellEdit, EditCells

    store = demo_project.store
    pages = store.one("PRAGMA page_count")
    store.execute(f"PRAGMA max_page_count = {pages}")
    results = store.results(1)
    edit = EditCells([CellEdit(r["result_id"], 1, r["study_id"], "notes", "x" * 4000)
                      for r in results])
    before = store.counts()
    with pytest.raises(ProjectFileError, match="could not be saved"):
        demo_project.execute(edit)
    assert store.counts() == before
    assert demo_project.history.undo_label() is None
