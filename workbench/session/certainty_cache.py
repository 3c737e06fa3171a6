"""Per-outcome certainty and SoF rows kept between edits, so a typed value recomputes only
the outcome it touched (the SoF tab's budget is one frame; benchmarks.md)."""

from __future__ import annotations

from typing import Any

from workbench.core.grade.document import CertaintyDocument
from workbench.session.certainty import outcome_entry
from workbench.session.certainty_data import assess
from workbench.session.certainty_docs import assemble, rob_tool_names
from workbench.session.changes import Changes
from workbench.session.sof import row_outcomes, sof_row, table_document
from workbench.storage.store import Store


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
        sof = table_document(comparison, [_fresh_marks(self._entry(store, oid)[0])
                                          for oid in ids])
        grade = {"outcomes": [self._entry(store, o.id)[1]
                              for o in store.outcomes(comparison_id)]}
        return assemble(store, comparison_id, sof, grade, self.tools)
