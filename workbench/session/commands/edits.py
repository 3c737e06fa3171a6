"""Commands that change extracted values: typing in a cell, pasting a block, include/exclude."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from workbench.session.changes import Changes
from workbench.session.command import Command, Context
from workbench.storage.store import Store


@dataclass(frozen=True)
class CellEdit:
    """Set one field of one result (study x outcome) to a parsed value; None records NR."""

    result_id: int
    outcome_id: int
    study_id: int
    field: str
    value: float | str | None
    source: str = ""


def _snapshot(store: Store, edit: CellEdit, reviewer_id: int) -> tuple | None:
    return store.value(edit.result_id, reviewer_id, edit.field)


def _restore(store: Store, edit: CellEdit, reviewer_id: int, before: tuple | None) -> None:
    if before is None:
        store.delete_value(edit.result_id, reviewer_id, edit.field)
        return
    num, text, source = before
    store.set_value(edit.result_id, reviewer_id, edit.field,
                    text if text is not None else num, source)


def _edits_changes(edits: list[CellEdit]) -> Changes:
    return Changes(outcomes=frozenset(e.outcome_id for e in edits),
                   studies=frozenset(e.study_id for e in edits))


@dataclass
class EditCells(Command):
    """One or many cells set by the current reviewer: a keystroke edit or a pasted block."""

    edits: list[CellEdit]
    label: str = "Edit value"
    _before: list[tuple | None] = field(default_factory=list, repr=False)
    _reviewer_id: int | None = field(default=None, repr=False)

    def apply(self, ctx: Context) -> Changes:
        # Undo must restore the values of the reviewer who made the edit, even if the
        # current reviewer has changed since.
        if self._reviewer_id is None:
            self._reviewer_id = ctx.reviewer_id
            self._before = [_snapshot(ctx.store, e, ctx.reviewer_id) for e in self.edits]
        for edit in self.edits:
            ctx.store.set_value(edit.result_id, self._reviewer_id, edit.field, edit.value,
                                edit.source)
        return _edits_changes(self.edits)

    def revert(self, ctx: Context) -> Changes:
        for edit, before in zip(self.edits, self._before, strict=True):
            _restore(ctx.store, edit, self._reviewer_id, before)
        return _edits_changes(self.edits)

    def describe(self) -> str:
        if len(self.edits) == 1:
            e = self.edits[0]
            return f"{self.label}: result {e.result_id} {e.field} = {e.value!r}"
        fields = ", ".join(dict.fromkeys(e.field for e in self.edits))
        return f"{self.label}: {len(self.edits)} cells ({fields})"

    def audit(self) -> tuple[Any, Any]:
        before = [None if b is None else (b[1] if b[1] is not None else b[0])
                  for b in self._before]
        after = [e.value for e in self.edits]
        return before, after


@dataclass
class SetStudyField(Command):
    """A study-level extracted field (year) for the current reviewer."""

    study_id: int
    field: str
    value: float | str | None
    label: str = "Edit study"
    _before: tuple | None = field(default=None, repr=False)
    _reviewer_id: int | None = field(default=None, repr=False)

    def apply(self, ctx: Context) -> Changes:
        if self._reviewer_id is None:
            self._reviewer_id = ctx.reviewer_id
            self._before = ctx.store.study_value(self.study_id, ctx.reviewer_id, self.field)
        ctx.store.set_study_value(self.study_id, self._reviewer_id, self.field, self.value)
        return Changes(studies=frozenset({self.study_id}), structure=True)

    def revert(self, ctx: Context) -> Changes:
        if self._before is None:
            ctx.store.delete_study_value(self.study_id, self._reviewer_id, self.field)
        else:
            num, text, source = self._before
            ctx.store.set_study_value(self.study_id, self._reviewer_id, self.field,
                                      text if text is not None else num, source)
        return Changes(studies=frozenset({self.study_id}), structure=True)

    def audit(self) -> tuple[Any, Any]:
        before = None if self._before is None else self._before[0]
        return {"study_id": self.study_id, self.field: before}, {self.field: self.value}


@dataclass
class SetIncluded(Command):
    """Include or exclude a result from its outcome's analysis (a sensitivity choice)."""

    result_id: int
    outcome_id: int
    included: bool

    @property
    def label(self) -> str:  # type: ignore[override]
        return "Include study" if self.included else "Exclude study"

    def apply(self, ctx: Context) -> Changes:
        ctx.store.set_included(self.result_id, self.included)
        return Changes(outcomes=frozenset({self.outcome_id}))

    def revert(self, ctx: Context) -> Changes:
        ctx.store.set_included(self.result_id, not self.included)
        return Changes(outcomes=frozenset({self.outcome_id}))

    def audit(self) -> tuple[Any, Any]:
        return {"included": not self.included}, {"included": self.included}
