"""Risk-of-bias commands: answer a signalling question, judge a domain, choose the effect."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from workbench.core.rob.evaluator import NOT_APPLICABLE
from workbench.core.rob.model import ToolDefinition
from workbench.core.rob.tools import UnknownToolError, get_tool
from workbench.session.changes import Changes
from workbench.session.command import Command, Context
from workbench.session.commands.structure import CommandError
from workbench.session.rob import (
    OVERALL,
    allowed_answers,
    find_question,
    result_state,
    storage_outcome,
)
from workbench.storage import rob_store
from workbench.storage.rob_store import Answer, Judgement
from workbench.storage.store import now


def _tool(tool_id: str) -> ToolDefinition:
    try:
        return get_tool(tool_id)
    except UnknownToolError as err:
        raise CommandError(str(err)) from err


@dataclass
class _RobCommand(Command):
    """Shared bookkeeping: find or create the assessment row once, snapshot what changes.

    Undo restores the row's previous state exactly (the header too, including updated_at)
    and deletes an assessment the command created; redo re-creates it with the same id."""

    study_id: int
    outcome_id: int | None
    tool_id: str
    _aid: int | None = field(default=None, init=False, repr=False)
    _created: bool = field(default=False, init=False, repr=False)
    _header: tuple | None = field(default=None, init=False, repr=False)
    _reviewer_id: int | None = field(default=None, init=False, repr=False)
    _before: Any = field(default=None, init=False, repr=False)
    _stamp: str = field(default="", init=False, repr=False)

    def _row_outcome(self, tool: ToolDefinition) -> int | None:
        return self.outcome_id

    def _open(self, ctx: Context, tool: ToolDefinition) -> int:
        """The assessment id to write to; on first apply records the undo snapshot."""
        store, outcome = ctx.store, self._row_outcome(tool)
        if self._reviewer_id is None:
            self._reviewer_id = ctx.reviewer_id
            self._stamp = now()  # reused by redo, so redo writes exactly what apply wrote
            self._aid = rob_store.find_assessment(store, ctx.reviewer_id, tool.id,
                                                  self.study_id, outcome)
            self._created = self._aid is None
            if not self._created:
                self._header = rob_store.header(store, self._aid)
                self._before = self._snapshot(store, self._aid)
        if self._created:
            self._aid = rob_store.create_assessment(store, self._reviewer_id, tool.id,
                                                    tool.version, self.study_id, outcome,
                                                    self._aid, self._stamp)
        rob_store.touch(store, self._aid, self._stamp)
        return self._aid

    def revert(self, ctx: Context) -> Changes:
        if self._created:
            rob_store.delete_assessment(ctx.store, self._aid)
        else:
            self._restore(ctx.store, self._aid, self._before)
            rob_store.set_header(ctx.store, self._aid, self._header)
        return self._changes()

    def _changes(self) -> Changes:
        return Changes(rob=True, studies=frozenset({self.study_id}))

    def _snapshot(self, store, aid: int) -> Any:
        return None

    def _restore(self, store, aid: int, before: Any) -> None:
        """Header-only commands have nothing else to restore."""


@dataclass
class SetRobAnswer(_RobCommand):
    """Answer a signalling question (None clears it), with the supporting quote and where."""

    question: str = ""
    answer: str | None = None
    support: str = ""
    location: str = ""
    label: str = "Answer signalling question"

    def _row_outcome(self, tool: ToolDefinition) -> int | None:
        found = find_question(tool, self.question)
        if found is None:
            raise CommandError(f"tool {tool.id} has no question {self.question!r}")
        return storage_outcome(tool, found[0].id, self.outcome_id)

    def apply(self, ctx: Context) -> Changes:
        tool = _tool(self.tool_id)
        if self.answer is not None and self.answer not in allowed_answers(tool, self.question):
            allowed = ", ".join(sorted(allowed_answers(tool, self.question)))
            raise CommandError(f"question {self.question}: answer {self.answer!r} is not "
                               f"allowed (allowed: {allowed})")
        aid = self._open(ctx, tool)
        new = None if self.answer is None else Answer(self.answer, self.support, self.location)
        rob_store.set_answer(ctx.store, aid, self.question, new)
        return self._changes()

    def _snapshot(self, store, aid: int) -> Any:
        return rob_store.get_answer(store, aid, self.question)

    def _restore(self, store, aid: int, before: Any) -> None:
        rob_store.set_answer(store, aid, self.question, before)

    def describe(self) -> str:
        return (f"{self.label}: {self.tool_id} study {self.study_id} outcome "
                f"{self.outcome_id} {self.question} = {self.answer}")

    def audit(self) -> tuple[Any, Any]:
        before = self._before.answer if self._before is not None else None
        return {"question": self.question, "answer": before}, {"answer": self.answer,
                                                               "support": self.support}


@dataclass
class SetRobJudgement(_RobCommand):
    """The reviewer's final judgement of a domain (or OVERALL), reason and direction of bias.

    A judgement that differs from the algorithm's proposal needs a written reason; without one
    the command is refused. `judgement` None withdraws the reviewer's judgement."""

    domain: str = ""
    judgement: str | None = None
    override_reason: str = ""
    direction: str = ""
    label: str = "Judge risk of bias"

    def _row_outcome(self, tool: ToolDefinition) -> int | None:
        if self.domain == OVERALL:
            return self.outcome_id
        try:
            tool.domain(self.domain)
        except KeyError as err:
            raise CommandError(f"tool {tool.id} has no domain {self.domain!r}") from err
        return storage_outcome(tool, self.domain, self.outcome_id)

    def apply(self, ctx: Context) -> Changes:
        tool = _tool(self.tool_id)
        self._row_outcome(tool)
        judgement = self._checked(ctx, tool)
        aid = self._open(ctx, tool)
        if self.domain == OVERALL:
            rob_store.set_overall(ctx.store, aid, judgement, self.override_reason.strip())
        else:
            rob_store.set_judgement(ctx.store, aid, self.domain, Judgement(
                judgement, self.override_reason.strip(), self.direction))
        return self._changes()  # the overall judgement too: views must hear of it

    def _checked(self, ctx: Context, tool: ToolDefinition) -> str | None:
        """The judgement as the tool's label; CommandError for unknown values or an
        override without a reason (nothing is written in either case)."""
        if self.direction and self.direction not in tool.direction_options:
            raise CommandError(f"unknown direction of bias {self.direction!r} "
                               f"(expected {', '.join(tool.direction_options)})")
        if self.judgement is None:
            return None
        level = tool.level(self.judgement)
        if level is None and self.judgement.casefold() != NOT_APPLICABLE.casefold():
            labels = ", ".join(lv.label for lv in tool.levels)
            raise CommandError(f"{self.domain}: unknown judgement {self.judgement!r} "
                               f"(expected {labels})")
        label = level.label if level is not None else NOT_APPLICABLE
        reviewer_id = self._reviewer_id if self._reviewer_id is not None else ctx.reviewer_id
        state = result_state(ctx.store, tool, reviewer_id, self.study_id, self.outcome_id)
        proposal = state.proposal(self.domain)
        if proposal is not None and proposal != label and not self.override_reason.strip():
            raise CommandError(f"{self.domain}: the algorithm proposes {proposal!r}; "
                               f"overriding it with {label!r} needs a written reason")
        return label

    def _snapshot(self, store, aid: int) -> Any:
        if self.domain == OVERALL:
            return None  # the header snapshot holds the overall judgement
        return rob_store.get_judgement(store, aid, self.domain)

    def _restore(self, store, aid: int, before: Any) -> None:
        if self.domain != OVERALL:
            rob_store.set_judgement(store, aid, self.domain, before)

    def describe(self) -> str:
        return (f"{self.label}: {self.tool_id} study {self.study_id} outcome "
                f"{self.outcome_id} {self.domain} = {self.judgement}")

    def audit(self) -> tuple[Any, Any]:
        before = getattr(self._before, "judgement", None)
        if self.domain == OVERALL and self._header is not None:
            before = self._header[2]
        return ({"domain": self.domain, "judgement": before},
                {"judgement": self.judgement, "reason": self.override_reason,
                 "direction": self.direction})


@dataclass
class SetRobEffect(_RobCommand):
    """The effect of interest (assignment or adherence) and the deviations addressed."""

    effect: str | None = None
    deviations: tuple[str, ...] = ()
    label: str = "Choose effect of interest"

    def apply(self, ctx: Context) -> Changes:
        tool = _tool(self.tool_id)
        self._check(tool)
        aid = self._open(ctx, tool)
        rob_store.set_effect(ctx.store, aid, self.effect, tuple(self.deviations))
        return self._changes()

    def _check(self, tool: ToolDefinition) -> None:
        # "At least one deviation" is not enforced here: the reviewer ticks them one by one
        # after choosing adherence; domain 2 stays incomplete until one is ticked.
        fields = {f.id: f for f in tool.context}
        if "effect" not in fields:
            raise CommandError(f"tool {tool.id} has no effect of interest")
        if self.effect is not None and self.effect not in fields["effect"].options:
            raise CommandError(f"unknown effect {self.effect!r} "
                               f"(expected {' or '.join(fields['effect'].options)})")
        options = fields["deviations"].options if "deviations" in fields else ()
        for item in self.deviations:
            if item not in options:
                raise CommandError(f"unknown deviation {item!r} (expected {', '.join(options)})")

    def describe(self) -> str:
        return (f"{self.label}: {self.tool_id} study {self.study_id} outcome "
                f"{self.outcome_id} effect = {self.effect} {','.join(self.deviations)}")

    def audit(self) -> tuple[Any, Any]:
        before = None if self._header is None else {"effect": self._header[0],
                                                    "deviations": self._header[1]}
        return before, {"effect": self.effect, "deviations": list(self.deviations)}
