"""An RmReview (from .rm5 or RevMan Web) as a plan of what to write into a project."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from workbench.core.model import FIELDS_BY_TYPE, DataType
from workbench.io.rm5.model import RevManError, RmOutcome, RmReview
from workbench.io.rm5.settings import OurSettings, to_ours
from workbench.session.revman_rob import level_label, rob1_domains


@dataclass
class PlannedRow:
    study_id: str  # RevMan's study ID
    timepoint: str  # "" or "row 2" ...: a study's further rows in one outcome
    values: dict[str, float | str | None]


@dataclass
class PlannedOutcome:
    comparison: str
    label: str
    settings: OurSettings
    favours: tuple[str, str]
    group_labels: tuple[str, str]
    rows: list[PlannedRow]
    source: RmOutcome


@dataclass
class PlannedRob:
    study_id: str
    tool: str
    domain: str
    judgement: str  # the tool's label
    support: str


@dataclass
class Plan:
    title: str
    review: RmReview
    outcomes: list[PlannedOutcome] = field(default_factory=list)
    rob: list[PlannedRob] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def plan_review(review: RmReview, source: str) -> Plan:
    plan = Plan(title=review.title, review=review, notes=list(review.skipped))
    for comparison, outcome in review.outcomes():
        where = f"{source}: outcome {outcome.id} {outcome.name!r}"
        if outcome.line:
            where = f"{source}: line {outcome.line}: <{outcome.kind}_OUTCOME> {outcome.name!r}"
        plan.outcomes.append(_outcome(comparison.name, outcome, to_ours(outcome, where)))
    _unique_labels(plan.outcomes)
    plan.rob = _rob(review, plan.notes)
    return plan


def _outcome(comparison: str, outcome: RmOutcome, ours: OurSettings) -> PlannedOutcome:
    seen: Counter[str] = Counter()
    rows = []
    for row, subgroup in outcome.all_rows():
        seen[row.study_id] += 1
        values: dict = _values(outcome.kind, row.values)
        if subgroup is not None:
            values["subgroup"] = subgroup
        if row.footnote:
            values["notes"] = row.footnote
        timepoint = "" if seen[row.study_id] == 1 else f"row {seen[row.study_id]}"
        rows.append(PlannedRow(row.study_id, timepoint, values))
    return PlannedOutcome(comparison, outcome.name or outcome.id, ours, outcome.graph_labels,
                          outcome.group_labels, rows, outcome)


def _values(kind: str, values: dict[str, float | None]) -> dict[str, float | None]:
    """Our fields for a row; O-E and variance become the log effect (O-E)/V with SE 1/sqrt(V),
    which the inverse-variance engine pools exactly as RevMan's O-E method does."""
    if kind != "IPD":
        return dict(values)
    o_e, var = values.get("o_e"), values.get("var")
    if o_e is None or var is None or var <= 0:
        return dict.fromkeys(FIELDS_BY_TYPE[DataType.GENERIC])
    return {"estimate": o_e / var, "se": var ** -0.5}


def _unique_labels(outcomes: list[PlannedOutcome]) -> None:
    """Outcome labels are unique within a comparison in a project; RevMan's need not be."""
    seen: Counter[tuple[str, str]] = Counter()
    for outcome in outcomes:
        seen[(outcome.comparison, outcome.label)] += 1
        if seen[(outcome.comparison, outcome.label)] > 1:
            outcome.label = f"{outcome.label} ({outcome.source.id})"


def _rob(review: RmReview, notes: list[str]) -> list[PlannedRob]:
    planned: dict[tuple[str, str, str], PlannedRob] = {}
    for entry in review.rob:
        domains = rob1_domains(entry.item) if entry.tool == "rob1" else (entry.item,)
        label = level_label(entry.tool, entry.judgement)
        if not domains or label is None:
            notes.append(f"risk of bias item {entry.item!r} ({entry.judgement}) of "
                         f"{_name(review, entry.study_id)}: not a {entry.tool} domain; "
                         "not imported")
            continue
        for domain in domains:
            key = (entry.study_id, entry.tool, domain)
            if key in planned:
                notes.append(f"risk of bias {entry.item!r} of {_name(review, entry.study_id)}:"
                             f" outcome group {entry.group!r} not imported (one judgement per"
                             " study and domain)")
                continue
            planned[key] = PlannedRob(entry.study_id, entry.tool, domain, label, entry.support)
    return list(planned.values())


def _name(review: RmReview, study_id: str) -> str:
    study = review.studies.get(study_id)
    return study.name if study else study_id


def check_plan(plan: Plan, source: str) -> None:
    """Refuse a plan the project could not hold; nothing is written yet."""
    if not plan.review.studies and not plan.outcomes:
        raise RevManError(f"{source}: no included studies and no analyses to import")
