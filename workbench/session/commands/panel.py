"""Panel members (presence, conflicts of interest) and keeping a what-if as the analysis."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from workbench.core.model import AnalysisSettings
from workbench.session.changes import Changes
from workbench.session.command import Command, Context
from workbench.session.commands.structure import CommandError
from workbench.storage import etd_store

_ETD = Changes(etd=True)


def _clean_name(name: str) -> str:
    cleaned = " ".join(str(name).split())
    if not cleaned:
        raise CommandError("panel member: a name is needed")
    return cleaned


@dataclass
class AddPanelMember(Command):
    name: str
    role: str = ""
    present: bool = True
    coi_declared: bool = False
    coi_text: str = ""
    label: str = "Add panel member"
    _id: int | None = field(default=None, repr=False)

    def _values(self) -> dict[str, Any]:
        return {"name": _clean_name(self.name), "role": self.role.strip(),
                "present": self.present, "coi_declared": self.coi_declared,
                "coi_text": self.coi_text.strip()}

    def apply(self, ctx: Context) -> Changes:
        values = self._values()
        if etd_store.member_id(ctx.store, values["name"]) is not None:
            raise CommandError(f"panel member {values['name']!r} is already on the panel")
        self._id = etd_store.add_member(ctx.store, values, self._id)
        return _ETD

    def revert(self, ctx: Context) -> Changes:
        etd_store.delete_member(ctx.store, self._id)
        return _ETD

    def audit(self) -> tuple[Any, Any]:
        return None, self._values()


@dataclass
class UpdatePanelMember(Command):
    """One field of a member: name, role, present, coi_declared or coi_text."""

    member_id: int
    field_name: str
    value: Any
    label: str = "Edit panel member"
    _old: Any = field(default=None, repr=False)

    def apply(self, ctx: Context) -> Changes:
        member = etd_store.member(ctx.store, self.member_id)
        if member is None:
            raise CommandError(f"panel member {self.member_id}: not on the panel")
        if self.field_name not in etd_store.MEMBER_FIELDS:
            raise CommandError(f"panel member {member['name']}: no field {self.field_name!r}")
        value = self.value
        if self.field_name in ("present", "coi_declared") and not isinstance(value, bool):
            raise CommandError(f"panel member {member['name']}: {self.field_name} is yes or no")
        if self.field_name == "name":
            value = _clean_name(value)
            other = etd_store.member_id(ctx.store, value)
            if other not in (None, self.member_id):
                raise CommandError(f"panel member {value!r} is already on the panel")
        self._old = member[self.field_name]
        etd_store.update_member(ctx.store, self.member_id, {self.field_name: value})
        return _ETD

    def revert(self, ctx: Context) -> Changes:
        etd_store.update_member(ctx.store, self.member_id, {self.field_name: self._old})
        return _ETD

    def audit(self) -> tuple[Any, Any]:
        return {self.field_name: self._old}, {self.field_name: self.value}


@dataclass
class RemovePanelMember(Command):
    member_id: int
    label: str = "Remove panel member"
    _old: dict[str, Any] | None = field(default=None, repr=False)

    def apply(self, ctx: Context) -> Changes:
        member = etd_store.member(ctx.store, self.member_id)
        if member is None:
            raise CommandError(f"panel member {self.member_id}: not on the panel")
        self._old = member
        etd_store.delete_member(ctx.store, self.member_id)
        return _ETD

    def revert(self, ctx: Context) -> Changes:
        etd_store.add_member(ctx.store, self._old, self.member_id)
        return _ETD

    def audit(self) -> tuple[Any, Any]:
        return self._old, None


@dataclass
class KeepWhatIf(Command):
    """Store a what-if as the outcome's analysis: its settings, and its left-out results
    marked as not included. One step; undo brings back the stored analysis."""

    outcome_id: int
    settings: AnalysisSettings
    excluded: frozenset[int] = frozenset()
    label: str = "Keep what-if"
    _old_settings: AnalysisSettings | None = field(default=None, repr=False)
    _newly_excluded: tuple[int, ...] = field(default=(), repr=False)

    @classmethod
    def from_scenario(cls, scenario, outcome_id: int, stored: AnalysisSettings) -> KeepWhatIf:
        """From a session Scenario: this outcome's settings and its left-out results."""
        return cls(outcome_id, scenario.settings_for(outcome_id, stored),
                   frozenset(scenario.excluded))

    def apply(self, ctx: Context) -> Changes:
        outcome = ctx.store.outcome(self.outcome_id)
        if outcome is None:
            raise CommandError(f"outcome {self.outcome_id}: no such outcome")
        results = {r["result_id"]: r for r in ctx.store.results(self.outcome_id)}
        self._old_settings = outcome.settings
        self._newly_excluded = tuple(sorted(i for i in self.excluded
                                            if i in results and results[i]["included"]))
        ctx.store.set_settings(self.outcome_id, self.settings)
        for result_id in self._newly_excluded:
            ctx.store.set_included(result_id, False)
        return Changes(settings=frozenset({self.outcome_id}),
                       outcomes=frozenset({self.outcome_id}))

    def revert(self, ctx: Context) -> Changes:
        ctx.store.set_settings(self.outcome_id, self._old_settings)
        for result_id in self._newly_excluded:
            ctx.store.set_included(result_id, True)
        return Changes(settings=frozenset({self.outcome_id}),
                       outcomes=frozenset({self.outcome_id}))

    def describe(self) -> str:
        return f"Keep what-if on outcome {self.outcome_id}"

    def audit(self) -> tuple[Any, Any]:
        before = asdict(self._old_settings) if self._old_settings else None
        return before, {"settings": asdict(self.settings),
                        "left_out_results": list(self._newly_excluded)}
