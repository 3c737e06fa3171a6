"""The panel's actions on an Evidence-to-Decision framework, each one undoable and audited."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from workbench.core.etd import Framework, FrameworkError, load_framework
from workbench.session.changes import Changes
from workbench.session.command import Command, Context
from workbench.session.commands.structure import CommandError
from workbench.storage import etd_store

RECOMMENDATION = "recommendation"  # votes and dissent on the recommendation itself
_ETD = Changes(etd=True)


def _framework() -> Framework:
    return load_framework()


def _check(call, *args) -> None:
    """Framework checks raise CommandError, so the GUI shows them and nothing changes."""
    try:
        call(*args)
    except FrameworkError as err:
        raise CommandError(str(err)) from err


def _options(criterion: str) -> tuple[str, ...]:
    framework = _framework()
    if criterion == RECOMMENDATION:
        return framework.recommendation_types
    _check(framework.criterion, criterion)
    return framework.criterion(criterion).options


@dataclass
class _JudgementRow(Command):
    """Base: changes part of one criterion's row; keeps the whole old row for undo."""

    comparison_id: int
    criterion: str
    _old: dict[str, Any] | None = field(default=None, repr=False)

    def _new(self) -> dict[str, Any]:
        raise NotImplementedError

    def apply(self, ctx: Context) -> Changes:
        _check(_framework().criterion, self.criterion)
        if self._old is None:
            self._old = etd_store.judgement(ctx.store, self.comparison_id, self.criterion)
        etd_store.set_judgement(ctx.store, self.comparison_id, self.criterion,
                                {**self._old, **self._new()})
        return _ETD

    def revert(self, ctx: Context) -> Changes:
        etd_store.set_judgement(ctx.store, self.comparison_id, self.criterion, self._old)
        return _ETD

    def audit(self) -> tuple[Any, Any]:
        return ({"criterion": self.criterion, **(self._old or {})},
                {"criterion": self.criterion, **self._new()})


@dataclass
class SetEtdJudgement(_JudgementRow):
    """The panel's judgement of one criterion on its scale (None clears it)."""

    judgement: str | None = None
    label: str = "Judge criterion"

    def apply(self, ctx: Context) -> Changes:
        _check(_framework().check_judgement, self.criterion, self.judgement)
        return super().apply(ctx)

    def _new(self) -> dict[str, Any]:
        return {"judgement": self.judgement}

    def describe(self) -> str:
        return f"Judge {self.criterion}: {self.judgement or 'cleared'}"


@dataclass
class SetEtdText(_JudgementRow):
    """A criterion's research evidence or additional considerations."""

    text_field: str = "research_evidence"
    text: str = ""
    label: str = "Edit criterion text"

    def apply(self, ctx: Context) -> Changes:
        if self.text_field not in etd_store.JUDGEMENT_TEXTS:
            raise CommandError(f"{self.criterion}: no text field {self.text_field!r} "
                               f"({', '.join(etd_store.JUDGEMENT_TEXTS)})")
        return super().apply(ctx)

    def _new(self) -> dict[str, Any]:
        return {self.text_field: self.text}


@dataclass
class SetVoteTally(Command):
    """The votes per option the facilitator counted for a criterion (or the recommendation)."""

    comparison_id: int
    criterion: str
    tally: dict[str, int]
    label: str = "Count votes"
    _old: dict[str, int] | None = field(default=None, repr=False)

    def apply(self, ctx: Context) -> Changes:
        options = _options(self.criterion)
        for option, count in self.tally.items():
            if option not in options:
                raise CommandError(f"votes on {self.criterion}: {option!r} is not an option "
                                   f"({' · '.join(options)})")
            if not isinstance(count, int) or isinstance(count, bool) or count < 0:
                raise CommandError(f"votes on {self.criterion}, {option}: {count!r} is not "
                                   "a count (a whole number, 0 or more)")
        if self._old is None:
            self._old = etd_store.votes(ctx.store, self.comparison_id).get(self.criterion, {})
        etd_store.set_votes(ctx.store, self.comparison_id, self.criterion, self.tally)
        return _ETD

    def revert(self, ctx: Context) -> Changes:
        etd_store.set_votes(ctx.store, self.comparison_id, self.criterion, self._old)
        return _ETD

    def audit(self) -> tuple[Any, Any]:
        return self._old, self.tally


@dataclass
class AddDissent(Command):
    """A panel member's dissent from a criterion's judgement or the recommendation, by name."""

    comparison_id: int
    criterion: str
    member: str
    note: str = ""
    label: str = "Record dissent"
    _id: int | None = field(default=None, repr=False)

    def apply(self, ctx: Context) -> Changes:
        _options(self.criterion)
        member = " ".join(self.member.split())
        if not member:
            raise CommandError(f"dissent on {self.criterion}: name the panel member")
        self._id = etd_store.add_dissent(ctx.store, self.comparison_id, self.criterion,
                                         member, self.note.strip(), self._id)
        return _ETD

    def revert(self, ctx: Context) -> Changes:
        etd_store.delete_dissent(ctx.store, self._id)
        return _ETD

    def audit(self) -> tuple[Any, Any]:
        return None, {"criterion": self.criterion, "member": self.member, "note": self.note}


@dataclass
class RemoveDissent(Command):
    dissent_id: int
    label: str = "Remove dissent"
    _old: dict[str, Any] | None = field(default=None, repr=False)

    def apply(self, ctx: Context) -> Changes:
        old = etd_store.dissent_entry(ctx.store, self.dissent_id)
        if old is None:
            raise CommandError(f"dissent {self.dissent_id}: no such entry")
        self._old = old
        etd_store.delete_dissent(ctx.store, self.dissent_id)
        return _ETD

    def revert(self, ctx: Context) -> Changes:
        o = self._old
        etd_store.add_dissent(ctx.store, o["comparison_id"], o["criterion"], o["member"],
                              o["note"], self.dissent_id, o["recorded_at"])
        return _ETD

    def audit(self) -> tuple[Any, Any]:
        return self._old, None


@dataclass
class SetRecommendation(Command):
    """One part of the recommendation: its type, the research-only qualifier or a text."""

    comparison_id: int
    part: str
    value: Any
    label: str = "Edit recommendation"
    _old: Any = field(default=None, repr=False)

    def apply(self, ctx: Context) -> Changes:
        if self.part not in etd_store.RECOMMENDATION_FIELDS:
            raise CommandError(f"recommendation: no part {self.part!r} "
                               f"({', '.join(etd_store.RECOMMENDATION_FIELDS)})")
        if self.part == "type":
            _check(_framework().check_type, self.value)
        elif self.part == "research_only" and not isinstance(self.value, bool):
            raise CommandError("recommendation: 'only in research' is yes or no")
        self._old = etd_store.recommendation(ctx.store, self.comparison_id)[self.part]
        etd_store.set_recommendation(ctx.store, self.comparison_id, {self.part: self.value})
        return _ETD

    def revert(self, ctx: Context) -> Changes:
        etd_store.set_recommendation(ctx.store, self.comparison_id, {self.part: self._old})
        return _ETD

    def describe(self) -> str:
        return f"Edit recommendation: {self.part}"

    def audit(self) -> tuple[Any, Any]:
        return {self.part: self._old}, {self.part: self.value}
