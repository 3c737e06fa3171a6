"""Deleting a part of the review with everything under it, as one undoable step."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from workbench.session.changes import Changes
from workbench.session.command import Command, Context
from workbench.storage import rows
from workbench.storage.store import Store


def deletion_preview(store: Store, table: str, row_id: int) -> str:
    """What deleting the row would take with it, for the confirmation ('' when nothing)."""
    return rows.loss_text(rows.capture(store.db, table, "id", [row_id]), skip=table)


@dataclass
class DeleteRow(Command):
    """Delete a comparison, outcome or study by id; undo puts back every row it took."""

    table: str
    row_id: int
    name: str = ""
    label: str = "Delete"
    _captured: rows.Captured | None = field(default=None, repr=False)

    def apply(self, ctx: Context) -> Changes:
        if ctx.store.one(f"SELECT COUNT(*) FROM {self.table} WHERE id = ?", [self.row_id]) == 0:
            raise ValueError(f"{self.name or self.table}: it is no longer in the project")
        self._captured = rows.delete_with_dependants(ctx.store.db, self.table, [self.row_id])
        return self._changes()

    def revert(self, ctx: Context) -> Changes:
        rows.restore(ctx.store.db, self._captured)
        return self._changes()

    def _changes(self) -> Changes:
        studies = frozenset({self.row_id}) if self.table == "studies" else frozenset()
        outcomes = frozenset({self.row_id}) if self.table == "outcomes" else frozenset()
        return Changes(structure=True, studies=studies, outcomes=outcomes, rob=True)

    def loss(self) -> str:
        """What the delete took: '3 results, 24 extracted values' ('' for nothing)."""
        return "" if self._captured is None else rows.loss_text(self._captured, self.table)

    def describe(self) -> str:
        lost = self.loss()
        return f"{self.label} {self.name!r}" + (f" with {lost}" if lost else "")

    def audit(self) -> tuple[Any, Any]:
        counts = dict(self._captured.counts()) if self._captured else {}
        return {"name": self.name, "rows": counts}, None


def delete_comparison(store: Store, comparison_id: int) -> DeleteRow:
    label = store.one("SELECT label FROM comparisons WHERE id = ?", [comparison_id]) or ""
    return DeleteRow("comparisons", comparison_id, label, "Delete comparison")


def delete_outcome(store: Store, outcome_id: int) -> DeleteRow:
    label = store.one("SELECT label FROM outcomes WHERE id = ?", [outcome_id]) or ""
    return DeleteRow("outcomes", outcome_id, label, "Delete outcome")


def delete_study(store: Store, study_id: int) -> DeleteRow:
    return DeleteRow("studies", study_id, store.study_label(study_id) or "", "Delete study")


def remove_from_outcome(store: Store, result_id: int) -> DeleteRow:
    """Take a study out of one outcome (its values for that outcome go; the study stays)."""
    label = store.one("SELECT s.label FROM study_outcomes so JOIN studies s ON s.id = "
                      "so.study_id WHERE so.id = ?", [result_id]) or ""
    return DeleteRow("study_outcomes", result_id, label, "Remove study from outcome")
