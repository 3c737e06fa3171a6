"""Read another reviewer's project file as untrusted input into plain rows keyed by labels."""

from __future__ import annotations

import shutil
import sqlite3
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from workbench.storage.database import ProjectFileError, inspect_file
from workbench.storage.store import SETTINGS_COLUMNS

# Queries of the other file. Every row is keyed by labels, never by ids: ids differ between
# copies of a project. Column order is the order the merge expects.
_QUERIES: dict[str, str] = {
    "reviewers": "SELECT name FROM reviewers ORDER BY id",
    "studies": "SELECT label, design FROM studies ORDER BY id",
    "comparisons": "SELECT label, group_label_1, group_label_2 FROM comparisons ORDER BY id",
    "outcomes": (
        "SELECT c.label, o.label, o.data_type, " + ", ".join(f"o.{c}" for c in SETTINGS_COLUMNS)
        + " FROM outcomes o JOIN comparisons c ON c.id = o.comparison_id ORDER BY o.id"),
    "results": (
        "SELECT s.label, c.label, o.label, so.timepoint, so.included FROM study_outcomes so "
        "JOIN studies s ON s.id = so.study_id JOIN outcomes o ON o.id = so.outcome_id "
        "JOIN comparisons c ON c.id = o.comparison_id ORDER BY so.id"),
    "values": (
        "SELECT r.name, s.label, c.label, o.label, so.timepoint, ev.field, ev.value_num, "
        "ev.value_text, ev.source FROM extracted_values ev "
        "JOIN reviewers r ON r.id = ev.reviewer_id "
        "JOIN study_outcomes so ON so.id = ev.study_outcome_id "
        "JOIN studies s ON s.id = so.study_id JOIN outcomes o ON o.id = so.outcome_id "
        "JOIN comparisons c ON c.id = o.comparison_id ORDER BY ev.id"),
    "study_values": (
        "SELECT r.name, s.label, sv.field, sv.value_num, sv.value_text, sv.source "
        "FROM study_values sv JOIN reviewers r ON r.id = sv.reviewer_id "
        "JOIN studies s ON s.id = sv.study_id ORDER BY sv.id"),
    "consensus": (
        "SELECT COALESCE(s1.label, s2.label), c.label, o.label, so.timepoint, cv.field, "
        "cv.value_num, cv.value_text, r.name, cv.resolved_at, cv.reason "
        "FROM consensus_values cv JOIN reviewers r ON r.id = cv.resolved_by "
        "LEFT JOIN study_outcomes so ON so.id = cv.study_outcome_id "
        "LEFT JOIN studies s1 ON s1.id = so.study_id "
        "LEFT JOIN outcomes o ON o.id = so.outcome_id "
        "LEFT JOIN comparisons c ON c.id = o.comparison_id "
        "LEFT JOIN studies s2 ON s2.id = cv.study_id ORDER BY cv.id"),
    "assessments": (
        "SELECT a.id, r.name, a.tool_id, a.tool_version, s.label, c.label, o.label, a.effect, "
        "a.deviations, a.overall_judgement, a.overall_override_reason, a.updated_at "
        "FROM rob_assessments a JOIN reviewers r ON r.id = a.reviewer_id "
        "JOIN studies s ON s.id = a.study_id LEFT JOIN outcomes o ON o.id = a.outcome_id "
        "LEFT JOIN comparisons c ON c.id = o.comparison_id ORDER BY a.id"),
    "answers": ("SELECT assessment_id, question, answer, support, location FROM rob_answers "
                "ORDER BY assessment_id, question"),
    "judgements": ("SELECT assessment_id, domain, judgement, override_reason, direction "
                   "FROM rob_judgements ORDER BY assessment_id, domain"),
    "rob_consensus": (
        "SELECT rc.tool_id, s.label, c.label, o.label, rc.item, rc.value, r.name, "
        "rc.resolved_at, rc.reason FROM rob_consensus rc "
        "JOIN reviewers r ON r.id = rc.resolved_by JOIN studies s ON s.id = rc.study_id "
        "LEFT JOIN outcomes o ON o.id = rc.outcome_id "
        "LEFT JOIN comparisons c ON c.id = o.comparison_id ORDER BY rc.id"),
    "progress": (
        "SELECT r.name, s.label, p.finished_at FROM study_progress p "
        "JOIN reviewers r ON r.id = p.reviewer_id JOIN studies s ON s.id = p.study_id"),
    "study_ids": "SELECT id, label FROM studies ORDER BY id",
    "certainty": (
        "SELECT r.name, c.label, o.label, j.domain, j.level, j.reason, j.evidence_snapshot, "
        "j.judged_at FROM certainty_judgements j JOIN reviewers r ON r.id = j.reviewer_id "
        "JOIN outcomes o ON o.id = j.outcome_id JOIN comparisons c ON c.id = o.comparison_id "
        "ORDER BY o.id, j.domain, r.id"),
}
# Tables a file made by an older build may lack; their rows are simply absent.
_OPTIONAL_TABLES = {"progress": "study_progress", "certainty": "certainty_judgements"}
# Positions of the numeric value column in rows that carry one (a hostile file may store
# text or blobs there: SQLite columns take any type).
_NUMBER_COLUMNS = {"values": 6, "study_values": 3, "consensus": 5}


@dataclass
class Snapshot:
    """Everything a merge brings in from one file, as plain tuples of labels and values."""

    name: str
    rows: dict[str, list[tuple]] = field(default_factory=dict)


def read_snapshot(path: Path) -> Snapshot:
    """Check `path` like any project we open, then read it; the file itself is never written.

    The checks and the reading run on a private copy: SQLite may write to a database it
    opens (recovering a hot journal or write-ahead log), and a file from someone else must
    stay byte-for-byte as it came, whether it is accepted or refused.
    """
    with tempfile.TemporaryDirectory(prefix="workbench-merge-") as folder:
        copy = _private_copy(path, Path(folder))
        report = inspect_file(copy)
        if not report.ok:
            problem = report.problems[0].replace(str(copy), str(path))
            raise ProjectFileError(problem)
        if report.read_only:
            raise ProjectFileError(f"{path}: made by a newer version of Evidence Workbench; "
                                   "update this one before merging it")
        return Snapshot(name=path.name, rows=_read_all(copy, path))


def _private_copy(path: Path, folder: Path) -> Path:
    copy = folder / "other.wbproj"
    try:
        shutil.copyfile(path, copy)
        wal = path.with_name(path.name + "-wal")
        if wal.exists():  # committed changes of a project still open elsewhere
            shutil.copyfile(wal, folder / "other.wbproj-wal")
    except FileNotFoundError as err:
        raise ProjectFileError(f"{path}: no such file") from err
    except OSError as err:
        raise ProjectFileError(f"{path}: cannot be read ({err.strerror})") from err
    return copy


def _read_all(copy: Path, original: Path) -> dict[str, list[tuple]]:
    conn = sqlite3.connect(f"file:{copy.as_posix()}?mode=ro", uri=True)
    try:
        # SQLite's advice for untrusted files (architecture.md, "The project file").
        conn.execute("PRAGMA trusted_schema = OFF")
        conn.execute("PRAGMA cell_size_check = ON")
        conn.execute("PRAGMA mmap_size = 0")
        tables = {name for (name,) in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table'")}
        rows = {key: _rows(conn, key, sql, tables) for key, sql in _QUERIES.items()}
    except sqlite3.DatabaseError as err:
        raise ProjectFileError(f"{original}: damaged or unreadable project ({err})") from err
    finally:
        conn.close()
    _check_types(rows, original)
    return rows


def _rows(conn: sqlite3.Connection, key: str, sql: str, tables: set[str]) -> list[tuple]:
    if key in _OPTIONAL_TABLES and _OPTIONAL_TABLES[key] not in tables:
        return []
    return [tuple(row) for row in conn.execute(sql)]


def _check_types(rows: dict[str, list[tuple]], path: Path) -> None:
    """Refuse values of the wrong type: column types are not enforced by SQLite."""
    for key, table in rows.items():
        number_at = _NUMBER_COLUMNS.get(key)
        for row in table:
            if not all(_plain(value) for value in row) or (
                    number_at is not None and isinstance(row[number_at], str)):
                raise ProjectFileError(f"{path}: unexpected data in the file ({key}); "
                                       "it was not written by Evidence Workbench")


def _plain(value: Any) -> bool:
    return value is None or isinstance(value, int | float | str)
