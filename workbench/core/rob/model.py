"""Frozen dataclasses describing a risk-of-bias tool definition (see resources/rob_tools)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property

from workbench.core.rob.conditions import Condition, holds


@dataclass(frozen=True)
class Level:
    """One judgement level; `rank` orders severity (None: outside the order, e.g. NI)."""

    code: str
    label: str
    rank: int | None
    robvis: str


@dataclass(frozen=True)
class Question:
    id: str
    text: str
    answers: tuple[str, ...]
    applicable_if: Condition | None = None


@dataclass(frozen=True)
class Rule:
    """`if` condition (None for the final else) -> level code; `why` is a short reason."""

    when: Condition | None
    then: str
    why: str = ""


@dataclass(frozen=True)
class RuleList:
    id: str
    rules: tuple[Rule, ...]


@dataclass(frozen=True)
class Algorithm:
    """kind 'none' (reviewer judges), 'rules' (one list) or 'parts' (worst of several lists)."""

    kind: str
    parts: tuple[RuleList, ...] = ()


@dataclass(frozen=True)
class Variant:
    """Questions and algorithm used when `when` holds on the context (None: always)."""

    when: Condition | None
    questions: tuple[Question, ...]
    algorithm: Algorithm


@dataclass(frozen=True)
class Domain:
    id: str
    short: str
    name: str
    variants: tuple[Variant, ...]
    applicability: str | None = None
    allow_not_applicable: bool = False
    extra: Mapping[str, str] = field(default_factory=dict)

    def variant_for(self, context: Mapping[str, object]) -> Variant | None:
        """First variant whose condition holds, or None (e.g. effect of interest not chosen)."""
        for variant in self.variants:
            if variant.when is None or holds(variant.when, {}, context):
                return variant
        return None

    @cached_property
    def question_ids(self) -> tuple[str, ...]:
        """Every question id of every variant, in order of first appearance."""
        seen = dict.fromkeys(q.id for v in self.variants for q in v.questions)
        return tuple(seen)

    @property
    def has_algorithm(self) -> bool:
        return any(v.algorithm.kind != "none" for v in self.variants)


@dataclass(frozen=True)
class ContextField:
    """A preliminary choice such as the effect of interest or the deviations addressed."""

    id: str
    kind: str
    options: tuple[str, ...]
    required: bool = False
    visible_if: Condition | None = None
    min: int = 0


@dataclass(frozen=True)
class ToolDefinition:
    id: str
    name: str
    version: str
    source_url: str
    unit: str
    notes: str
    answer_labels: Mapping[str, str]
    levels: tuple[Level, ...]
    context: tuple[ContextField, ...]
    domains: tuple[Domain, ...]
    overall: str
    allow_escalation: bool
    direction_options: tuple[str, ...]
    robvis_template: str
    robvis_columns: tuple[str, ...]
    path: str = ""

    def domain(self, domain_id: str) -> Domain:
        for domain in self.domains:
            if domain.id == domain_id:
                return domain
        raise KeyError(f"tool {self.id} has no domain {domain_id!r}")

    def level(self, code_or_label: str) -> Level | None:
        """Find a level by code ('some') or label ('Some concerns'), case-insensitively."""
        key = code_or_label.strip().casefold()
        for level in self.levels:
            if key in (level.code.casefold(), level.label.casefold()):
                return level
        return None

    @property
    def has_algorithm(self) -> bool:
        return any(d.has_algorithm for d in self.domains)

    @cached_property
    def question_ids(self) -> frozenset[str]:
        return frozenset(q for d in self.domains for q in d.question_ids)
