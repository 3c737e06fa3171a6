"""SQL of the outline editor: renaming, ordering, subgroups and merging studies."""

from __future__ import annotations

from typing import Any

from workbench.storage import rows
from workbench.storage.store import Store

ORDERED_TABLES = frozenset({"comparisons", "outcomes", "study_outcomes", "subgroups"})
STUDY_COLUMNS = frozenset({"label", "design", "notes"})


def positions(store: Store, table: str, where: str = "", params: tuple = ()) -> list[int]:
    """Ids of a table's rows in their shown order."""
    assert table in ORDERED_TABLES
    sql = f"SELECT id FROM {table} {where} ORDER BY position, id"
    return [r[0] for r in store.execute(sql, params)]


def set_order(store: Store, table: str, ids: list[int]) -> None:
    """Store the order of rows as positions 1..n."""
    assert table in ORDERED_TABLES
    for position, row_id in enumerate(ids, start=1):
        store.execute(f"UPDATE {table} SET position = ? WHERE id = ?", [position, row_id])


def rename_comparison(store: Store, comparison_id: int, label: str) -> None:
    store.execute("UPDATE comparisons SET label = ? WHERE id = ?", [label, comparison_id])


def rename_outcome(store: Store, outcome_id: int, label: str) -> None:
    store.execute("UPDATE outcomes SET label = ? WHERE id = ?", [label, outcome_id])


def set_data_type(store: Store, outcome_id: int, data_type: str) -> None:
    store.execute("UPDATE outcomes SET data_type = ? WHERE id = ?", [data_type, outcome_id])


def study_row(store: Store, study_id: int) -> dict[str, Any]:
    row = store.execute("SELECT label, design, notes FROM studies WHERE id = ?",
                        [study_id]).fetchone()
    return {} if row is None else dict(zip(("label", "design", "notes"), row, strict=True))


def set_study_column(store: Store, study_id: int, column: str, value: str) -> None:
    assert column in STUDY_COLUMNS
    store.execute(f"UPDATE studies SET {column} = ? WHERE id = ?", [value, study_id])


def outcome_studies(store: Store, outcome_id: int) -> list[int]:
    return [r[0] for r in store.execute(
        "SELECT DISTINCT study_id FROM study_outcomes WHERE outcome_id = ?", [outcome_id])]


# --- subgroups -------------------------------------------------------------------------
def declared_subgroups(store: Store, outcome_id: int) -> list[str]:
    return [r[0] for r in store.execute(
        "SELECT label FROM subgroups WHERE outcome_id = ? ORDER BY position, id", [outcome_id])]


def subgroups(store: Store, outcome_id: int) -> list[str]:
    """Declared subgroups in order, then any a reviewer typed or imported that is not declared
    (in the order of their first study, as the forest plot has always drawn them)."""
    declared = declared_subgroups(store, outcome_id)
    used = [r[0] for r in store.execute(
        "SELECT v.value_text FROM extracted_values v JOIN study_outcomes so ON "
        "so.id = v.study_outcome_id WHERE so.outcome_id = ? AND v.field = 'subgroup' AND "
        "v.value_text IS NOT NULL AND v.value_text != '' GROUP BY v.value_text "
        "ORDER BY MIN(so.position), MIN(so.id)", [outcome_id])]
    return declared + [u for u in used if u not in declared]


def declare_subgroup(store: Store, outcome_id: int, label: str) -> None:
    position = store.one("SELECT COALESCE(MAX(position), 0) + 1 FROM subgroups "
                         "WHERE outcome_id = ?", [outcome_id])
    store.execute("INSERT OR IGNORE INTO subgroups (outcome_id, label, position) "
                  "VALUES (?, ?, ?)", [outcome_id, label, position])


def subgroup_rows(store: Store, outcome_id: int) -> rows.Captured:
    return rows.select(store.db, "subgroups", "outcome_id = ?", [outcome_id])


def restore_subgroup_rows(store: Store, outcome_id: int, captured: rows.Captured) -> None:
    store.execute("DELETE FROM subgroups WHERE outcome_id = ?", [outcome_id])
    rows.restore(store.db, captured)


def undeclare_subgroup(store: Store, outcome_id: int, label: str) -> None:
    store.execute("DELETE FROM subgroups WHERE outcome_id = ? AND label = ?",
                  [outcome_id, label])


def subgroup_cells(store: Store, outcome_id: int, label: str) -> list[tuple[str, int, int]]:
    """Every stored value equal to `label`: ('value', row id, result id) or ('consensus', ...)."""
    found = [("value", r[0], r[1]) for r in store.execute(
        "SELECT v.id, v.study_outcome_id FROM extracted_values v JOIN study_outcomes so ON "
        "so.id = v.study_outcome_id WHERE so.outcome_id = ? AND v.field = 'subgroup' AND "
        "v.value_text = ?", [outcome_id, label])]
    found += [("consensus", r[0], r[1]) for r in store.execute(
        "SELECT c.id, c.study_outcome_id FROM consensus_values c JOIN study_outcomes so ON "
        "so.id = c.study_outcome_id WHERE so.outcome_id = ? AND c.field = 'subgroup' AND "
        "c.value_text = ?", [outcome_id, label])]
    return found


def set_cell_text(store: Store, kind: str, row_id: int, text: str) -> None:
    table = "extracted_values" if kind == "value" else "consensus_values"
    store.execute(f"UPDATE {table} SET value_text = ? WHERE id = ?", [text, row_id])


def rename_subgroup_declared(store: Store, outcome_id: int, old: str, new: str) -> None:
    store.execute("UPDATE subgroups SET label = ? WHERE outcome_id = ? AND label = ?",
                  [new, outcome_id, old])


def result_subgroup_rows(store: Store, result_id: int) -> rows.Captured:
    """Every reviewer's and the agreed subgroup of a result, as rows to put back on undo."""
    found = rows.select(store.db, "extracted_values", "study_outcome_id = ? AND field = ?",
                        [result_id, "subgroup"])
    found.add(rows.select(store.db, "consensus_values", "study_outcome_id = ? AND field = ?",
                          [result_id, "subgroup"]))
    return found


def restore_result_subgroup(store: Store, result_id: int, captured: rows.Captured) -> None:
    for table in ("extracted_values", "consensus_values"):
        store.execute(f"DELETE FROM {table} WHERE study_outcome_id = ? AND field = ?",
                      [result_id, "subgroup"])
    rows.restore(store.db, captured)


def subgroup_members(store: Store, outcome_id: int) -> list[tuple[str, int, str]]:
    """(subgroup, result id, study label) for every reviewer's placement, in result order;
    one query for the whole outcome (the project panel asks on every structure change)."""
    return list(store.execute(
        "SELECT DISTINCT v.value_text, so.id, s.label FROM extracted_values v "
        "JOIN study_outcomes so ON so.id = v.study_outcome_id JOIN studies s ON "
        "s.id = so.study_id WHERE so.outcome_id = ? AND v.field = 'subgroup' AND "
        "v.value_text IS NOT NULL AND v.value_text != '' ORDER BY so.position, so.id",
        [outcome_id]))


def result_subgroup_values(store: Store, result_id: int) -> list[tuple[int, str | None]]:
    """(reviewer id, subgroup) of every reviewer who placed this result in a subgroup."""
    return list(store.execute(
        "SELECT reviewer_id, value_text FROM extracted_values WHERE study_outcome_id = ? "
        "AND field = 'subgroup'", [result_id]))


def result_subgroup_consensus(store: Store, result_id: int) -> tuple | None:
    return store.execute(
        "SELECT value_text, resolved_by, resolved_at, reason FROM consensus_values WHERE "
        "study_outcome_id = ? AND field = 'subgroup'", [result_id]).fetchone()


def set_result_subgroup_consensus(store: Store, result_id: int, row: tuple | None) -> None:
    store.execute("DELETE FROM consensus_values WHERE study_outcome_id = ? AND "
                  "field = 'subgroup'", [result_id])
    if row is not None:
        store.execute("INSERT INTO consensus_values (study_outcome_id, field, value_text, "
                      "resolved_by, resolved_at, reason) VALUES (?, 'subgroup', ?, ?, ?, ?)",
                      [result_id, *row])
