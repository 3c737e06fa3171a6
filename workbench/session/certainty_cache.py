"""Per-outcome certainty and SoF rows kept between edits, so a typed value recomputes only
the outcome it touched (the SoF tab's budget is one frame; benchmarks.md)."""

from __future__ import annotations

from typing import Any

from workbench.core.grade import statements
from workbench.core.grade.document import CertaintyDocument
from workbench.session.certainty import outcome_entry
from workbench.session.certainty_data import assess
from workbench.session.certainty_docs import assemble, rob_tool_names
from workbench.session.changes import Changes
from workbench.session.sof import MAX_ROWS, row_outcomes, sof_row
from workbench.storage.store import Store


def mark_footnotes(rows: list[dict[str, Any]]) -> None:
    """Marks run on through the table (a, b, … z, aa …), as `sof --json` numbers them."""
    n = 0
    for row in rows:
        for note in row["footnotes"]:
            note["mark"] = _mark(n)
            n += 1


def _mark(n: int) -> str:
    letters = "abcdefghijklmnopqrstuvwxyz"
    return letters[n] if n < 26 else _mark(n // 26 - 1) + letters[n % 26]


def _fresh_marks(row: dict[str, Any]) -> dict[str, Any]:
    """A copy whose footnotes can be re-marked without touching the cached row (a deep copy
    of every row cost 3 ms a refresh, most of the tab's budget)."""
    return {**row, "footnotes": [dict(note) for note in row["footnotes"]]}


class CertaintyCache:
    """What `certainty_document` returns, rebuilt from cached rows; `invalidate(changes)`
    drops exactly what a command may have changed."""

    def __init__(self) -> None:
        self.entries: dict[int, tuple[dict[str, Any], dict[str, Any]]] = {}
        self.tools: list[str] | None = None

    def invalidate(self, changes: Changes) -> None:
        touched = changes.outcomes | changes.settings
        study_level = bool(changes.studies) and not changes.outcomes
        if (changes.everything or changes.structure or changes.rob or changes.reviewers
                or study_level or (changes.grade and not touched)):
            self.entries.clear()  # risk of bias, study fields, reviewers reach every outcome
            self.tools = None
            return
        for outcome_id in touched:
            self.entries.pop(outcome_id, None)

    def _entry(self, store: Store, outcome_id: int) -> tuple[dict[str, Any], dict[str, Any]]:
        if outcome_id not in self.entries:
            a = assess(store, outcome_id)
            self.entries[outcome_id] = (sof_row(store, a), outcome_entry(a))
        return self.entries[outcome_id]

    def document(self, store: Store, comparison_id: int) -> CertaintyDocument:
        if self.tools is None:
            self.tools = rob_tool_names(store)
        comparison = next(c for c in store.comparisons() if c.id == comparison_id)
        ids = row_outcomes(store, comparison_id)
        rows = [_fresh_marks(self._entry(store, oid)[0]) for oid in ids]
        mark_footnotes(rows)
        sof = {"comparison": comparison.label,
               "intervention": statements.intervention_name(comparison.label,
                                                            comparison.group_label_1),
               "comparator": comparison.group_label_2, "rows": rows,
               "warnings": [f"{len(rows)} outcomes: GRADE advises at most {MAX_ROWS} in a "
                            "Summary of Findings table"] if len(rows) > MAX_ROWS else []}
        grade = {"outcomes": [self._entry(store, o.id)[1]
                              for o in store.outcomes(comparison_id)]}
        return assemble(store, comparison_id, sof, grade, self.tools)
