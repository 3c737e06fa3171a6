"""Queries for dual extraction's "items to look at": single extractions and skipped rows."""

from __future__ import annotations

from typing import Any

from workbench.storage.store import Store, now

_SKIPPED_COLUMNS = ("file", "sheet", "row", "study", "comparison", "outcome", "problem")


def add_skipped_rows(store: Store, reviewer_id: int, rows: list[dict[str, Any]]) -> list[int]:
    """Remember rows an import left out as invalid; returns their ids (for the undo)."""
    ids = []
    stamp = now()
    for row in rows:
        cursor = store.execute(
            "INSERT INTO import_skipped_rows (reviewer_id, file, sheet, row, study, comparison, "
            "outcome, problem, skipped_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [reviewer_id, *(row.get(c, "") for c in _SKIPPED_COLUMNS), stamp])
        ids.append(cursor.lastrowid)
    return ids


def delete_skipped_rows(store: Store, ids: list[int]) -> None:
    for row_id in ids:
        store.execute("DELETE FROM import_skipped_rows WHERE id = ?", [row_id])


def open_skipped_rows(store: Store) -> list[tuple]:
    """(reviewer, file, sheet, row, study, comparison, outcome, problem) of skipped rows whose
    study has no values of that reviewer in that outcome yet (added by hand closes them)."""
    return list(store.execute(
        "SELECT r.name, k.file, k.sheet, k.row, k.study, k.comparison, k.outcome, k.problem "
        "FROM import_skipped_rows k JOIN reviewers r ON r.id = k.reviewer_id "
        "WHERE NOT EXISTS (SELECT 1 FROM extracted_values ev "
        "JOIN study_outcomes so ON so.id = ev.study_outcome_id "
        "JOIN studies s ON s.id = so.study_id JOIN outcomes o ON o.id = so.outcome_id "
        "JOIN comparisons c ON c.id = o.comparison_id WHERE ev.reviewer_id = k.reviewer_id "
        "AND s.label = k.study AND o.label = k.outcome AND c.label = k.comparison) "
        "ORDER BY r.id, k.file, k.sheet, k.row"))


def single_extractions(store: Store) -> list[tuple]:
    """(study, comparison, outcome, outcome_id, reviewer) of study × outcome cells that only
    one reviewer extracted, in a project where two or more reviewers extracted values."""
    extractors = store.one("SELECT COUNT(DISTINCT reviewer_id) FROM extracted_values")
    if (extractors or 0) < 2:
        return []  # a single-reviewer review has nothing to compare
    return list(store.execute(
        "SELECT s.label, c.label, o.label, o.id, MIN(r.name) FROM extracted_values ev "
        "JOIN reviewers r ON r.id = ev.reviewer_id "
        "JOIN study_outcomes so ON so.id = ev.study_outcome_id "
        "JOIN studies s ON s.id = so.study_id JOIN outcomes o ON o.id = so.outcome_id "
        "JOIN comparisons c ON c.id = o.comparison_id GROUP BY so.id "
        "HAVING COUNT(DISTINCT ev.reviewer_id) = 1 "
        "ORDER BY c.position, c.id, o.position, o.id, so.position, so.id"))
