"""Pure evaluation of signalling answers: applicability, proposed domain and overall judgements."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from workbench.core.rob.conditions import describe, holds
from workbench.core.rob.model import Domain, Level, RuleList, ToolDefinition, Variant
from workbench.core.rob.parsing import KNOWN_CODES

INCOMPLETE = "incomplete"
NOT_APPLICABLE = "Not applicable"
NO_ALGORITHM = "no algorithm: reviewer's judgement"


@dataclass(frozen=True)
class DomainEvaluation:
    """Result for one domain. `judgement` is a level label, "incomplete", or None when the
    tool has no algorithm (the reviewer judges). `answers` holds the answers as they should
    be stored: NA for questions not applicable, None for applicable ones still unanswered."""

    domain_id: str
    judgement: str | None
    rule: str
    rule_path: tuple[str, ...] = ()
    applicable: tuple[str, ...] = ()
    missing: tuple[str, ...] = ()
    answers: Mapping[str, str | None] = field(default_factory=dict)
    level: str | None = None


@dataclass(frozen=True)
class Evaluation:
    tool_id: str
    tool_version: str
    domains: Mapping[str, DomainEvaluation]
    overall: str | None
    overall_rule: str

    def to_json(self) -> dict[str, Any]:
        """The document of `workbench rob judge --json` (cli.md)."""
        domains = {d.domain_id: {"judgement": d.judgement, "rule": d.rule}
                   for d in self.domains.values()}
        return {"tool": self.tool_id, "domains": domains, "overall": self.overall}


class AnswerError(ValueError):
    """Answers or context cannot be evaluated; each problem names its field."""

    def __init__(self, problems: list[dict[str, Any]]) -> None:
        self.problems = problems
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        super().__init__(f"{problems[0]['field']}: {problems[0]['message']}{more}")


def evaluate(tool: ToolDefinition, answers: Mapping[str, str | None],
             effect: str | None = None, deviations: Iterable[str] = ()) -> Evaluation:
    """Evaluate every domain and the overall judgement; raises AnswerError on bad input."""
    context, problems = _context(tool, effect, deviations)
    problems += check_answers(tool, answers, context)
    if problems:
        raise AnswerError(problems)
    levels = {level.code: level for level in tool.levels}
    domains = {d.id: evaluate_domain(d, answers, context, levels) for d in tool.domains}
    overall, rule = _overall(tool, domains.values())
    return Evaluation(tool.id, tool.version, domains, overall, rule)


def build_context(tool: ToolDefinition, effect: str | None,
                  deviations: Iterable[str]) -> dict[str, object]:
    """Check the preliminary choices against the tool's context fields; AnswerError if bad."""
    context, problems = _context(tool, effect, deviations)
    if problems:
        raise AnswerError(problems)
    return context


def _context(tool: ToolDefinition, effect: str | None,
             deviations: Iterable[str]) -> tuple[dict[str, object], list[dict[str, Any]]]:
    given: dict[str, Any] = {"effect": effect, "deviations": deviations}
    context: dict[str, object] = {}
    problems: list[dict[str, Any]] = []
    for spec in tool.context:
        value = given.get(spec.id)
        if spec.kind == "choice":
            if value is not None and value not in spec.options:
                problems.append(_problem(spec.id, f"unknown {spec.id} {value!r} "
                                         f"(expected {' or '.join(spec.options)})", value))
                value = None
            context[spec.id] = value
            continue
        values = (value,) if isinstance(value, str) else tuple(value or ())
        for item in values:
            if item not in spec.options:
                problems.append(_problem(spec.id, f"unknown {spec.id} value {item!r} "
                                         f"(expected {', '.join(spec.options)})", item))
        # Hidden fields (deviations under the effect of assignment) play no part.
        visible = spec.visible_if is None or holds(spec.visible_if, {}, context)
        context[spec.id] = frozenset(values) if visible else frozenset()
        if visible and len(context[spec.id]) < spec.min:
            when = f" when {describe(spec.visible_if)}" if spec.visible_if else ""
            problems.append(_problem(spec.id, f"tick at least {spec.min} of "
                                     f"{', '.join(spec.options)}{when}", list(values)))
    return context, problems


def check_answers(tool: ToolDefinition, answers: Mapping[str, str | None],
                  context: Mapping[str, object]) -> list[dict[str, Any]]:
    """Problems with the answers: unknown codes, unknown questions, codes a question refuses.

    Only questions of the active variant are checked against their answer set; answers to the
    other variant's questions (e.g. left over after switching the effect) are ignored."""
    active = {q.id: q for d in tool.domains if (v := d.variant_for(context))
              for q in v.questions}
    problems = []
    for qid, code in answers.items():
        where = f"answers.{qid}"
        if code is None or code == "":
            continue
        if not isinstance(code, str) or code not in KNOWN_CODES:
            problems.append(_problem(where, f"unknown answer code {code!r}", code))
        elif qid not in tool.question_ids:
            problems.append(_problem(where, f"tool {tool.id} has no question {qid!r}", code))
        elif qid in active and code not in active[qid].answers:
            allowed = ", ".join(active[qid].answers)
            problems.append(_problem(where, f"answer {code!r} is not allowed for question "
                                     f"{qid} (allowed: {allowed})", code))
    return problems


def _problem(where: str, message: str, value: Any) -> dict[str, Any]:
    return {"field": where, "message": message, "value": value}


def resolve_answers(variant: Variant, answers: Mapping[str, str | None],
                    context: Mapping[str, object]) -> tuple[dict[str, str], list[str], list[str]]:
    """Effective answers (NA where not applicable), applicable ids, unanswered applicable ids.

    Questions are resolved in order, so a condition sees NA for upstream questions that are
    themselves not applicable, and an unanswered upstream question keeps downstream hidden."""
    effective: dict[str, str] = {}
    applicable, missing = [], []
    for question in variant.questions:
        if question.applicable_if is not None and not holds(question.applicable_if,
                                                            effective, context):
            effective[question.id] = "NA"
            continue
        applicable.append(question.id)
        code = answers.get(question.id)
        # On a conditional question NA is what storage writes while it is hidden, so once it
        # applies, NA means "not answered yet". An unconditional question that offers NA
        # (QUADAS-2 2.2, "if a threshold was used") takes it as a real answer.
        if code in (None, "") or (code == "NA" and question.applicable_if is not None):
            missing.append(question.id)
        else:
            effective[question.id] = code
    return effective, applicable, missing


def evaluate_domain(domain: Domain, answers: Mapping[str, str | None],
                    context: Mapping[str, object], levels: Mapping[str, Level]) -> DomainEvaluation:
    """Applicability, then the algorithm once every applicable question has an answer."""
    variant = domain.variant_for(context)
    if variant is None:
        return DomainEvaluation(domain.id, INCOMPLETE, "incomplete: effect of interest not chosen")
    effective, applicable, missing = resolve_answers(variant, answers, context)
    stored = {q.id: effective.get(q.id) for q in variant.questions}
    base = {"applicable": tuple(applicable), "missing": tuple(missing), "answers": stored}
    if missing:
        rule = f"incomplete: {', '.join(missing)} unanswered"
        return DomainEvaluation(domain.id, INCOMPLETE, rule, **base)
    if variant.algorithm.kind == "none":
        return DomainEvaluation(domain.id, None, NO_ALGORITHM, **base)
    fired = [_fire(part, domain.id, effective, context, levels)
             for part in variant.algorithm.parts]
    worst = max((levels[code] for code, _, _ in fired), key=lambda lv: lv.rank or 0)
    texts = [text for _, _, text in fired]
    if len(fired) > 1:
        texts.append(f"worst of parts -> {worst.label}")
    return DomainEvaluation(domain.id, worst.label, "; ".join(texts),
                            tuple(path for _, path, _ in fired), level=worst.code, **base)


def _fire(part: RuleList, domain_id: str, effective: Mapping[str, str],
          context: Mapping[str, object], levels: Mapping[str, Level]) -> tuple[str, str, str]:
    """First matching rule of a list: (level code, path like 'D2.P1#3', display text)."""
    prefix = f"{domain_id}.{part.id}" if part.id else domain_id
    for number, rule in enumerate(part.rules, start=1):
        if rule.when is None or holds(rule.when, effective, context):
            path = f"{prefix}#{number}"
            condition = describe(rule.when) if rule.when is not None else "otherwise"
            why = f" ({rule.why})" if rule.why else ""
            return rule.then, path, f"{path}: {condition} -> {levels[rule.then].label}{why}"
    # Unreachable: the loader insists on a final else rule.
    raise AssertionError(f"no rule matched in {prefix}")


def _overall(tool: ToolDefinition,
             domains: Iterable[DomainEvaluation]) -> tuple[str | None, str]:
    domains = list(domains)
    incomplete = [d.domain_id for d in domains if d.judgement == INCOMPLETE]
    if incomplete:
        return INCOMPLETE, f"incomplete: {', '.join(incomplete)}"
    if tool.overall == "none" or any(d.level is None for d in domains):
        return None, NO_ALGORITHM
    level, text = overall_level(tool, {d.domain_id: d.level for d in domains if d.level})
    return (level.label if level else None), text


def overall_level(tool: ToolDefinition, codes: Mapping[str, str]) -> tuple[Level | None, str]:
    """Apply the tool's overall rule to domain level codes (all must be levels of the tool)."""
    levels = {level.code: level for level in tool.levels}
    chosen = [levels[code] for code in codes.values()]
    if tool.overall == "none" or not chosen:
        return None, NO_ALGORITHM
    ranked = [lv for lv in chosen if lv.rank is not None]
    worst = max(ranked, key=lambda lv: lv.rank or 0) if ranked else None
    if tool.overall == "robins2016" and (worst is None or worst.code in ("low", "moderate")) \
            and any(lv.code == "ni" for lv in chosen):
        # BMJ 2016: no information in a domain, no sign of serious or critical bias elsewhere.
        return levels["ni"], "no information in a domain, none serious or critical"
    assert worst is not None  # every level is ranked under 'worst'; robins2016 handled above
    at = [d for d, code in codes.items() if code == worst.code]
    return worst, f"worst domain judgement ({', '.join(at)}) -> {worst.label}"


def overall_from_judgements(tool: ToolDefinition, judgements: Mapping[str, str | None],
                            key_domains: Iterable[str] | None = None) -> str | None:
    """Overall label from (final) domain judgements given as labels or codes, e.g. for tools
    without an algorithm; RoB 1 applies it to the review's key domains. None if any key
    domain is unjudged; 'Not applicable' domains (RoB 2 cluster D1b) are left out."""
    codes: dict[str, str] = {}
    for domain_id in key_domains or [d.id for d in tool.domains]:
        value = judgements.get(domain_id)
        if value is not None and value.strip().casefold() == NOT_APPLICABLE.casefold():
            continue
        level = tool.level(value) if value else None
        if level is None:
            return None
        codes[domain_id] = level.code
    level, _ = overall_level(tool, codes)
    return level.label if level else None
