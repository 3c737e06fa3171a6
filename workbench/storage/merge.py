"""Bring another copy's values into this project field by field, never overwriting anything.

Rules (cli.md, "Dual extraction"), applied to every incoming value, keyed by labels:
- the reviewer has no value for the cell here: it is added (`values_added`, or
  `conflicts_added` when another reviewer's value for the cell differs and no consensus exists);
- the reviewer already has the same value (after parsing): `unchanged`;
- the reviewer has a different value here: ours stays, and the incoming value is kept under
  the reviewer "NAME (merged)" ("NAME (merged 2)", ... on later differing merges), so it
  shows as a conflict to resolve; a value equal to one of those variants is `unchanged`.
So merging the same file twice changes nothing the second time. A consensus present on both
sides with different values keeps ours (counted in `consensus_differing`).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from workbench.core.consensus import differ
from workbench.storage.conflicts import MISSING
from workbench.storage.database import ProjectFileError
from workbench.storage.merge_certainty import merge_certainty
from workbench.storage.merge_rob import merge_rob
from workbench.storage.snapshot import Snapshot
from workbench.storage.store import SETTINGS_COLUMNS, TEXT_FIELDS, Store, now

UNCOMPARED_FIELDS = frozenset({"notes"})  # free text is never a conflict (cli.md)

# The two tables of reviewers' values and the column that names their cell.
_VALUE_TABLES = {"extracted_values": "study_outcome_id", "study_values": "study_id"}


@dataclass
class MergeLog:
    """Counts for the user, and every row added (in order) so that the merge can be undone."""

    counts: dict[str, int] = field(default_factory=lambda: {
        "values_added": 0, "conflicts_added": 0, "unchanged": 0, "consensus_differing": 0})
    added: list[tuple[str, tuple]] = field(default_factory=list)


class Merger:
    """Writes one snapshot into a store, resolving labels to this project's ids as it goes."""

    def __init__(self, store: Store, snapshot: Snapshot):
        self.store = store
        self.snapshot = snapshot
        self.log = MergeLog()
        self._reviewers: dict[str, int] = {}

    def run(self) -> MergeLog:
        rows = self.snapshot.rows
        try:
            self._structure(rows)
            for row in rows["values"]:
                self._value("extracted_values", self.result(*row[1:5]), row[0], row[5:])
            for row in rows["study_values"]:
                self._value("study_values", self.study(row[1]), row[0], row[2:])
            for row in rows["consensus"]:
                self._consensus(row)
            merge_rob(self, rows)
            merge_certainty(self, rows)
            for reviewer, study, finished_at in rows["progress"]:
                self._progress(reviewer, study, finished_at)
        except sqlite3.IntegrityError as err:
            # A row our constraints refuse cannot come from a genuine project.
            raise ProjectFileError(
                f"{self.snapshot.name}: unexpected data in the file ({err})") from err
        return self.log

    # --- labels to ids, creating what is missing ---------------------------------------
    def added(self, table: str, key: tuple) -> None:
        self.log.added.append((table, key))

    def reviewer(self, name: str) -> int:
        if name not in self._reviewers:
            rid = self.store.reviewer_id(name)
            if rid is None:
                rid = self.store.add_reviewer(name)
                self.added("reviewers", (rid,))
            self._reviewers[name] = rid
        return self._reviewers[name]

    def existing_reviewer(self, name: str) -> int | None:
        return self._reviewers.get(name) or self.store.reviewer_id(name)

    def study(self, label: str, design: str = "RCT") -> int:
        sid = self.store.study_id(label)
        if sid is None:
            sid = self.store.add_study(label, design)
            self.added("studies", (sid,))
        return sid

    def comparison(self, label: str, group_1: str = "Experimental",
                   group_2: str = "Control") -> int:
        cid = self.store.comparison_id(label)
        if cid is None:
            cid = self.store.add_comparison(label, group_1, group_2)
            self.added("comparisons", (cid,))
        return cid

    def outcome(self, comparison: str, label: str, settings: tuple | None = None) -> int:
        cid = self.comparison(comparison)
        oid = self.store.outcome_id(cid, label)
        if oid is None:
            oid = _add_outcome(self.store, cid, label, settings)
            self.added("outcomes", (oid,))
        return oid

    def result(self, study: str, comparison: str, outcome: str, timepoint: str,
               included: int = 1) -> int:
        sid, oid = self.study(study), self.outcome(comparison, outcome)
        rid = self.store.result_id(sid, oid, timepoint)
        if rid is None:
            rid = self.store.add_result(sid, oid, timepoint)
            self.store.set_included(rid, bool(included))
            self.added("study_outcomes", (rid,))
        return rid

    def _structure(self, rows: dict[str, list[tuple]]) -> None:
        for (name,) in rows["reviewers"]:
            self.reviewer(name)
        for label, design in rows["studies"]:
            self.study(label, design)
        for label, group_1, group_2 in rows["comparisons"]:
            self.comparison(label, group_1, group_2)
        for comparison, label, *settings in rows["outcomes"]:
            self.outcome(comparison, label, tuple(settings))
        for row in rows["results"]:
            self.result(*row)

    # --- placing one value -------------------------------------------------------------
    def place(self, reviewer: str, incoming: Any,
              lookup: Callable[[int | None], Any]) -> tuple[str, bool] | None:
        """The reviewer slot for an incoming value: (name, is_variant), or None if present."""
        for n in range(0, 1000):
            name = reviewer if n == 0 else f"{reviewer} (merged{'' if n == 1 else f' {n}'})"
            current = lookup(self.existing_reviewer(name))
            if current is MISSING:
                return name, n > 0
            if not differ([current, incoming]):
                return None
        raise ProjectFileError(f"{self.snapshot.name}: too many differing copies of one value")

    def count(self, added: bool, conflict: bool) -> None:
        key = "unchanged" if not added else "conflicts_added" if conflict else "values_added"
        self.log.counts[key] += 1

    def _value(self, table: str, cell_id: int, reviewer: str, row: tuple) -> None:
        name, num, text, source = row
        incoming = text if text is not None else num
        cells = _cell_values(self.store, table, cell_id, name)
        slot = self.place(reviewer, incoming,
                          lambda rid: cells.get(rid, MISSING) if rid is not None else MISSING)
        if slot is None:
            self.count(False, False)
            return
        conflict = (name not in UNCOMPARED_FIELDS and not _has_consensus(
            self.store, table, cell_id, name) and differ([*cells.values(), incoming]))
        rid = self.reviewer(slot[0])
        source = source or f"merged from {self.snapshot.name}"
        new_id = _insert_value(self.store, table, cell_id, rid, name, num, text, source)
        self.added(table, (new_id,))
        self.count(True, conflict)

    def _consensus(self, row: tuple) -> None:
        study, comparison, outcome, timepoint, name, num, text, by, at, reason = row
        if comparison is None:
            table, cell_id = "study_values", self.study(study)
        else:
            table, cell_id = "extracted_values", self.result(study, comparison, outcome,
                                                             timepoint)
        ours = _consensus_value(self.store, table, cell_id, name)
        incoming = text if text is not None else num
        if ours is not MISSING:
            differing = differ([ours, incoming])
            self.log.counts["consensus_differing" if differing else "unchanged"] += 1
            return
        column = _VALUE_TABLES[table]
        cur = self.store.execute(
            f"INSERT INTO consensus_values ({column}, field, value_num, value_text, "
            "resolved_by, resolved_at, reason) VALUES (?, ?, ?, ?, ?, ?, ?)",
            [cell_id, name, num, text, self.reviewer(by), at, reason])
        self.added("consensus_values", (cur.lastrowid,))
        self.count(True, False)

    def _progress(self, reviewer: str, study: str, finished_at: str) -> None:
        rid, sid = self.reviewer(reviewer), self.study(study)
        if self.store.one("SELECT 1 FROM study_progress WHERE study_id = ? AND reviewer_id = ?",
                          [sid, rid]) is None:
            self.store.execute("INSERT INTO study_progress (study_id, reviewer_id, finished_at)"
                               " VALUES (?, ?, ?)", [sid, rid, finished_at])
            self.added("study_progress", (sid, rid))


def _add_outcome(store: Store, comparison_id: int, label: str, settings: tuple | None) -> int:
    """A new outcome with the other copy's data type and analysis settings, as stored there."""
    data_type, *values = settings or ("dichotomous", "RR", "REML")
    columns = ("data_type", *SETTINGS_COLUMNS)[: 1 + len(values)]
    position = store.one("SELECT COALESCE(MAX(position), 0) + 1 FROM outcomes "
                         "WHERE comparison_id = ?", [comparison_id])
    cur = store.execute(
        f"INSERT INTO outcomes (comparison_id, label, position, {', '.join(columns)}) "
        f"VALUES (?, ?, ?, {', '.join('?' for _ in columns)})",
        [comparison_id, label, position, data_type, *values])
    return int(cur.lastrowid)


def _cell_values(store: Store, table: str, cell_id: int, name: str) -> dict[int, Any]:
    """reviewer id -> value of one field of one cell (None: recorded as missing)."""
    column = _VALUE_TABLES[table]
    rows = store.execute(f"SELECT reviewer_id, value_num, value_text FROM {table} "
                         f"WHERE {column} = ? AND field = ?", [cell_id, name])
    return {rid: text if text is not None else num for rid, num, text in rows}


def _consensus_value(store: Store, table: str, cell_id: int, name: str) -> Any:
    row = store.execute(f"SELECT value_num, value_text FROM consensus_values "
                        f"WHERE {_VALUE_TABLES[table]} = ? AND field = ?",
                        [cell_id, name]).fetchone()
    return MISSING if row is None else (row[1] if row[1] is not None else row[0])


def _has_consensus(store: Store, table: str, cell_id: int, name: str) -> bool:
    return _consensus_value(store, table, cell_id, name) is not MISSING


def _insert_value(store: Store, table: str, cell_id: int, reviewer_id: int, name: str,
                  num: float | None, text: str | None, source: str) -> int:
    if name in TEXT_FIELDS and num is not None:  # keep the storage convention for text
        num, text = None, str(num)
    cur = store.execute(
        f"INSERT INTO {table} ({_VALUE_TABLES[table]}, reviewer_id, field, value_num, "
        "value_text, source, entered_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
        [cell_id, reviewer_id, name, num, text, source, now()])
    return int(cur.lastrowid)


def merge_snapshot(store: Store, snapshot: Snapshot) -> MergeLog:
    """Write `snapshot` into `store` (the caller owns the transaction)."""
    return Merger(store, snapshot).run()


# Rows added by a merge, deleted in reverse order by undo: table -> statement by key.
_DELETES = {
    "reviewers": "DELETE FROM reviewers WHERE id = ?",
    "studies": "DELETE FROM studies WHERE id = ?",
    "comparisons": "DELETE FROM comparisons WHERE id = ?",
    "outcomes": "DELETE FROM outcomes WHERE id = ?",
    "study_outcomes": "DELETE FROM study_outcomes WHERE id = ?",
    "extracted_values": "DELETE FROM extracted_values WHERE id = ?",
    "study_values": "DELETE FROM study_values WHERE id = ?",
    "consensus_values": "DELETE FROM consensus_values WHERE id = ?",
    "rob_assessments": "DELETE FROM rob_assessments WHERE id = ?",
    "rob_answers": "DELETE FROM rob_answers WHERE assessment_id = ? AND question = ?",
    "rob_judgements": "DELETE FROM rob_judgements WHERE assessment_id = ? AND domain = ?",
    "rob_overall": "UPDATE rob_assessments SET overall_judgement = NULL WHERE id = ?",
    "rob_judgement_fill": "UPDATE rob_judgements SET judgement = NULL, override_reason = ?, "
                          "direction = ? WHERE assessment_id = ? AND domain = ?",
    "rob_consensus": "DELETE FROM rob_consensus WHERE id = ?",
    "study_progress": "DELETE FROM study_progress WHERE study_id = ? AND reviewer_id = ?",
    "certainty_judgements": "DELETE FROM certainty_judgements WHERE outcome_id = ? AND "
                            "reviewer_id = ? AND domain = ?",
}


def undo_merge(store: Store, log: MergeLog) -> None:
    """Remove exactly what a merge added; it never changed anything else."""
    for table, key in reversed(log.added):
        store.execute(_DELETES[table], key)
