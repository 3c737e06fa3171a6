"""Outline commands on comparisons and outcomes: add, edit, reorder, copy settings."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, replace
from typing import Any

from workbench.core.model import MEASURES_BY_TYPE, AnalysisSettings, DataType, Outcome
from workbench.session.changes import Changes
from workbench.session.command import Command, Context
from workbench.session.commands.structure import CommandError
from workbench.storage import outline
from workbench.storage.store import Store


def clean_label(text: str, what: str) -> str:
    label = " ".join(text.split())
    if not label:
        raise CommandError(f"A {what} needs a name")
    return label


def _comparison_clash(store: Store, label: str, own: int | None) -> None:
    found = store.comparison_id(label)
    if found is not None and found != own:
        raise CommandError(f"There is already a comparison called {label!r}")


@dataclass
class AddComparison(Command):
    name: str
    group_1: str = "Experimental"
    group_2: str = "Control"
    label: str = "Add comparison"
    comparison_id: int | None = None

    def apply(self, ctx: Context) -> Changes:
        name = clean_label(self.name, "comparison")
        _comparison_clash(ctx.store, name, None)
        new_id = ctx.store.add_comparison(name, self.group_1.strip() or "Experimental",
                                          self.group_2.strip() or "Control")
        if self.comparison_id is not None and new_id != self.comparison_id:
            ctx.store.execute("UPDATE comparisons SET id = ? WHERE id = ?",
                              [self.comparison_id, new_id])  # redo keeps the first id
        self.comparison_id = self.comparison_id or new_id
        return Changes(structure=True)

    def revert(self, ctx: Context) -> Changes:
        ctx.store.delete_comparison(self.comparison_id)
        return Changes(structure=True)

    def audit(self) -> tuple[Any, Any]:
        return None, {"comparison": self.name, "groups": [self.group_1, self.group_2]}


@dataclass
class EditComparison(Command):
    """Rename a comparison and its two groups."""

    comparison_id: int
    name: str
    group_1: str
    group_2: str
    label: str = "Edit comparison"
    _old: tuple[str, str, str] | None = field(default=None, repr=False)

    def apply(self, ctx: Context) -> Changes:
        name = clean_label(self.name, "comparison")
        groups = (clean_label(self.group_1, "group"), clean_label(self.group_2, "group"))
        _comparison_clash(ctx.store, name, self.comparison_id)
        if self._old is None:
            c = next(c for c in ctx.store.comparisons() if c.id == self.comparison_id)
            self._old = (c.label, c.group_label_1, c.group_label_2)
        self._write(ctx.store, (name, *groups))
        return Changes(structure=True)

    def revert(self, ctx: Context) -> Changes:
        self._write(ctx.store, self._old)
        return Changes(structure=True)

    def _write(self, store: Store, values: tuple[str, str, str]) -> None:
        outline.rename_comparison(store, self.comparison_id, values[0])
        store.set_group_labels(self.comparison_id, values[1], values[2])

    def audit(self) -> tuple[Any, Any]:
        return self._old, (self.name, self.group_1, self.group_2)


@dataclass
class MoveItem(Command):
    """Move a comparison (or an outcome within its comparison) up or down the outline."""

    table: str
    row_id: int
    offset: int
    _old: list[int] | None = field(default=None, repr=False)

    def apply(self, ctx: Context) -> Changes:
        order = self._order(ctx.store)
        at = order.index(self.row_id)
        to = at + self.offset
        if not 0 <= to < len(order):
            raise CommandError("It is already at the " + ("top" if to < 0 else "bottom"))
        self._old = list(order)
        order.insert(to, order.pop(at))
        outline.set_order(ctx.store, self.table, order)
        return Changes(structure=True)

    def revert(self, ctx: Context) -> Changes:
        outline.set_order(ctx.store, self.table, self._old)
        return Changes(structure=True)

    @property
    def label(self) -> str:  # type: ignore[override]
        what = {"comparisons": "comparison", "outcomes": "outcome", "study_outcomes": "study"}
        return f"Move {what.get(self.table, 'item')} " + ("up" if self.offset < 0 else "down")

    def _order(self, store: Store) -> list[int]:
        """The siblings: all comparisons, a comparison's outcomes, or an outcome's studies."""
        if self.table == "comparisons":
            return outline.positions(store, "comparisons")
        if self.table == "study_outcomes":
            parent = store.one("SELECT outcome_id FROM study_outcomes WHERE id = ?",
                               [self.row_id])
            return outline.positions(store, "study_outcomes", "WHERE outcome_id = ?", (parent,))
        parent = store.outcome(self.row_id).comparison_id
        return outline.positions(store, "outcomes", "WHERE comparison_id = ?", (parent,))

    def audit(self) -> tuple[Any, Any]:
        return {"order": self._old}, {"moved": self.row_id, "by": self.offset}


@dataclass(frozen=True)
class OutcomeSpec:
    """What the outcome dialog edits: name, data type, measure and direction."""

    name: str
    data_type: DataType
    measure: str
    higher_is_better: bool | None = None


def _check_spec(store: Store, comparison_id: int, spec: OutcomeSpec, own: int | None) -> str:
    name = clean_label(spec.name, "outcome")
    if spec.measure not in MEASURES_BY_TYPE[spec.data_type]:
        raise CommandError(f"Outcome {name!r}: {spec.measure} is not a measure for "
                           f"{spec.data_type} data")
    found = store.outcome_id(comparison_id, name)
    if found is not None and found != own:
        raise CommandError(f"This comparison already has an outcome called {name!r}")
    return name


@dataclass
class AddOutcome(Command):
    comparison_id: int
    spec: OutcomeSpec
    label: str = "Add outcome"
    outcome_id: int | None = None

    def apply(self, ctx: Context) -> Changes:
        name = _check_spec(ctx.store, self.comparison_id, self.spec, None)
        method = "MH" if self.spec.data_type == DataType.DICHOTOMOUS else "REML"
        settings = AnalysisSettings(measure=self.spec.measure, method=method)
        new_id = ctx.store.add_outcome(self.comparison_id, name, self.spec.data_type, settings)
        if self.outcome_id is not None and new_id != self.outcome_id:
            ctx.store.execute("UPDATE outcomes SET id = ? WHERE id = ?", [self.outcome_id, new_id])
        self.outcome_id = self.outcome_id or new_id
        ctx.store.set_outcome_attribute(self.outcome_id, "higher_is_better",
                                        self.spec.higher_is_better)
        return Changes(structure=True, outcomes=frozenset({self.outcome_id}))

    def revert(self, ctx: Context) -> Changes:
        ctx.store.delete_outcome(self.outcome_id)
        return Changes(structure=True, outcomes=frozenset({self.outcome_id}))

    def audit(self) -> tuple[Any, Any]:
        return None, {"outcome": self.spec.name, "data_type": str(self.spec.data_type),
                      "measure": self.spec.measure, "higher_is_better": self.spec.higher_is_better}


def _spec_of(outcome: Outcome) -> OutcomeSpec:
    return OutcomeSpec(outcome.label, outcome.data_type, outcome.settings.measure,
                       outcome.higher_is_better)


@dataclass
class EditOutcome(Command):
    """Rename an outcome, change its measure, its direction or (while empty) its data type."""

    outcome_id: int
    spec: OutcomeSpec
    label: str = "Edit outcome"
    _old: OutcomeSpec | None = field(default=None, repr=False)

    def apply(self, ctx: Context) -> Changes:
        outcome = ctx.store.outcome(self.outcome_id)
        name = _check_spec(ctx.store, outcome.comparison_id, self.spec, self.outcome_id)
        if self.spec.data_type != outcome.data_type and _holds_values(ctx.store, outcome.id):
            raise CommandError(f"Outcome {outcome.label!r} holds {outcome.data_type} values: "
                               "its data type can change only while it has none")
        if self._old is None:
            self._old = _spec_of(outcome)
        self._write(ctx.store, replace(self.spec, name=name))
        return Changes(structure=True, settings=frozenset({self.outcome_id}))

    def revert(self, ctx: Context) -> Changes:
        self._write(ctx.store, self._old)
        return Changes(structure=True, settings=frozenset({self.outcome_id}))

    def _write(self, store: Store, spec: OutcomeSpec) -> None:
        outcome = store.outcome(self.outcome_id)
        outline.rename_outcome(store, self.outcome_id, spec.name)
        outline.set_data_type(store, self.outcome_id, str(spec.data_type))
        method = outcome.settings.method
        if spec.measure not in ("RR", "OR", "RD") and method in ("MH", "PETO"):
            method = "FE"  # Mantel-Haenszel and Peto exist for 2x2 tables only
        store.set_settings(self.outcome_id, replace(outcome.settings, measure=spec.measure,
                                                    method=method))
        store.set_outcome_attribute(self.outcome_id, "higher_is_better", spec.higher_is_better)

    def audit(self) -> tuple[Any, Any]:
        old = None if self._old is None else {**asdict(self._old),
                                              "data_type": str(self._old.data_type)}
        return old, {**asdict(self.spec), "data_type": str(self.spec.data_type)}


def _holds_values(store: Store, outcome_id: int) -> bool:
    return bool(store.one(
        "SELECT COUNT(*) FROM extracted_values v JOIN study_outcomes so ON so.id = "
        "v.study_outcome_id WHERE so.outcome_id = ? AND v.field != 'subgroup'", [outcome_id]))


@dataclass
class CopyOutcomeSettings(Command):
    """Give other outcomes this one's analysis settings and direction (measure only where
    the data type allows it)."""

    source_id: int
    target_ids: list[int]
    label: str = "Copy analysis settings"
    _old: dict[int, tuple[AnalysisSettings, bool | None]] = field(default_factory=dict,
                                                                   repr=False)

    def apply(self, ctx: Context) -> Changes:
        source = ctx.store.outcome(self.source_id)
        targets = [ctx.store.outcome(t) for t in self.target_ids if t != self.source_id]
        if not targets:
            raise CommandError("Choose at least one other outcome to copy the settings to")
        self._old = {t.id: (t.settings, t.higher_is_better) for t in targets}
        for target in targets:
            settings = source.settings
            if settings.measure not in MEASURES_BY_TYPE[target.data_type]:
                settings = replace(settings, measure=target.settings.measure,
                                   method=_method_for(settings.method, target.settings.measure))
            ctx.store.set_settings(target.id, settings)
            ctx.store.set_outcome_attribute(target.id, "higher_is_better",
                                            source.higher_is_better)
        return Changes(settings=frozenset(self._old), structure=True)

    def revert(self, ctx: Context) -> Changes:
        for outcome_id, (settings, direction) in self._old.items():
            ctx.store.set_settings(outcome_id, settings)
            ctx.store.set_outcome_attribute(outcome_id, "higher_is_better", direction)
        return Changes(settings=frozenset(self._old), structure=True)

    def audit(self) -> tuple[Any, Any]:
        return ({str(k): asdict(v[0]) for k, v in self._old.items()},
                {"from": self.source_id, "to": self.target_ids})


def _method_for(method: str, measure: str) -> str:
    return "FE" if method in ("MH", "PETO") and measure not in ("RR", "OR", "RD") else method
