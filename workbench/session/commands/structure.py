"""Commands on the review's structure: studies, comparisons, outcomes and their settings."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from workbench.core.limits import MAX_LABEL
from workbench.core.model import AnalysisSettings
from workbench.session.changes import Changes
from workbench.session.command import Command, Context


class CommandError(ValueError):
    """The command cannot run as asked (a duplicate label, say); nothing was changed."""


@dataclass
class RenameStudy(Command):
    study_id: int
    new_label: str
    label: str = "Rename study"
    _old: str | None = field(default=None, repr=False)

    def apply(self, ctx: Context) -> Changes:
        new = " ".join(self.new_label.split())
        if not new:
            raise CommandError("A study needs a label")
        existing = ctx.store.study_id(new)
        if existing is not None and existing != self.study_id:
            raise CommandError(f"There is already a study called {new!r}")
        if self._old is None:
            self._old = ctx.store.study_label(self.study_id)
        ctx.store.rename_study(self.study_id, new)
        return Changes(studies=frozenset({self.study_id}), structure=True)

    def revert(self, ctx: Context) -> Changes:
        ctx.store.rename_study(self.study_id, self._old)
        return Changes(studies=frozenset({self.study_id}), structure=True)

    def describe(self) -> str:
        return f"Rename study {self._old!r} to {self.new_label!r}"

    def audit(self) -> tuple[Any, Any]:
        return {"label": self._old}, {"label": self.new_label}


@dataclass
class AddStudyToOutcome(Command):
    """A new row in an outcome's grid: the study is created when the label is new."""

    outcome_id: int
    study_label: str
    label: str = "Add study"
    _study_id: int | None = field(default=None, repr=False)
    _created_study: bool = field(default=False, repr=False)
    _result_id: int | None = field(default=None, repr=False)

    def apply(self, ctx: Context) -> Changes:
        label = " ".join(self.study_label.split())
        if not label:
            raise CommandError("A study needs a label")
        if len(label) > MAX_LABEL:  # `check` refuses a file holding a longer one
            raise CommandError(f"A study label may have at most {MAX_LABEL:,} characters")
        study_id = ctx.store.study_id(label)
        self._created_study = study_id is None
        if study_id is None:
            study_id = ctx.store.add_study(label, study_id=self._study_id)
        if ctx.store.result_id(study_id, self.outcome_id) is not None:
            raise CommandError(f"{label!r} is already in this outcome")
        self._study_id = study_id
        self._result_id = ctx.store.add_result(study_id, self.outcome_id)
        return Changes(outcomes=frozenset({self.outcome_id}), structure=True)

    def revert(self, ctx: Context) -> Changes:
        ctx.store.delete_result(self._result_id)
        if self._created_study:
            ctx.store.delete_study(self._study_id)
        return Changes(outcomes=frozenset({self.outcome_id}), structure=True)

    @property
    def result_id(self) -> int | None:
        return self._result_id


@dataclass
class SetAnalysisSettings(Command):
    outcome_id: int
    settings: AnalysisSettings
    label: str = "Change analysis settings"
    _old: AnalysisSettings | None = field(default=None, repr=False)

    def apply(self, ctx: Context) -> Changes:
        if self._old is None:
            self._old = ctx.store.outcome(self.outcome_id).settings
        ctx.store.set_settings(self.outcome_id, self.settings)
        return Changes(settings=frozenset({self.outcome_id}))

    def revert(self, ctx: Context) -> Changes:
        ctx.store.set_settings(self.outcome_id, self._old)
        return Changes(settings=frozenset({self.outcome_id}))

    def audit(self) -> tuple[Any, Any]:
        return asdict(self._old) if self._old else None, asdict(self.settings)


@dataclass
class SetGroupLabels(Command):
    comparison_id: int
    group_1: str
    group_2: str
    label: str = "Rename groups"
    _old: tuple[str, str] | None = field(default=None, repr=False)

    def apply(self, ctx: Context) -> Changes:
        if self._old is None:
            found = [c for c in ctx.store.comparisons() if c.id == self.comparison_id]
            self._old = (found[0].group_label_1, found[0].group_label_2)
        ctx.store.set_group_labels(self.comparison_id, self.group_1, self.group_2)
        return Changes(structure=True)

    def revert(self, ctx: Context) -> Changes:
        ctx.store.set_group_labels(self.comparison_id, *self._old)
        return Changes(structure=True)

    def audit(self) -> tuple[Any, Any]:
        return self._old, (self.group_1, self.group_2)


@dataclass
class SetReviewText(Command):
    """The review's title, question or notes."""

    field_name: str
    text: str
    label: str = "Edit review details"
    _old: str | None = field(default=None, repr=False)

    def apply(self, ctx: Context) -> Changes:
        if self._old is None:
            self._old = ctx.store.review()[self.field_name]
        ctx.store.set_review_field(self.field_name, self.text)
        return Changes(review=True)

    def revert(self, ctx: Context) -> Changes:
        ctx.store.set_review_field(self.field_name, self._old)
        return Changes(review=True)

    def audit(self) -> tuple[Any, Any]:
        return {self.field_name: self._old}, {self.field_name: self.text}


@dataclass
class SetFavoursLabels(Command):
    """The 'Favours …' labels of one outcome's forest plot ('' restores the default)."""

    outcome_id: int
    left: str
    right: str
    label: str = "Change 'Favours' labels"
    _old: tuple[str, str] | None = field(default=None, repr=False)

    def apply(self, ctx: Context) -> Changes:
        if self._old is None:
            outcome = ctx.store.outcome(self.outcome_id)
            self._old = (outcome.favours_left, outcome.favours_right)
        ctx.store.set_favours(self.outcome_id, self.left.strip(), self.right.strip())
        return Changes(settings=frozenset({self.outcome_id}))

    def revert(self, ctx: Context) -> Changes:
        ctx.store.set_favours(self.outcome_id, *self._old)
        return Changes(settings=frozenset({self.outcome_id}))

    def audit(self) -> tuple[Any, Any]:
        return self._old, (self.left, self.right)
