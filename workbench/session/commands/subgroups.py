"""Subgroup commands: add, rename, delete a subgroup of an outcome; move a study between them.

A study's subgroup stays an extracted field of its result ("subgroup", per reviewer), so
imports, dual extraction and conflicts treat it like any other value. Placing a study in a
subgroup here is an author's decision on the outline, so it is written for every reviewer
who placed the study (and the agreed value, if any), never for one reviewer only.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from workbench.session.changes import Changes
from workbench.session.command import Command, Context
from workbench.session.commands.outline import clean_label
from workbench.session.commands.structure import CommandError
from workbench.storage import outline, rows


def _changes(outcome_id: int) -> Changes:
    return Changes(structure=True, outcomes=frozenset({outcome_id}))


@dataclass
class AddSubgroup(Command):
    outcome_id: int
    name: str
    label: str = "Add subgroup"

    def apply(self, ctx: Context) -> Changes:
        name = clean_label(self.name, "subgroup")
        if name in outline.subgroups(ctx.store, self.outcome_id):
            raise CommandError(f"This outcome already has a subgroup called {name!r}")
        self.name = name
        outline.declare_subgroup(ctx.store, self.outcome_id, name)
        return _changes(self.outcome_id)

    def revert(self, ctx: Context) -> Changes:
        outline.undeclare_subgroup(ctx.store, self.outcome_id, self.name)
        return _changes(self.outcome_id)

    def audit(self) -> tuple[Any, Any]:
        return None, {"subgroup": self.name}


@dataclass
class RenameSubgroup(Command):
    """Rename a subgroup everywhere: its declaration and every reviewer's and agreed value."""

    outcome_id: int
    old: str
    new: str
    label: str = "Rename subgroup"
    _cells: list[tuple[str, int, int]] = field(default_factory=list, repr=False)
    _declared: bool = False

    def apply(self, ctx: Context) -> Changes:
        new = clean_label(self.new, "subgroup")
        names = outline.subgroups(ctx.store, self.outcome_id)
        if self.old not in names:
            raise CommandError(f"This outcome has no subgroup called {self.old!r}")
        if new != self.old and new in names:
            raise CommandError(f"This outcome already has a subgroup called {new!r}")
        self.new = new
        self._declared = self.old in outline.declared_subgroups(ctx.store, self.outcome_id)
        self._cells = outline.subgroup_cells(ctx.store, self.outcome_id, self.old)
        self._write(ctx, self.old, new)
        return _changes(self.outcome_id)

    def revert(self, ctx: Context) -> Changes:
        self._write(ctx, self.new, self.old)
        return _changes(self.outcome_id)

    def _write(self, ctx: Context, old: str, new: str) -> None:
        if self._declared:
            outline.rename_subgroup_declared(ctx.store, self.outcome_id, old, new)
        for kind, row_id, _result in self._cells:
            outline.set_cell_text(ctx.store, kind, row_id, new)

    def audit(self) -> tuple[Any, Any]:
        return {"subgroup": self.old}, {"subgroup": self.new, "cells": len(self._cells)}


@dataclass
class MoveToSubgroup(Command):
    """Place a study (its result in this outcome) in a subgroup; '' takes it out of any."""

    outcome_id: int
    result_id: int
    subgroup: str
    label: str = "Move study to subgroup"
    _before: rows.Captured | None = field(default=None, repr=False)
    _reviewer_id: int | None = field(default=None, repr=False)
    _declared_new: bool = field(default=False, repr=False)

    def apply(self, ctx: Context) -> Changes:
        target = " ".join(self.subgroup.split())
        self._declared_new = bool(target) and target not in outline.subgroups(
            ctx.store, self.outcome_id)
        if self._declared_new:
            outline.declare_subgroup(ctx.store, self.outcome_id, target)
        if self._before is None:
            self._reviewer_id = ctx.reviewer_id
            self._before = outline.result_subgroup_rows(ctx.store, self.result_id)
        placed = outline.result_subgroup_values(ctx.store, self.result_id)
        for reviewer_id in {r for r, _ in placed} | {self._reviewer_id}:
            if target:
                ctx.store.set_value(self.result_id, reviewer_id, "subgroup", target)
            else:  # out of every subgroup: no value at all, not a recorded "NR"
                ctx.store.delete_value(self.result_id, reviewer_id, "subgroup")
        agreed = outline.result_subgroup_consensus(ctx.store, self.result_id)
        if agreed is not None:
            new = (target, agreed[1], agreed[2], "moved in the outline") if target else None
            outline.set_result_subgroup_consensus(ctx.store, self.result_id, new)
        return self._changes(ctx)

    def _changes(self, ctx: Context) -> Changes:
        study = ctx.store.one("SELECT study_id FROM study_outcomes WHERE id = ?",
                              [self.result_id])
        return _changes(self.outcome_id) | Changes(
            studies=frozenset() if study is None else frozenset({study}))

    def revert(self, ctx: Context) -> Changes:
        outline.restore_result_subgroup(ctx.store, self.result_id, self._before)
        if self._declared_new:
            outline.undeclare_subgroup(ctx.store, self.outcome_id, " ".join(
                self.subgroup.split()))
        return self._changes(ctx)

    def audit(self) -> tuple[Any, Any]:
        before = None if self._before is None else sorted(
            {str(v[c.index("value_text")]) for _t, c, v in self._before.rows})
        return {"subgroup": before}, {"subgroup": self.subgroup}


@dataclass
class DeleteSubgroup(Command):
    """Remove a subgroup: its studies stay in the outcome, outside any subgroup."""

    outcome_id: int
    name: str
    label: str = "Delete subgroup"
    _moves: list[MoveToSubgroup] = field(default_factory=list, repr=False)
    _declared: bool = False

    def apply(self, ctx: Context) -> Changes:
        if self.name not in outline.subgroups(ctx.store, self.outcome_id):
            raise CommandError(f"This outcome has no subgroup called {self.name!r}")
        results = sorted({c[2] for c in outline.subgroup_cells(ctx.store, self.outcome_id,
                                                                self.name)})
        self._declared = self.name in outline.declared_subgroups(ctx.store, self.outcome_id)
        self._moves = [MoveToSubgroup(self.outcome_id, r, "") for r in results]
        for move in self._moves:
            move.apply(ctx)
        outline.undeclare_subgroup(ctx.store, self.outcome_id, self.name)
        return _changes(self.outcome_id)

    def revert(self, ctx: Context) -> Changes:
        if self._declared:
            outline.declare_subgroup(ctx.store, self.outcome_id, self.name)
        for move in reversed(self._moves):
            move.revert(ctx)
        return _changes(self.outcome_id)

    def audit(self) -> tuple[Any, Any]:
        return {"subgroup": self.name, "studies": len(self._moves)}, None


class PlaceNewStudy(MoveToSubgroup):
    """Places the study an AddStudy in the same Batch has just created in a subgroup (its
    result id is known only once the AddStudy ran)."""

    def __init__(self, add: Any, outcome_id: int, subgroup: str):
        super().__init__(outcome_id, 0, subgroup)
        self._add = add

    def apply(self, ctx: Context) -> Changes:
        self.result_id = self._add.result_id
        return super().apply(ctx)


@dataclass
class MoveSubgroup(Command):
    """Move a subgroup up or down its outcome's list (the forest plot's order of subgroups)."""

    outcome_id: int
    name: str
    offset: int
    label: str = "Move subgroup"
    _before: rows.Captured | None = field(default=None, repr=False)

    def apply(self, ctx: Context) -> Changes:
        order = outline.subgroups(ctx.store, self.outcome_id)
        if self.name not in order:
            raise CommandError(f"This outcome has no subgroup called {self.name!r}")
        at, to = order.index(self.name), order.index(self.name) + self.offset
        if not 0 <= to < len(order):
            raise CommandError("It is already at the " + ("top" if to < 0 else "bottom"))
        self._before = outline.subgroup_rows(ctx.store, self.outcome_id)
        order.insert(to, order.pop(at))
        for name in order:  # a subgroup only typed or imported is declared, to have a place
            outline.declare_subgroup(ctx.store, self.outcome_id, name)
        ids = [ctx.store.one("SELECT id FROM subgroups WHERE outcome_id = ? AND label = ?",
                             [self.outcome_id, name]) for name in order]
        outline.set_order(ctx.store, "subgroups", ids)
        return _changes(self.outcome_id)

    def revert(self, ctx: Context) -> Changes:
        outline.restore_subgroup_rows(ctx.store, self.outcome_id, self._before)
        return _changes(self.outcome_id)

    def audit(self) -> tuple[Any, Any]:
        return {"subgroup": self.name}, {"moved by": self.offset}
