"""The closed condition language of tool definitions: compiled nodes, evaluation, display."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

# Display order of answer codes, so that "2.3 in {NI, Y, PY}" always reads "Y/PY/NI".
CODE_ORDER = ("Y", "SY", "WY", "PY", "N", "SN", "WN", "PN", "NI", "NA")


@dataclass(frozen=True)
class AnswerIn:
    """The (effective) answer to `question` is one of `codes`."""

    question: str
    codes: frozenset[str]


@dataclass(frozen=True)
class ContextEq:
    """A single-choice context field (e.g. effect of interest) equals `value`."""

    field: str
    value: str


@dataclass(frozen=True)
class ContextHas:
    """A multi-choice context field (e.g. deviations addressed) contains `value`."""

    field: str
    value: str


@dataclass(frozen=True)
class AllOf:
    items: tuple[Condition, ...]


@dataclass(frozen=True)
class AnyOf:
    items: tuple[Condition, ...]


@dataclass(frozen=True)
class Not:
    item: Condition


Condition = AnswerIn | ContextEq | ContextHas | AllOf | AnyOf | Not


def holds(cond: Condition, answers: Mapping[str, str], context: Mapping[str, object]) -> bool:
    """Evaluate a condition; an unanswered question is in no set, so it never satisfies `in`."""
    if isinstance(cond, AnswerIn):
        return answers.get(cond.question) in cond.codes
    if isinstance(cond, AllOf):
        return all(holds(item, answers, context) for item in cond.items)
    if isinstance(cond, AnyOf):
        return any(holds(item, answers, context) for item in cond.items)
    if isinstance(cond, Not):
        return not holds(cond.item, answers, context)
    value = context.get(cond.field)
    if isinstance(cond, ContextEq):
        return value == cond.value
    return isinstance(value, frozenset | set | tuple | list) and cond.value in value


def codes_text(codes: frozenset[str]) -> str:
    """Answer codes in the conventional order, e.g. 'Y/PY/NI'."""
    known = [c for c in CODE_ORDER if c in codes]
    return "/".join(known + sorted(codes.difference(CODE_ORDER)))


def describe(cond: Condition) -> str:
    """Short human-readable text of a condition, shown as the rule that fired."""
    if isinstance(cond, AnswerIn):
        return f"{cond.question} {codes_text(cond.codes)}"
    if isinstance(cond, ContextEq):
        return f"{cond.field} = {cond.value}"
    if isinstance(cond, ContextHas):
        return f"{cond.field} includes {cond.value}"
    if isinstance(cond, Not):
        return f"not ({describe(cond.item)})"
    joiner = " and " if isinstance(cond, AllOf) else " or "
    # Parenthesise nested groups so "a and (b or c)" stays unambiguous.
    shown = [f"({describe(i)})" if isinstance(i, AllOf | AnyOf) else describe(i)
             for i in cond.items]
    return joiner.join(shown)
