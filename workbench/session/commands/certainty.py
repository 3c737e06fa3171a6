"""Certainty commands: judge a GRADE domain, set the outcome's GRADE settings and baselines,
edit a SoF statement, choose the SoF rows. Each is one undoable, audited step."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from workbench.core.grade.model import (
    DESIGNS,
    THRESHOLD_KINDS,
    Baseline,
    GradeSettings,
    check_level,
)
from workbench.session.changes import Changes
from workbench.session.command import Command, Context
from workbench.session.commands.structure import CommandError
from workbench.storage import certainty_store as cs

KEEP: Any = type("Keep", (), {"__repr__": lambda self: "KEEP"})()  # "leave as it is"


def _outcome(ctx: Context, outcome_id: int):
    outcome = ctx.store.outcome(outcome_id)
    if outcome is None:
        raise CommandError(f"outcome {outcome_id} does not exist")
    return outcome


def _grade(outcome_id: int) -> Changes:
    """Certainty views refresh on `grade`; the outcome's data (and plot) did not change."""
    return Changes(grade=True)


@dataclass
class SetCertaintyJudgement(Command):
    """The current reviewer's level for one domain of an outcome (None clears it). Accepting
    the suggestion needs no reason (the rule is the footnote); overriding it does."""

    outcome_id: int
    domain: str
    level: int | None
    reason: str = ""
    label: str = "Judge certainty"
    _reviewer_id: int | None = field(default=None, repr=False)
    _before: tuple | None = field(default=None, repr=False)
    _after: tuple | None = field(default=None, repr=False)

    def apply(self, ctx: Context) -> Changes:
        if self._reviewer_id is None:
            _outcome(ctx, self.outcome_id)
            self._after = self._new_row(ctx)
            self._reviewer_id = ctx.reviewer_id
            self._before = cs.get_judgement(ctx.store, self.outcome_id, self._reviewer_id,
                                            self.domain)
        cs.set_judgement(ctx.store, self.outcome_id, self._reviewer_id, self.domain,
                         self._after)
        return _grade(self.outcome_id)

    def _new_row(self, ctx: Context) -> tuple | None:
        from workbench.session.certainty import domain_state

        if self.level is None:
            return None
        try:
            check_level(self.domain, self.level)
        except ValueError as err:
            raise CommandError(str(err)) from err
        state = domain_state(ctx.store, self.outcome_id, self.domain)
        reason = " ".join((self.reason or "").split())
        if not reason and self.level != state.suggested:
            raise CommandError(f"{self.domain}: overriding the suggestion "
                               f"({_signed(state.suggested)}) needs a reason")
        return (self.level, reason or state.rule, state.snapshot)

    def revert(self, ctx: Context) -> Changes:
        cs.set_judgement(ctx.store, self.outcome_id, self._reviewer_id, self.domain,
                         self._before)
        return _grade(self.outcome_id)

    def describe(self) -> str:
        what = "clear" if self.level is None else _signed(self.level)
        return f"Certainty of outcome {self.outcome_id}, {self.domain}: {what}"

    def audit(self) -> tuple[Any, Any]:
        return (None if self._before is None else list(self._before[:2]),
                None if self._after is None else list(self._after[:2]))


def _signed(level: int | None) -> str:
    return "none" if level is None else f"{level:+d}" if level else "0"


@dataclass
class SetCertaintySettings(Command):
    """An outcome's GRADE settings; fields left at KEEP are not changed. `thresholds` is
    (lo, hi) on the scale `threshold_kind` names (a MID X is (-X, X)), or None for the
    measure's defaults; `design` None reads the design from the studies."""

    outcome_id: int
    thresholds: Any = KEEP
    threshold_kind: Any = KEEP
    design: Any = KEEP
    importance: Any = KEEP
    higher_is_better: Any = KEEP
    label: str = "Change certainty settings"
    _old: tuple | None = field(default=None, repr=False)
    _new: tuple | None = field(default=None, repr=False)

    def apply(self, ctx: Context) -> Changes:
        if self._old is None:
            self._old = self._read(ctx)
            self._new = self._merged(ctx, self._old)
        self._write(ctx, self._new)
        return _grade(self.outcome_id)

    def revert(self, ctx: Context) -> Changes:
        self._write(ctx, self._old)
        return _grade(self.outcome_id)

    def _read(self, ctx: Context) -> tuple:
        outcome = _outcome(ctx, self.outcome_id)
        grade = cs.settings(ctx.store, self.outcome_id)
        return (grade.thresholds, grade.threshold_kind, grade.design, outcome.importance,
                outcome.higher_is_better)

    def _merged(self, ctx: Context, old: tuple) -> tuple:
        asked = (self.thresholds, self.threshold_kind, self.design, self.importance,
                 self.higher_is_better)
        new = tuple(o if a is KEEP else a for o, a in zip(old, asked, strict=True))
        _check_settings(ctx, self.outcome_id, *new)
        return new

    def _write(self, ctx: Context, values: tuple) -> None:
        thresholds, kind, design, importance, higher = values
        cs.set_settings(ctx.store, self.outcome_id, GradeSettings(
            design=design, thresholds=None if thresholds is None else tuple(thresholds),
            threshold_kind=kind))
        ctx.store.set_outcome_attribute(self.outcome_id, "importance", importance)
        ctx.store.set_outcome_attribute(self.outcome_id, "higher_is_better", higher)

    def audit(self) -> tuple[Any, Any]:
        keys = ("thresholds", "threshold_kind", "design", "importance", "higher_is_better")
        return (dict(zip(keys, self._old or (), strict=False)),
                dict(zip(keys, self._new or (), strict=False)))


def _check_settings(ctx: Context, outcome_id: int, thresholds, kind, design, importance,
                    higher) -> None:
    """Refuse what the rules cannot use, naming the setting."""
    from workbench.core.grade.thresholds import check_thresholds

    if kind not in THRESHOLD_KINDS:
        raise CommandError(f"threshold kind must be one of {', '.join(THRESHOLD_KINDS)}")
    if design is not None and design not in DESIGNS:
        raise CommandError(f"design must be one of {', '.join(DESIGNS)}, not {design!r}")
    if importance is not None and (isinstance(importance, bool) or importance not in
                                   range(1, 10)):
        raise CommandError(f"importance must be an integer from 1 to 9, not {importance!r}")
    if higher not in (None, True, False):
        raise CommandError("higher_is_better must be true, false or not set")
    if thresholds is not None:
        outcome = ctx.store.outcome(outcome_id)
        try:
            check_thresholds(outcome.data_type, outcome.settings.measure.upper(), kind,
                             tuple(thresholds), outcome.settings.log_scale)
        except ValueError as err:
            raise CommandError(str(err)) from err


def _baseline(value: Any) -> Baseline:
    """A Baseline from itself, "study", "median" or (label, risk)."""
    if isinstance(value, Baseline):
        return value
    if value in ("study", "median"):
        return Baseline.study() if value == "study" else Baseline.median()
    try:
        label, risk = value
        return Baseline("typed", str(label).strip(), float(risk))
    except (TypeError, ValueError) as err:
        raise CommandError(f"not a baseline: {value!r}") from err


@dataclass
class SetBaselines(Command):
    """The baseline (assumed comparator) risks the SoF shows for a dichotomous outcome, in
    order: Baseline objects, "study", "median" or (label, risk); an empty list restores the
    default (the study population's)."""

    outcome_id: int
    baselines: list[Any] | tuple[Any, ...]
    label: str = "Change baseline risks"
    _old: tuple[Baseline, ...] | None = field(default=None, repr=False)

    def apply(self, ctx: Context) -> Changes:
        new = tuple(_baseline(b) for b in self.baselines)
        for b in new:
            if b.kind not in ("study", "median", "typed"):
                raise CommandError(f"unknown baseline kind {b.kind!r}")
            if b.kind == "typed" and not (b.risk is not None and 0 < b.risk < 1):
                raise CommandError(f"baseline {b.label!r}: a risk must lie between 0 and 1")
        if self._old is None:
            _outcome(ctx, self.outcome_id)
            self._old = cs.baselines(ctx.store, self.outcome_id)
        cs.set_baselines(ctx.store, self.outcome_id, new)
        return _grade(self.outcome_id)

    def revert(self, ctx: Context) -> Changes:
        cs.set_baselines(ctx.store, self.outcome_id, self._old)
        return _grade(self.outcome_id)

    def audit(self) -> tuple[Any, Any]:
        def plain(values):
            return [[b.kind, b.label, b.risk] for b in map(_baseline, values or ())]
        return plain(self._old), plain(self.baselines)


@dataclass
class SetSofStatement(Command):
    """The plain-language statement of an outcome's SoF row: the reviewer's text (kept and
    marked edited), or None to restore the generated one."""

    outcome_id: int
    text: str | None
    label: str = "Edit statement"
    _old: tuple | None = field(default=None, repr=False)
    _new: tuple | None = field(default=None, repr=False)
    _captured: bool = field(default=False, repr=False)

    def apply(self, ctx: Context) -> Changes:
        from workbench.session.certainty import statement_snapshot

        if not self._captured:
            _outcome(ctx, self.outcome_id)
            text = " ".join((self.text or "").split())
            if self.text is not None and not text:
                raise CommandError("A statement needs some text (or restore the generated one)")
            self._old = cs.statement(ctx.store, self.outcome_id)
            self._new = None if self.text is None else (
                text, statement_snapshot(ctx.store, self.outcome_id), ctx.reviewer_id)
            self._captured = True
        cs.set_statement(ctx.store, self.outcome_id, self._new)
        return _grade(self.outcome_id)

    def revert(self, ctx: Context) -> Changes:
        cs.set_statement(ctx.store, self.outcome_id, self._old)
        return _grade(self.outcome_id)

    def audit(self) -> tuple[Any, Any]:
        return (None if self._old is None else self._old[0],
                None if self._new is None else self._new[0])


@dataclass
class SetSofRows(Command):
    """Which outcomes of a comparison the SoF shows, in order (None: all, project order)."""

    comparison_id: int
    outcome_ids: list[int] | None
    label: str = "Choose Summary of Findings rows"
    _old: list[int] | None = field(default=None, repr=False)
    _captured: bool = field(default=False, repr=False)

    def apply(self, ctx: Context) -> Changes:
        ids = None if self.outcome_ids is None else list(self.outcome_ids)
        own = {o.id for o in ctx.store.outcomes(self.comparison_id)}
        if ids is not None and (set(ids) - own or len(set(ids)) != len(ids)):
            raise CommandError("SoF rows must be distinct outcomes of this comparison")
        if not self._captured:
            self._old = cs.sof_rows(ctx.store, self.comparison_id)
            self._captured = True
        cs.set_sof_rows(ctx.store, self.comparison_id, ids)
        return Changes(grade=True)

    def revert(self, ctx: Context) -> Changes:
        cs.set_sof_rows(ctx.store, self.comparison_id, self._old)
        return Changes(grade=True)

    def audit(self) -> tuple[Any, Any]:
        return self._old, self.outcome_ids


@dataclass
class SetNarrative(Command):
    """Make an outcome narrative (the reviewer's text replaces its effects in the SoF and
    every domain is judged by hand), or None to analyse it again."""

    outcome_id: int
    text: str | None
    label: str = "Narrative outcome"
    _old: str | None = field(default=None, repr=False)
    _captured: bool = field(default=False, repr=False)

    def apply(self, ctx: Context) -> Changes:
        text = None if self.text is None else " ".join(self.text.split())
        if self.text is not None and not text:
            raise CommandError("A narrative outcome needs its text")
        if not self._captured:
            _outcome(ctx, self.outcome_id)
            self._old = cs.narrative(ctx.store, self.outcome_id)
            self._captured = True
        cs.set_narrative(ctx.store, self.outcome_id, text)
        return _grade(self.outcome_id)

    def revert(self, ctx: Context) -> Changes:
        cs.set_narrative(ctx.store, self.outcome_id, self._old)
        return _grade(self.outcome_id)

    def audit(self) -> tuple[Any, Any]:
        return self._old, self.text
