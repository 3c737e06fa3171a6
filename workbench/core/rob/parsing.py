"""Validating parser for the parts of a tool definition: conditions, questions, rules, domains."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, NoReturn

from workbench.core.rob.conditions import (
    AllOf,
    AnswerIn,
    AnyOf,
    Condition,
    ContextEq,
    ContextHas,
    Not,
)
from workbench.core.rob.model import Algorithm, Domain, Question, Rule, RuleList, Variant

# Every answer code any tool may use (ROBINS-I V2 adds the strong/weak levels).
KNOWN_CODES = frozenset({"Y", "PY", "PN", "N", "NI", "NA", "SY", "WY", "WN", "SN"})
_MISSING = object()
_TYPE_NAMES = {str: "a string", list: "a list", dict: "an object", bool: "true or false"}


class ToolDefinitionError(ValueError):
    """A tool definition file is malformed; the message names the file and the key."""

    def __init__(self, source: str, key: str, message: str) -> None:
        self.source, self.key = source, key
        super().__init__(f"{source}: {key}: {message}")


@dataclass(frozen=True)
class Scope:
    """What a condition may refer to at its place in the file."""

    groups: Mapping[str, frozenset[str]]
    context: Mapping[str, tuple[str, tuple[str, ...]]]  # id -> (kind, options)
    questions: frozenset[str] = frozenset()


class Reader:
    """Typed access to JSON values that fails with the file name and the key path."""

    def __init__(self, source: str) -> None:
        self.source = source

    def fail(self, key: str, message: str) -> NoReturn:
        raise ToolDefinitionError(self.source, key, message)

    def get(self, obj: Mapping[str, Any], key: str, where: str, kind: type,
            default: Any = _MISSING) -> Any:
        path = f"{where}.{key}" if where else key
        value = obj.get(key, _MISSING)
        if value is _MISSING:
            if default is _MISSING:
                self.fail(path, "required key is missing")
            return default
        # bool is an int in Python; a rank of `true` is still a mistake.
        if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
            self.fail(path, f"expected {_TYPE_NAMES.get(kind, kind.__name__)}, got {value!r}")
        return value

    def only_keys(self, obj: Any, where: str, allowed: set[str]) -> None:
        if not isinstance(obj, dict):
            self.fail(where, f"expected an object, got {obj!r}")
        unknown = sorted(set(obj) - allowed)
        if unknown:
            self.fail(f"{where}.{unknown[0]}" if where else unknown[0], "unknown key")

    def codes(self, raw: Any, where: str) -> tuple[str, ...]:
        if not isinstance(raw, list) or not raw:
            self.fail(where, "expected a non-empty list of answer codes")
        for i, code in enumerate(raw):
            if code not in KNOWN_CODES:
                self.fail(f"{where}[{i}]", f"unknown answer code {code!r}")
        if len(set(raw)) != len(raw):
            self.fail(where, "answer codes repeat")
        return tuple(raw)


def parse_condition(r: Reader, raw: Any, where: str, scope: Scope) -> Condition:
    """Compile one condition node; references must exist and precede their use."""
    if not isinstance(raw, dict):
        r.fail(where, f"expected a condition object, got {raw!r}")
    if "q" in raw:
        return _answer_in(r, raw, where, scope)
    if "ctx" in raw:
        return _context_condition(r, raw, where, scope)
    for key, node in (("all", AllOf), ("any", AnyOf)):
        if key in raw:
            r.only_keys(raw, where, {key})
            items = r.get(raw, key, where, list)
            if not items:
                r.fail(f"{where}.{key}", "needs at least one condition")
            return node(tuple(parse_condition(r, item, f"{where}.{key}[{i}]", scope)
                              for i, item in enumerate(items)))
    if "not" in raw:
        r.only_keys(raw, where, {"not"})
        return Not(parse_condition(r, raw["not"], f"{where}.not", scope))
    r.fail(where, "unknown condition; expected a q, ctx, all, any or not key")


def _answer_in(r: Reader, raw: dict, where: str, scope: Scope) -> AnswerIn:
    r.only_keys(raw, where, {"q", "in"})
    question = r.get(raw, "q", where, str)
    if question not in scope.questions:
        r.fail(f"{where}.q", f"question {question!r} does not exist before this point")
    codes = raw.get("in")
    if isinstance(codes, str):
        if codes not in scope.groups:
            r.fail(f"{where}.in", f"unknown answer group {codes!r}")
        return AnswerIn(question, scope.groups[codes])
    return AnswerIn(question, frozenset(r.codes(codes, f"{where}.in")))


def _context_condition(r: Reader, raw: dict, where: str, scope: Scope) -> Condition:
    op = "eq" if "eq" in raw else "has"
    r.only_keys(raw, where, {"ctx", op})
    name = r.get(raw, "ctx", where, str)
    if name not in scope.context:
        r.fail(f"{where}.ctx", f"unknown context field {name!r}")
    kind, options = scope.context[name]
    if (op == "eq") != (kind == "choice"):
        r.fail(f"{where}.{op}", f"'{op}' does not suit a {kind} field")
    value = r.get(raw, op, where, str)
    if value not in options:
        r.fail(f"{where}.{op}", f"{value!r} is not an option of {name}")
    return ContextEq(name, value) if op == "eq" else ContextHas(name, value)


def parse_questions(r: Reader, raw: Any, where: str, scope: Scope,
                    answer_sets: Mapping[str, tuple[str, ...]]) -> tuple[Question, ...]:
    """Questions in order; each condition may only look at questions above it."""
    if not isinstance(raw, list):
        r.fail(where, "expected a list of questions")
    seen: list[str] = []
    questions = []
    for i, item in enumerate(raw):
        at = f"{where}[{i}]"
        r.only_keys(item, at, {"id", "text", "answers", "applicable_if"})
        qid = r.get(item, "id", at, str)
        if qid in seen:
            r.fail(f"{at}.id", f"question {qid!r} appears twice")
        set_name = r.get(item, "answers", at, str)
        if set_name not in answer_sets:
            r.fail(f"{at}.answers", f"unknown answer set {set_name!r}")
        cond = None
        if "applicable_if" in item:
            local = Scope(scope.groups, scope.context, frozenset(seen))
            cond = parse_condition(r, item["applicable_if"], f"{at}.applicable_if", local)
        questions.append(Question(qid, r.get(item, "text", at, str), answer_sets[set_name], cond))
        seen.append(qid)
    return tuple(questions)


def parse_rules(r: Reader, raw: Any, where: str, scope: Scope,
                levels: Mapping[str, int | None]) -> tuple[Rule, ...]:
    """First match wins; a final `else` is mandatory so that every path has a judgement."""
    if not isinstance(raw, list) or not raw:
        r.fail(where, "expected a non-empty list of rules")
    rules = []
    for i, item in enumerate(raw):
        at = f"{where}[{i}]"
        is_else = isinstance(item, dict) and "else" in item
        r.only_keys(item, at, {"else", "why"} if is_else else {"if", "then", "why"})
        if is_else != (i == len(raw) - 1):
            r.fail(at, "the last rule, and only the last, must be an 'else' rule")
        then = r.get(item, "else" if is_else else "then", at, str)
        if then not in levels or levels[then] is None:
            r.fail(f"{at}.{'else' if is_else else 'then'}", f"unknown or unranked level {then!r}")
        cond = None if is_else else parse_condition(r, item.get("if"), f"{at}.if", scope)
        rules.append(Rule(cond, then, r.get(item, "why", at, str, "")))
    return tuple(rules)


def parse_algorithm(r: Reader, raw: Any, where: str, scope: Scope,
                    levels: Mapping[str, int | None]) -> Algorithm:
    kind = r.get(raw, "type", where, str)
    if kind == "none":
        r.only_keys(raw, where, {"type"})
        return Algorithm("none")
    if kind == "rules":
        r.only_keys(raw, where, {"type", "rules"})
        rules = parse_rules(r, raw.get("rules"), f"{where}.rules", scope, levels)
        return Algorithm("rules", (RuleList("", rules),))
    if kind != "parts":
        r.fail(f"{where}.type", f"unknown algorithm type {kind!r} (none, rules, parts)")
    r.only_keys(raw, where, {"type", "combine", "parts"})
    if r.get(raw, "combine", where, str) != "worst":
        r.fail(f"{where}.combine", "only 'worst' is supported")
    parts = []
    for i, part in enumerate(r.get(raw, "parts", where, list)):
        at = f"{where}.parts[{i}]"
        r.only_keys(part, at, {"id", "rules"})
        rules = parse_rules(r, part.get("rules"), f"{at}.rules", scope, levels)
        parts.append(RuleList(r.get(part, "id", at, str), rules))
    if not parts:
        r.fail(f"{where}.parts", "needs at least one part")
    return Algorithm("parts", tuple(parts))


_DOMAIN_KEYS = {"id", "short", "name", "questions", "algorithm", "variants", "applicability",
                "allow_not_applicable", "bias", "level"}


def parse_domain(r: Reader, raw: Any, where: str, scope: Scope,
                 answer_sets: Mapping[str, tuple[str, ...]],
                 levels: Mapping[str, int | None]) -> Domain:
    r.only_keys(raw, where, _DOMAIN_KEYS)
    if ("variants" in raw) == ("questions" in raw or "algorithm" in raw):
        r.fail(where, "give either 'variants' or 'questions' with 'algorithm'")
    raw_variants = r.get(raw, "variants", where, list) if "variants" in raw else [raw]
    variants = []
    for i, item in enumerate(raw_variants):
        at = f"{where}.variants[{i}]" if "variants" in raw else where
        if "variants" in raw:
            r.only_keys(item, at, {"when", "questions", "algorithm"})
        variants.append(_variant(r, item, at, scope, answer_sets, levels))
    domain_id = r.get(raw, "id", where, str)
    extra = {k: r.get(raw, k, where, str) for k in ("bias", "level") if k in raw}
    return Domain(domain_id, r.get(raw, "short", where, str, domain_id),
                  r.get(raw, "name", where, str), tuple(variants),
                  r.get(raw, "applicability", where, str, None),
                  r.get(raw, "allow_not_applicable", where, bool, False), extra)


def _variant(r: Reader, raw: dict, where: str, scope: Scope,
             answer_sets: Mapping[str, tuple[str, ...]],
             levels: Mapping[str, int | None]) -> Variant:
    when = parse_condition(r, raw["when"], f"{where}.when", scope) if "when" in raw else None
    questions = parse_questions(r, r.get(raw, "questions", where, list), f"{where}.questions",
                                scope, answer_sets)
    local = Scope(scope.groups, scope.context, frozenset(q.id for q in questions))
    algorithm = parse_algorithm(r, r.get(raw, "algorithm", where, dict), f"{where}.algorithm",
                                local, levels)
    return Variant(when, questions, algorithm)
