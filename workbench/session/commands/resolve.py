"""Commands of dual extraction: resolve a conflict with a reason, mark a study finished."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from workbench.core.grade.model import check_level
from workbench.session.changes import Changes
from workbench.session.command import Command, Context
from workbench.session.commands.structure import CommandError
from workbench.storage import conflicts as queries
from workbench.storage.conflicts import CellKey
from workbench.storage.store import TEXT_FIELDS, Store, now


def _checked_value(key: CellKey, value: Any) -> Any:
    """A number for numeric fields, text for text fields and risk-of-bias items, a level in
    the domain's range for a certainty judgement."""
    if key[0] == "grade":
        return _checked_level(key[2], value)
    if key[0] == "rob":
        if not isinstance(value, str) or not value.strip():
            raise CommandError("A risk-of-bias consensus needs an answer or a judgement")
        return value.strip()
    if value is None or key[2] in TEXT_FIELDS:
        return value
    try:
        return float(value)
    except (TypeError, ValueError) as err:
        raise CommandError(f"{key[2]} needs a number, not {value!r}") from err


def _checked_level(domain: str, value: Any) -> int:
    try:
        level = int(str(value).strip().replace("+", ""))
        check_level(domain, level)
    except ValueError as err:
        raise CommandError(f"grade:{domain}: {err}" if "level must" in str(err) else
                           f"grade:{domain} needs a whole number, not {value!r}") from err
    return level


def _changes(store: Store, key: CellKey) -> Changes:
    if key[0] == "grade":
        return Changes(grade=True)
    if key[0] == "rob":
        return Changes(rob=True, studies=frozenset({key[2]}))
    if key[0] == "study":
        # The study's year orders rows and labels plots in every outcome.
        return Changes(studies=frozenset({key[1]}), structure=True)
    place = queries.result_place(store, key[1])
    if place is None:
        raise CommandError("That result no longer exists")
    return Changes(outcomes=frozenset({place[0]}), studies=frozenset({place[1]}))


def _snapshot(store: Store, key: CellKey) -> str:
    """An agreed certainty judgement is made on today's evidence: stale when it changes."""
    if key[0] != "grade":
        return ""
    from workbench.session.certainty import domain_state

    return domain_state(store, key[1], key[2]).snapshot


@dataclass
class ResolveConflict(Command):
    """Agree a cell's value: one reviewer's or a third; the reason is required and logged."""

    key: CellKey
    value: Any
    reason: str
    label: str = "Resolve conflict"
    _before: tuple | None = field(default=None, repr=False)
    _captured: bool = field(default=False, repr=False)
    _snapshot: str = field(default="", repr=False)

    def apply(self, ctx: Context) -> Changes:
        reason = " ".join((self.reason or "").split())
        if not reason:
            raise CommandError("Say why this value was agreed: a reason is required")
        value = _checked_value(self.key, self.value)
        changes = _changes(ctx.store, self.key)
        if not self._captured:  # a redo must restore what the first apply found
            self._before = queries.get_consensus(ctx.store, self.key)
            self._snapshot = _snapshot(ctx.store, self.key)
            self._captured = True
        queries.set_consensus(ctx.store, self.key, value, ctx.reviewer_id, reason,
                              snapshot=self._snapshot)
        return changes

    def revert(self, ctx: Context) -> Changes:
        if self._before is None:
            queries.delete_consensus(ctx.store, self.key)
        else:
            value, by, at, reason, *snapshot = self._before
            queries.set_consensus(ctx.store, self.key, value, by, reason, at, *snapshot)
        return _changes(ctx.store, self.key)

    def describe(self) -> str:
        return f"Resolve {self.key[-1]}: {self.value!r} ({(self.reason or '').strip()})"

    def audit(self) -> tuple[Any, Any]:
        before = None if self._before is None else {"value": self._before[0],
                                                    "reason": self._before[3]}
        return before, {"key": list(self.key), "value": self.value, "reason": self.reason}


@dataclass
class SetStudyFinished(Command):
    """The current reviewer has finished (or reopens) extracting a study (blind mode)."""

    study_id: int
    finished: bool = True
    _reviewer_id: int | None = field(default=None, repr=False)
    _before: str | None = field(default=None, repr=False)

    @property
    def label(self) -> str:  # type: ignore[override]
        return "Mark study finished" if self.finished else "Reopen study"

    def apply(self, ctx: Context) -> Changes:
        if self._reviewer_id is None:
            self._reviewer_id = ctx.reviewer_id
            self._before = queries.finished_at(ctx.store, self.study_id, ctx.reviewer_id)
        at = (self._before or now()) if self.finished else None
        queries.set_finished(ctx.store, self.study_id, self._reviewer_id, at)
        return Changes(studies=frozenset({self.study_id}), reviewers=True)

    def revert(self, ctx: Context) -> Changes:
        queries.set_finished(ctx.store, self.study_id, self._reviewer_id, self._before)
        return Changes(studies=frozenset({self.study_id}), reviewers=True)
