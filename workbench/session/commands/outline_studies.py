"""Outline commands on studies: add, edit, merge two halves of one trial, characteristics."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from workbench.session.changes import Changes
from workbench.session.command import Command, Context
from workbench.session.commands.outline import clean_label
from workbench.session.commands.structure import CommandError
from workbench.storage import outline, rows
from workbench.storage.merge_studies import StudyMerge

CHARACTERISTIC_FIELDS = ("methods", "participants", "interventions", "outcomes", "notes")


@dataclass
class AddStudy(Command):
    """A new study, with the current reviewer's year, and optionally a row in an outcome."""

    name: str
    year: int | None = None
    design: str = "RCT"
    notes: str = ""
    outcome_id: int | None = None
    label: str = "Add study"
    study_id: int | None = None
    result_id: int | None = None

    def apply(self, ctx: Context) -> Changes:
        name = clean_label(self.name, "study")
        if ctx.store.study_id(name) is not None:
            raise CommandError(f"There is already a study called {name!r}")
        if self.year is not None and not 1900 <= self.year <= 2100:
            raise CommandError(f"Study {name!r}: year {self.year} is not between 1900 and 2100")
        self.study_id = ctx.store.add_study(name, self.design.strip() or "RCT", self.study_id)
        outline.set_study_column(ctx.store, self.study_id, "notes", self.notes)
        if self.year is not None:
            ctx.store.set_study_value(self.study_id, ctx.reviewer_id, "year", self.year)
        if self.outcome_id is not None:
            self.result_id = ctx.store.add_result(self.study_id, self.outcome_id)
        return self._changes()

    def revert(self, ctx: Context) -> Changes:
        ctx.store.delete_study(self.study_id)
        return self._changes()

    def _changes(self) -> Changes:
        outcomes = frozenset() if self.outcome_id is None else frozenset({self.outcome_id})
        return Changes(structure=True, studies=frozenset({self.study_id}), outcomes=outcomes)

    def audit(self) -> tuple[Any, Any]:
        return None, {"study": self.name, "year": self.year, "design": self.design}


@dataclass
class EditStudy(Command):
    """A study's label, design and notes (the year is a reviewer's value: SetStudyField)."""

    study_id: int
    name: str
    design: str
    notes: str
    label: str = "Edit study"
    _old: dict[str, str] | None = field(default=None, repr=False)

    def apply(self, ctx: Context) -> Changes:
        name = clean_label(self.name, "study")
        found = ctx.store.study_id(name)
        if found is not None and found != self.study_id:
            raise CommandError(f"There is already a study called {name!r}")
        if self._old is None:
            self._old = outline.study_row(ctx.store, self.study_id)
        self._write(ctx, {"label": name, "design": self.design.strip() or "RCT",
                          "notes": self.notes})
        return Changes(structure=True, studies=frozenset({self.study_id}))

    def revert(self, ctx: Context) -> Changes:
        self._write(ctx, self._old)
        return Changes(structure=True, studies=frozenset({self.study_id}))

    def _write(self, ctx: Context, values: dict[str, str]) -> None:
        for column, value in values.items():
            outline.set_study_column(ctx.store, self.study_id, column, value)

    def audit(self) -> tuple[Any, Any]:
        return self._old, {"label": self.name, "design": self.design, "notes": self.notes}


@dataclass
class MergeStudies(Command):
    """Merge `absorb` into `keep` (one trial an import split in two); no value is lost."""

    keep: int
    absorb: int
    label: str = "Merge studies"
    counts: dict[str, int] = field(default_factory=dict)
    _before: rows.Captured | None = field(default=None, repr=False)
    _names: tuple[str, str] = ("", "")
    _shadows: list[int] = field(default_factory=list, repr=False)

    def apply(self, ctx: Context) -> Changes:
        if self.keep == self.absorb:
            raise CommandError("Choose two different studies to merge")
        names = (ctx.store.study_label(self.keep), ctx.store.study_label(self.absorb))
        if None in names:
            raise CommandError("One of the two studies is no longer in the project")
        self._names = names
        self._before = rows.capture(ctx.store.db, "studies", "id", [self.keep, self.absorb])
        merge = StudyMerge(ctx.store, self.keep, self.absorb)
        self.counts = dict(merge.run())
        self._shadows = merge.shadow_reviewers
        return self._changes()

    def revert(self, ctx: Context) -> Changes:
        ctx.store.delete_study(self.keep)
        for reviewer_id in self._shadows:
            ctx.store.delete_reviewer(reviewer_id)
        rows.restore(ctx.store.db, self._before)
        return self._changes()

    def _changes(self) -> Changes:
        return Changes(structure=True, studies=frozenset({self.keep, self.absorb}),
                       reviewers=bool(self._shadows), rob=True)

    def describe(self) -> str:
        return f"Merge study {self._names[1]!r} into {self._names[0]!r}"

    def audit(self) -> tuple[Any, Any]:
        return {"studies": list(self._names)}, self.counts


@dataclass
class SetCharacteristic(Command):
    """One field of a study's characteristics (RevMan's Characteristics of included studies)."""

    study_id: int
    field_name: str
    text: str
    label: str = "Edit study characteristics"
    _old: str | None = field(default=None, repr=False)

    def apply(self, ctx: Context) -> Changes:
        if self.field_name not in CHARACTERISTIC_FIELDS:
            raise CommandError(f"{self.field_name!r} is not one of "
                               f"{', '.join(CHARACTERISTIC_FIELDS)}")
        if self._old is None:
            self._old = ctx.store.study_characteristics(self.study_id).get(self.field_name, "")
        ctx.store.set_study_characteristic(self.study_id, self.field_name, self.text.strip())
        return Changes(studies=frozenset({self.study_id}))

    def revert(self, ctx: Context) -> Changes:
        ctx.store.set_study_characteristic(self.study_id, self.field_name, self._old)
        return Changes(studies=frozenset({self.study_id}))

    def audit(self) -> tuple[Any, Any]:
        return {self.field_name: self._old}, {self.field_name: self.text}
