"""Certainty judgements, their consensus, GRADE settings and SoF choices: their SQL."""

from __future__ import annotations

from workbench.core.grade.model import Baseline, GradeSettings, Judgement
from workbench.storage.store import Store, now


# --- judgements per reviewer ----------------------------------------------------------
def judgements(store: Store, outcome_id: int) -> dict[str, dict[str, Judgement]]:
    """domain -> reviewer name -> that reviewer's judgement of this outcome."""
    out: dict[str, dict[str, Judgement]] = {}
    for domain, name, level, reason, snap in store.execute(
            "SELECT j.domain, r.name, j.level, j.reason, j.evidence_snapshot FROM "
            "certainty_judgements j JOIN reviewers r ON r.id = j.reviewer_id "
            "WHERE j.outcome_id = ? ORDER BY r.id", [outcome_id]):
        out.setdefault(domain, {})[name] = Judgement(level, reason, snap)
    return out


def get_judgement(store: Store, outcome_id: int, reviewer_id: int, domain: str) -> tuple | None:
    """(level, reason, snapshot, judged_at) for exact undo, or None."""
    return store.execute(
        "SELECT level, reason, evidence_snapshot, judged_at FROM certainty_judgements WHERE "
        "outcome_id = ? AND reviewer_id = ? AND domain = ?",
        [outcome_id, reviewer_id, domain]).fetchone()


def set_judgement(store: Store, outcome_id: int, reviewer_id: int, domain: str,
                  row: tuple | None) -> None:
    """Write (level, reason, snapshot[, judged_at]) or, with None, remove the judgement."""
    store.execute("DELETE FROM certainty_judgements WHERE outcome_id = ? AND reviewer_id = ? "
                  "AND domain = ?", [outcome_id, reviewer_id, domain])
    if row is None:
        return
    level, reason, snapshot, *at = row
    store.execute("INSERT INTO certainty_judgements (outcome_id, reviewer_id, domain, level, "
                  "reason, evidence_snapshot, judged_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                  [outcome_id, reviewer_id, domain, level, reason, snapshot,
                   at[0] if at else now()])


def all_judgement_items(store: Store) -> list[tuple]:
    """Every reviewer's judgement: (outcome_id, comparison, outcome, domain, reviewer, level,
    reason), for conflicts and agreement."""
    return list(store.execute(
        "SELECT o.id, c.label, o.label, j.domain, r.name, j.level, j.reason FROM "
        "certainty_judgements j JOIN reviewers r ON r.id = j.reviewer_id JOIN outcomes o ON "
        "o.id = j.outcome_id JOIN comparisons c ON c.id = o.comparison_id "
        "ORDER BY c.position, c.id, o.position, o.id, j.domain, r.id"))


# --- consensus --------------------------------------------------------------------------
def consensus(store: Store, outcome_id: int) -> dict[str, tuple]:
    """domain -> (level, snapshot, resolved by name, resolved_at, reason)."""
    return {row[0]: tuple(row[1:]) for row in store.execute(
        "SELECT cc.domain, cc.level, cc.evidence_snapshot, r.name, cc.resolved_at, cc.reason "
        "FROM certainty_consensus cc JOIN reviewers r ON r.id = cc.resolved_by "
        "WHERE cc.outcome_id = ?", [outcome_id])}


def all_consensus(store: Store) -> list[tuple]:
    """(outcome_id, domain, level, resolved by name, resolved_at, reason) of every outcome."""
    return list(store.execute(
        "SELECT cc.outcome_id, cc.domain, cc.level, r.name, cc.resolved_at, cc.reason FROM "
        "certainty_consensus cc JOIN reviewers r ON r.id = cc.resolved_by"))


def get_consensus(store: Store, outcome_id: int, domain: str) -> tuple | None:
    """(level, resolved_by id, resolved_at, reason, snapshot) or None."""
    return store.execute(
        "SELECT level, resolved_by, resolved_at, reason, evidence_snapshot FROM "
        "certainty_consensus WHERE outcome_id = ? AND domain = ?",
        [outcome_id, domain]).fetchone()


def set_consensus(store: Store, outcome_id: int, domain: str, level: int, reviewer_id: int,
                  reason: str, at: str | None = None, snapshot: str = "") -> None:
    delete_consensus(store, outcome_id, domain)
    store.execute("INSERT INTO certainty_consensus (outcome_id, domain, level, "
                  "evidence_snapshot, resolved_by, resolved_at, reason) VALUES "
                  "(?, ?, ?, ?, ?, ?, ?)",
                  [outcome_id, domain, int(level), snapshot, reviewer_id, at or now(), reason])


def delete_consensus(store: Store, outcome_id: int, domain: str) -> None:
    store.execute("DELETE FROM certainty_consensus WHERE outcome_id = ? AND domain = ?",
                  [outcome_id, domain])


# --- settings and baselines -------------------------------------------------------------
def settings(store: Store, outcome_id: int) -> GradeSettings:
    row = store.execute("SELECT design, threshold_kind, threshold_lower, threshold_upper "
                        "FROM certainty_settings WHERE outcome_id = ?",
                        [outcome_id]).fetchone()
    base = baselines(store, outcome_id)
    if row is None:
        return GradeSettings(baselines=base)
    thresholds = None if row[2] is None or row[3] is None else (row[2], row[3])
    return GradeSettings(design=row[0], thresholds=thresholds, threshold_kind=row[1],
                         baselines=base)


def set_settings(store: Store, outcome_id: int, value: GradeSettings) -> None:
    """Design and thresholds (the baselines have their own writer); the defaults are no row,
    so that undoing a first change leaves the file as it was."""
    lo, hi = value.thresholds if value.thresholds else (None, None)
    if value.design is None and lo is None and value.threshold_kind == "natural":
        store.execute("DELETE FROM certainty_settings WHERE outcome_id = ?", [outcome_id])
        return
    store.execute("INSERT INTO certainty_settings (outcome_id, design, threshold_kind, "
                  "threshold_lower, threshold_upper) VALUES (?, ?, ?, ?, ?) ON CONFLICT "
                  "(outcome_id) DO UPDATE SET design = excluded.design, threshold_kind = "
                  "excluded.threshold_kind, threshold_lower = excluded.threshold_lower, "
                  "threshold_upper = excluded.threshold_upper",
                  [outcome_id, value.design, value.threshold_kind, lo, hi])


def baselines(store: Store, outcome_id: int) -> tuple[Baseline, ...]:
    rows = store.execute("SELECT kind, label, risk FROM sof_baselines WHERE outcome_id = ? "
                         "ORDER BY position", [outcome_id])
    return tuple(Baseline(kind, label, risk) for kind, label, risk in rows)


def set_baselines(store: Store, outcome_id: int, values: tuple[Baseline, ...]) -> None:
    store.execute("DELETE FROM sof_baselines WHERE outcome_id = ?", [outcome_id])
    for position, b in enumerate(values):
        store.execute("INSERT INTO sof_baselines (outcome_id, position, kind, label, risk) "
                      "VALUES (?, ?, ?, ?, ?)", [outcome_id, position, b.kind, b.label, b.risk])


# --- Summary of Findings rows and statements --------------------------------------------
def sof_rows(store: Store, comparison_id: int) -> list[int] | None:
    """The outcome ids the reviewer chose for the table, in order; None: never chosen (an
    empty choice is no choice: the table then shows every outcome)."""
    rows = [oid for (oid,) in store.execute(
        "SELECT outcome_id FROM sof_rows WHERE comparison_id = ? ORDER BY position",
        [comparison_id])]
    return rows or None


def set_sof_rows(store: Store, comparison_id: int, outcome_ids: list[int] | None) -> None:
    store.execute("DELETE FROM sof_rows WHERE comparison_id = ?", [comparison_id])
    for position, oid in enumerate(outcome_ids or []):
        store.execute("INSERT INTO sof_rows (comparison_id, outcome_id, position) "
                      "VALUES (?, ?, ?)", [comparison_id, oid, position])


def statement(store: Store, outcome_id: int) -> tuple | None:
    """(text, snapshot, edited_by id, edited_at) of an edited statement, or None."""
    return store.execute("SELECT text, snapshot, edited_by, edited_at FROM sof_statements "
                         "WHERE outcome_id = ?", [outcome_id]).fetchone()


def set_statement(store: Store, outcome_id: int, row: tuple | None) -> None:
    store.execute("DELETE FROM sof_statements WHERE outcome_id = ?", [outcome_id])
    if row is not None:
        text, snapshot, by, *at = row
        store.execute("INSERT INTO sof_statements (outcome_id, text, snapshot, edited_by, "
                      "edited_at) VALUES (?, ?, ?, ?, ?)",
                      [outcome_id, text, snapshot, by, at[0] if at else now()])


def narrative(store: Store, outcome_id: int) -> str | None:
    """The text that replaces a narrative outcome's effects, or None."""
    return store.one("SELECT text FROM sof_narratives WHERE outcome_id = ?", [outcome_id])


def set_narrative(store: Store, outcome_id: int, text: str | None) -> None:
    store.execute("DELETE FROM sof_narratives WHERE outcome_id = ?", [outcome_id])
    if text is not None:
        store.execute("INSERT INTO sof_narratives (outcome_id, text) VALUES (?, ?)",
                      [outcome_id, text])
