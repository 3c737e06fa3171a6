"""Merge two studies an import split (one trial under two labels), keeping every value.

Where both studies hold a value for the same cell and reviewer and the values differ, the
absorbed study's value is kept under a second name of that reviewer, "Ann (as Smith 2003b)",
so it shows as a conflict to resolve in the Conflicts tab instead of being lost.
"""

from __future__ import annotations

from collections import Counter

from workbench.storage.store import Store, now

KNOWN = {"study_outcomes", "study_values", "consensus_values", "rob_assessments",
         "study_characteristics", "study_progress"}


class StudyMerge:
    """One merge of study `absorb` into study `keep`; counts what moved and what conflicts."""

    def __init__(self, store: Store, keep: int, absorb: int):
        self.store, self.keep, self.absorb = store, keep, absorb
        self.absorb_label = store.study_label(absorb)
        self.counts: Counter = Counter()
        self.shadow_reviewers: list[int] = []

    def run(self) -> Counter:
        for result_id, outcome_id, timepoint in self._rows(
                "SELECT id, outcome_id, timepoint FROM study_outcomes WHERE study_id = ?"):
            self._merge_result(result_id, outcome_id, timepoint)
        self._merge_study_values()
        self._merge_study_consensus()
        self._merge_characteristics()
        self._merge_rob()
        self._move_others()
        self.store.execute("DELETE FROM studies WHERE id = ?", [self.absorb])
        return self.counts

    def _rows(self, sql: str, params: list | None = None) -> list[tuple]:
        return self.store.execute(sql, params or [self.absorb]).fetchall()

    def _shadow(self, reviewer_id: int | None, name: str | None = None) -> int:
        """The reviewer's second name for values of the absorbed study that differ."""
        base = name or self.store.one("SELECT name FROM reviewers WHERE id = ?", [reviewer_id])
        label = f"{base} (as {self.absorb_label})"
        found = self.store.reviewer_id(label)
        if found is None:
            found = self.store.add_reviewer(label)
            self.shadow_reviewers.append(found)
        return found

    def _merge_result(self, result_id: int, outcome_id: int, timepoint: str) -> None:
        target = self.store.result_id(self.keep, outcome_id, timepoint)
        if target is None:
            self.store.execute("UPDATE study_outcomes SET study_id = ? WHERE id = ?",
                               [self.keep, result_id])
            self.counts["results moved"] += 1
            return
        for vid, reviewer_id, field, num, text in self._rows(
                "SELECT id, reviewer_id, field, value_num, value_text FROM extracted_values "
                "WHERE study_outcome_id = ?", [result_id]):
            mine = self.store.value(target, reviewer_id, field)
            if mine is None:
                self.store.execute("UPDATE extracted_values SET study_outcome_id = ? "
                                   "WHERE id = ?", [target, vid])
                self.counts["values moved"] += 1
            elif (mine[0], mine[1]) != (num, text):
                self.store.execute("UPDATE extracted_values SET study_outcome_id = ?, "
                                   "reviewer_id = ? WHERE id = ?",
                                   [target, self._shadow(reviewer_id), vid])
                self.counts["conflicts"] += 1
        self._merge_result_consensus(result_id, target)

    def _merge_result_consensus(self, result_id: int, target: int) -> None:
        for cid, field, num, text in self._rows(
                "SELECT id, field, value_num, value_text FROM consensus_values "
                "WHERE study_outcome_id = ?", [result_id]):
            theirs = self.store.execute(
                "SELECT value_num, value_text FROM consensus_values WHERE study_outcome_id = ? "
                "AND field = ?", [target, field]).fetchone()
            if theirs is None:
                self.store.execute("UPDATE consensus_values SET study_outcome_id = ? "
                                   "WHERE id = ?", [target, cid])
            elif tuple(theirs) != (num, text):
                self.store.set_value(target, self._shadow(None, "Agreed"), field,
                                     text if text is not None else num)
                self.counts["conflicts"] += 1

    def _merge_study_values(self) -> None:
        for vid, reviewer_id, field, num, text in self._rows(
                "SELECT id, reviewer_id, field, value_num, value_text FROM study_values "
                "WHERE study_id = ?"):
            mine = self.store.study_value(self.keep, reviewer_id, field)
            if mine is None:
                self.store.execute("UPDATE study_values SET study_id = ? WHERE id = ?",
                                   [self.keep, vid])
            elif (mine[0], mine[1]) != (num, text):
                self.store.execute("UPDATE study_values SET study_id = ?, reviewer_id = ? "
                                   "WHERE id = ?", [self.keep, self._shadow(reviewer_id), vid])
                self.counts["conflicts"] += 1

    def _merge_study_consensus(self) -> None:
        for cid, field, num in self._rows(
                "SELECT id, field, value_num FROM consensus_values WHERE study_id = ?"):
            theirs = self.store.execute("SELECT value_num FROM consensus_values WHERE "
                                        "study_id = ? AND field = ?", [self.keep, field])
            row = theirs.fetchone()
            if row is None:
                self.store.execute("UPDATE consensus_values SET study_id = ? WHERE id = ?",
                                   [self.keep, cid])
            elif row[0] != num:
                self.store.set_study_value(self.keep, self._shadow(None, "Agreed"), field, num)
                self.counts["conflicts"] += 1

    def _merge_characteristics(self) -> None:
        mine = self.store.study_characteristics(self.keep)
        for field, text in self.store.study_characteristics(self.absorb).items():
            if not mine.get(field):
                merged = text
            elif text and text != mine[field]:
                merged = f"{mine[field]}\n\n[{self.absorb_label}] {text}"
            else:
                continue
            self.store.set_study_characteristic(self.keep, field, merged)

    def _merge_rob(self) -> None:
        for aid, reviewer_id, tool, outcome in self._rows(
                "SELECT id, reviewer_id, tool_id, outcome_id FROM rob_assessments "
                "WHERE study_id = ?"):
            clash = self.store.one(
                "SELECT id FROM rob_assessments WHERE study_id = ? AND reviewer_id = ? AND "
                "tool_id = ? AND outcome_id IS ?", [self.keep, reviewer_id, tool, outcome])
            reviewer = reviewer_id if clash is None else self._shadow(reviewer_id)
            self.store.execute("UPDATE rob_assessments SET study_id = ?, reviewer_id = ?, "
                               "updated_at = ? WHERE id = ?", [self.keep, reviewer, now(), aid])
            self.counts["risk-of-bias assessments moved"] += 1

    def _move_others(self) -> None:
        """Tables that point at studies and need no judgement (progress, RoB consensus, and any
        a later schema adds): move what does not clash; a clash keeps the kept study's row."""
        for table in self._referencing_tables():
            for column in table[1]:
                self.store.execute(f"UPDATE OR IGNORE {table[0]} SET {column} = ? "
                                   f"WHERE {column} = ?", [self.keep, self.absorb])

    def _referencing_tables(self) -> list[tuple[str, list[str]]]:
        names = [r[0] for r in self.store.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")]
        found = []
        for name in names:
            columns = [fk[3] for fk in self.store.execute(
                f"PRAGMA foreign_key_list('{name}')").fetchall() if fk[2] == "studies"]
            if columns and (name not in KNOWN or name == "study_progress"):
                found.append((name, columns))
        return found
