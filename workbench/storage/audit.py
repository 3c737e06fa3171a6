"""Reading the audit log back: who changed what, when, filtered by study, outcome or reviewer."""

from __future__ import annotations

from typing import Any

from workbench.storage.store import Store

COLUMNS = ("id", "at", "reviewer", "command", "description", "before_json", "after_json",
           "study_ids", "outcome_ids")


def audit_rows(store: Store, *, study_id: int | None = None, outcome_id: int | None = None,
               reviewer: str | None = None, limit: int | None = None) -> list[dict[str, Any]]:
    """Entries newest first; ids filter through the ",3,5," lists each entry keeps."""
    where, params = [], []
    if study_id is not None:
        where.append("study_ids LIKE ?")
        params.append(f"%,{int(study_id)},%")
    if outcome_id is not None:
        where.append("outcome_ids LIKE ?")
        params.append(f"%,{int(outcome_id)},%")
    if reviewer is not None:
        where.append("reviewer = ?")
        params.append(reviewer)
    sql = f"SELECT {', '.join(COLUMNS)} FROM audit_log"
    if where:
        sql += " WHERE " + " AND ".join(where)
    sql += " ORDER BY id DESC"
    if limit is not None:
        sql += " LIMIT ?"
        params.append(int(limit))
    return [dict(zip(COLUMNS, row, strict=True)) for row in store.execute(sql, params)]


def logged_reviewers(store: Store) -> list[str]:
    return [r[0] for r in store.execute("SELECT DISTINCT reviewer FROM audit_log ORDER BY 1")]
