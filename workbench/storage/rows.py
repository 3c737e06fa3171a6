"""Capture a row with everything that hangs off it (by foreign key), and put it all back.

A delete that cascades (a study takes its results, values, judgements ...) is undone by
re-inserting the captured rows, parents first, with their own ids. The dependants are found
from the schema's foreign keys, so tables added by later migrations are captured too.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from workbench.storage.sqlite_lib import Database


@dataclass
class Captured:
    """Rows of several tables in insertion order (parents before children)."""

    rows: list[tuple[str, tuple[str, ...], tuple[Any, ...]]] = field(default_factory=list)

    def counts(self) -> Counter:
        return Counter(table for table, _columns, _values in self.rows)

    def add(self, other: Captured) -> None:
        seen = {(t, v) for t, _c, v in self.rows}
        self.rows.extend(r for r in other.rows if (r[0], r[2]) not in seen)


def _children(db: Database, table: str) -> list[tuple[str, str, str]]:
    """(child table, child column, parent column) of every foreign key that points at table."""
    found = []
    names = [r[0] for r in db.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")]
    for child in names:
        for fk in db.execute(f"PRAGMA foreign_key_list('{child}')").fetchall():
            # (id, seq, table, from, to, on_update, on_delete, match)
            if fk[2] == table and fk[6] == "CASCADE":
                found.append((child, fk[3], fk[4] or "id"))
    return found


def capture(db: Database, table: str, column: str, values: list[Any]) -> Captured:
    """The rows of `table` whose `column` is in `values`, and all their cascading dependants."""
    out = Captured()
    if not values:
        return out
    marks = ", ".join("?" for _ in values)
    cursor = db.execute(f"SELECT * FROM {table} WHERE {column} IN ({marks})", list(values))
    columns = tuple(d[0] for d in cursor.description)
    rows = cursor.fetchall()
    out.rows.extend((table, columns, tuple(r)) for r in rows)
    for child, child_column, parent_column in _children(db, table):
        keys = sorted({r[columns.index(parent_column)] for r in rows}, key=str)
        out.add(capture(db, child, child_column, keys))
    return out


def select(db: Database, table: str, where: str, params: list[Any]) -> Captured:
    """Rows of one table matching a condition of ours (no dependants), to put back later."""
    cursor = db.execute(f"SELECT * FROM {table} WHERE {where}", params)
    columns = tuple(d[0] for d in cursor.description)
    return Captured([(table, columns, tuple(r)) for r in cursor.fetchall()])


def restore(db: Database, captured: Captured) -> None:
    """Insert the captured rows again, with their ids, parents first."""
    for table, columns, values in captured.rows:
        names = ", ".join(columns)
        marks = ", ".join("?" for _ in columns)
        db.execute(f"INSERT OR REPLACE INTO {table} ({names}) VALUES ({marks})", list(values))


def delete_with_dependants(db: Database, table: str, ids: list[int]) -> Captured:
    """Capture, then delete rows by id (foreign keys cascade to the dependants)."""
    captured = capture(db, table, "id", ids)
    for row_id in ids:
        db.execute(f"DELETE FROM {table} WHERE id = ?", [row_id])
    return captured


TABLE_WORDS = {
    "study_outcomes": ("result", "results"),
    "extracted_values": ("extracted value", "extracted values"),
    "consensus_values": ("agreed value", "agreed values"),
    "study_values": ("study value", "study values"),
    "rob_assessments": ("risk-of-bias assessment", "risk-of-bias assessments"),
    "outcomes": ("outcome", "outcomes"),
    "study_characteristics": ("characteristic", "characteristics"),
    "subgroups": ("subgroup", "subgroups"),
}


def loss_text(captured: Captured, skip: str) -> str:
    """"3 results, 24 extracted values, 1 risk-of-bias assessment": what a delete takes."""
    parts = []
    for table, (one, many) in TABLE_WORDS.items():
        n = captured.counts().get(table, 0)
        if n and table != skip:
            parts.append(f"{n} {one if n == 1 else many}")
    return ", ".join(parts)
