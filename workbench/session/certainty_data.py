"""Assess one outcome for GRADE: analyse it as the project stands (through a scenario), read
its risk of bias and the judgements, and apply the core rules. One source for grade and sof."""

from __future__ import annotations

import math
import statistics
from dataclasses import dataclass, replace
from types import SimpleNamespace

from workbench.core.grade import certainty as arith
from workbench.core.grade.absolute import study_population_risk
from workbench.core.grade.certainty import DomainState
from workbench.core.grade.inputs import GradeInputs, Interval, StudyRob, rob_class
from workbench.core.grade.model import DOMAINS, GradeSettings, Judgement
from workbench.core.grade.rules import Suggestion, suggest_all
from workbench.core.grade.thresholds import is_ratio, natural_thresholds, null_value
from workbench.core.meta import MetaInputError, run_meta
from workbench.core.model import Comparison, DataType, Outcome, StudyRow
from workbench.core.results import MetaResult
from workbench.core.rob.tools import load_tools
from workbench.session.analysis import load_outcome
from workbench.session.rob import rob_table
from workbench.session.scenario import Scenario
from workbench.storage import certainty_store as cs
from workbench.storage.store import Store

ROBINS_I = "robins-i"


@dataclass(frozen=True)
class Assessment:
    """Everything the grade and sof documents say about one outcome."""

    outcome: Outcome
    comparison: Comparison
    grade: GradeSettings
    design: str
    start: int
    inputs: GradeInputs
    domains: dict[str, DomainState]
    certainty: int | None
    provisional: bool
    complete: tuple[StudyRow, ...]  # every study with complete data (k of the SoF)
    estimable: bool
    study_ids: tuple[int, ...]  # studies the analysis included (for staleness)
    narrative: str | None = None  # the reviewer's text that replaces the effects
    results: int = 0  # the outcome's included results, with data or not

    @property
    def has_studies(self) -> bool:
        return bool(self.complete) or self.narrative is not None


def assess(store: Store, outcome_id: int, reviewer: str | None = None,
           scenario: Scenario | None = None) -> Assessment:
    """The outcome's GRADE assessment. The data are always the values the analyses use;
    `reviewer` chooses whose judgements count (None or "consensus": the agreed ones)."""
    scenario = scenario or Scenario.none()
    data = load_outcome(store, outcome_id)
    outcome = replace(data.outcome,
                      settings=scenario.settings_for(outcome_id, data.outcome.settings))
    rows = data.study_rows(None, exclude=scenario.excluded)
    complete = tuple(r for r in rows if all(v is not None for v in r.values.values()))
    result = _analyse(rows, outcome, bias=len(complete) >= 10)
    grade = cs.settings(store, outcome_id)
    robs = _overall_rob(store, outcome_id, {r.study_id for r in rows})
    inputs, included = _inputs(rows, complete, outcome, result, robs, grade)
    design, start = _design_and_start(store, grade, robs, included)
    narrative = cs.narrative(store, outcome_id)
    domains = _domains(store, outcome_id, reviewer, _suggestions(inputs, narrative), included)
    level, provisional = arith.certainty(start, domains)
    # No study with data (and no narrative): no certainty, so nothing provisional either.
    rated = bool(complete) or narrative is not None
    return Assessment(outcome, data.comparison, grade, design, start, inputs, domains,
                      level if rated else None, provisional and rated, complete,
                      inputs.pooled is not None and narrative is None, tuple(included),
                      narrative, len(rows))


NARRATIVE_RULE = "narrative outcome: judged by hand"


def _suggestions(inputs: GradeInputs, narrative: str | None) -> dict[str, Suggestion]:
    """The rules' suggestions; a narrative outcome has none (every domain judged by hand)."""
    found = suggest_all(inputs)
    if narrative is None:
        return found
    return {d: Suggestion(None, NARRATIVE_RULE, s.evidence) for d, s in found.items()}


def _design_and_start(store: Store, grade: GradeSettings, robs, included: list[int]
                      ) -> tuple[str, int]:
    designs = [s.design for s in store.studies() if s.id in set(included)]
    design = arith.design_of(grade.design, designs)
    all_robins = bool(included) and all(robs.get(sid, ("", None))[0] == ROBINS_I
                                        for sid in included)
    return design, arith.start_level(design, all_robins)


def _analyse(rows: list[StudyRow], outcome: Outcome, *, bias: bool = False,
             settings=None) -> MetaResult | None:
    if not rows:
        return None
    try:
        return run_meta(rows, outcome.data_type, settings or outcome.settings, bias=bias)
    except MetaInputError:
        return None


def _natural(result: MetaResult | None) -> Interval | None:
    if result is None or result.estimate is None:
        return None
    f = math.exp if result.scale == "log" else float
    return Interval(f(result.estimate), f(result.ci_lower), f(result.ci_upper))


def _pi(result: MetaResult | None) -> tuple[float | None, float | None]:
    if result is None or result.pi_lower is None or result.pi_upper is None:
        return None, None
    f = math.exp if result.scale == "log" else float
    return f(result.pi_lower), f(result.pi_upper)


def _inputs(rows, complete, outcome: Outcome, result, robs, grade: GradeSettings
            ) -> tuple[GradeInputs, list[int]]:
    s = outcome.settings
    measure = s.measure.upper()
    ratio = is_ratio(measure, s.log_scale)
    null = null_value(measure, s.log_scale)
    studies, included = _weighted_studies(rows, complete, result, robs)
    heterogeneity = result
    if result is not None and not s.is_random:
        # A common-effect model has no between-study variance: its PI comes from DL.
        heterogeneity = _analyse(rows, outcome, settings=replace(
            s, method="DL", hksj=False, het_from="IV"))
    pi_lower, pi_upper = _pi(heterogeneity)
    comparator = _comparator_counts(complete, outcome.data_type)
    pooled = _natural(result)
    inputs = GradeInputs(
        data_type=outcome.data_type, measure=measure, ratio=ratio, null=null,
        k=result.k if result is not None else 0, pooled=pooled,
        i2=result.i2 if result else None,
        tau2=heterogeneity.tau2 if heterogeneity else None,
        q_p=result.q_p if result else None, pi_lower=pi_lower, pi_upper=pi_upper,
        egger_p=result.egger.p if result is not None and result.egger else None,
        events=_events(complete, outcome.data_type),
        participants=_participants(complete, outcome.data_type), studies=studies,
        without_high=_without_high(rows, outcome, studies) if pooled else None,
        thresholds=natural_thresholds(measure, grade.threshold_kind, grade.thresholds,
                                      study_population_risk(comparator), s.log_scale))
    return inputs, included


def _weighted_studies(rows, complete, result, robs) -> tuple[tuple[StudyRob, ...], list[int]]:
    if result is None or result.estimate is None:
        return (), [r.study_id for r in complete]
    studies, included = [], []
    for row, study in zip(rows, result.studies, strict=True):
        if study.included:
            included.append(row.study_id)
            studies.append(StudyRob(row.study_id, (study.weight or 0.0) / 100,
                                    robs.get(row.study_id, ("", None))[1]))
    return tuple(studies), included


def _without_high(rows, outcome: Outcome, studies: tuple[StudyRob, ...]) -> Interval | None:
    high = {s.study_id for s in studies if s.rob == "high"}
    if not high:
        return None
    return _natural(_analyse([r for r in rows if r.study_id not in high], outcome))


def _comparator_counts(complete, data_type: DataType) -> list[tuple[float, float]]:
    if data_type is not DataType.DICHOTOMOUS:
        return []
    return [(r.values["events_2"], r.values["total_2"]) for r in complete]


def comparator_mean(complete, data_type: DataType) -> float | None:
    if data_type is not DataType.CONTINUOUS or not complete:
        return None
    return statistics.median(r.values["mean_2"] for r in complete)


def _events(complete, data_type: DataType) -> int | None:
    if data_type is not DataType.DICHOTOMOUS:
        return None
    return int(sum(r.values["events_1"] + r.values["events_2"] for r in complete))


def _participants(complete, data_type: DataType) -> int | None:
    if data_type is DataType.GENERIC:
        return None
    return int(sum(r.values["total_1"] + r.values["total_2"] for r in complete))


def comparator_pairs(assessment: Assessment) -> list[tuple[float, float]]:
    return _comparator_counts(assessment.complete, assessment.outcome.data_type)


# --- risk of bias -----------------------------------------------------------------------
def _overall_rob(store: Store, outcome_id: int, study_ids: set[int]
                 ) -> dict[int, tuple[str, str | None]]:
    """study id -> (tool, agreed overall judgement or None when unassessed/disputed). A study
    assessed with several tools takes the first tool that gives an overall judgement."""
    project = SimpleNamespace(store=store)
    found: dict[int, tuple[str, str | None]] = {}
    for tool_id in load_tools():
        for row in rob_table(project, tool_id, outcome_id).rows:
            if row.study_id in study_ids and found.get(row.study_id, ("", None))[1] is None:
                found[row.study_id] = (tool_id, row.overall)
    return found


# --- judgements -------------------------------------------------------------------------
def _domains(store: Store, outcome_id: int, reviewer: str | None,
             suggestions: dict[str, Suggestion], included: list[int]
             ) -> dict[str, DomainState]:
    chosen = chosen_judgements(store, outcome_id, reviewer)
    out = {}
    for domain in DOMAINS:
        s = suggestions[domain]
        snap = arith.snapshot(s.evidence, included)
        j = chosen.get(domain)
        out[domain] = DomainState(
            s.suggested, j.level if j else None, j.reason if j else None, s.rule,
            bool(j) and arith.is_stale(j.snapshot, snap), s.evidence, snap)
    return out


def chosen_judgements(store: Store, outcome_id: int, reviewer: str | None
                      ) -> dict[str, Judgement]:
    """The judgement that counts per domain: the named reviewer's; else the consensus where
    there is one, else the level every reviewer who judged gave (a disagreement counts as
    unjudged until resolved)."""
    judged = cs.judgements(store, outcome_id)
    if reviewer not in (None, "consensus"):
        return {d: by[reviewer] for d, by in judged.items() if reviewer in by}
    agreed = cs.consensus(store, outcome_id)
    out: dict[str, Judgement] = {}
    for domain in DOMAINS:
        if domain in agreed:
            level, snap, _by, _at, reason = agreed[domain]
            same = [j for j in judged.get(domain, {}).values() if j.level == level]
            out[domain] = Judgement(level, same[0].reason if same else reason, snap)
            continue
        mine = list(judged.get(domain, {}).values())
        if mine and len({j.level for j in mine}) == 1:
            out[domain] = mine[0]
    return out


__all__ = ["Assessment", "assess", "chosen_judgements", "comparator_mean",
           "comparator_pairs", "rob_class"]
