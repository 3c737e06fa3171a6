"""The suggestion rules of grade.md section 4: each returns its level, rule text and evidence."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from workbench.core.grade.inputs import HIGH, LOW, SOME_CONCERNS, GradeInputs
from workbench.core.grade.thresholds import zone
from workbench.core.model import DataType

NO_NUMBERS = "not estimable: judge by hand"


@dataclass(frozen=True)
class Suggestion:
    suggested: int | None
    rule: str
    evidence: dict[str, Any]


def risk_of_bias(x: GradeInputs) -> Suggestion:
    shares = {HIGH: 0.0, SOME_CONCERNS: 0.0, LOW: 0.0}
    for study in x.studies:
        shares[study.rob] += study.weight
    unassessed = sum(1 for s in x.studies if s.judgement is None)
    changes = _conclusion_changes(x, shares[HIGH])
    w = x.without_high
    evidence = {"weight_high": shares[HIGH], "weight_some_concerns": shares[SOME_CONCERNS],
                "weight_low": shares[LOW], "unassessed": unassessed,
                "estimate_without_high": w.estimate if w else None,
                "ci_lower_without_high": w.ci_lower if w else None,
                "ci_upper_without_high": w.ci_upper if w else None,
                "conclusion_changes": changes}
    if x.pooled is None:
        return Suggestion(None, NO_NUMBERS, evidence)
    level, rule = _rob_level(shares[HIGH], shares[SOME_CONCERNS], changes)
    if unassessed:
        rule += f" ({unassessed} {'study' if unassessed == 1 else 'studies'} unassessed, " \
                "counted as some concerns)"
    return Suggestion(level, rule, evidence)


def _conclusion_changes(x: GradeInputs, w_high: float) -> bool:
    if x.pooled is None or not any(s.rob == HIGH for s in x.studies):
        return False
    if x.without_high is None:
        return True  # no study remains
    return x.without_high.position(x.null) != x.pooled.position(x.null)


def _rob_level(w_high: float, w_sc: float, changes: bool) -> tuple[int, str]:
    pct = f"{100 * w_high:.0f}% of the weight at high risk"
    if w_high >= 0.5 and changes:
        return -2, f"{pct} (>= 50%) and the conclusion changes without those studies"
    if w_high >= 0.5:
        return -1, f"{pct} (>= 50%)"
    if w_high >= 0.2 and changes:
        return -1, f"{pct} (>= 20%) and the conclusion changes without those studies"
    if w_high + w_sc >= 0.5:
        return -1, f"{100 * (w_high + w_sc):.0f}% of the weight at high risk or some " \
                   "concerns (>= 50%)"
    return 0, f"{pct}; most weight from studies at low risk of bias"


def inconsistency(x: GradeInputs) -> Suggestion:
    evidence = {"k": x.k, "i2": x.i2, "tau2": x.tau2, "q_p": x.q_p,
                "pi_lower": x.pi_lower, "pi_upper": x.pi_upper}
    if x.k == 1:
        return Suggestion(0, "one study", evidence)
    if x.pooled is None or x.i2 is None:
        return Suggestion(None, NO_NUMBERS, evidence)
    pi_null = (x.k >= 3 and x.pi_lower is not None and x.pi_upper is not None
               and x.pi_lower <= x.null <= x.pi_upper)
    i2 = f"I² = {x.i2:.0f}%"
    if x.i2 >= 75 and pi_null:
        return Suggestion(-2, f"{i2} (>= 75%) and the prediction interval includes the null",
                          evidence)
    if x.i2 >= 50:
        return Suggestion(-1, f"{i2} (>= 50%)", evidence)
    if x.q_p is not None and x.q_p < 0.10 and pi_null:
        return Suggestion(-1, f"{i2}; Q's p = {x.q_p:.3g} (< 0.10) and the prediction "
                              "interval includes the null", evidence)
    return Suggestion(0, f"{i2}" + ("" if x.k >= 3 else
                                    "; prediction interval not used with k < 3"), evidence)


def indirectness(x: GradeInputs) -> Suggestion:
    return Suggestion(0, "a judgement about population, intervention, comparator and "
                         "outcome that the data cannot make", {})


def imprecision(x: GradeInputs) -> Suggestion:
    lo, hi = x.thresholds if x.thresholds else (None, None)
    ois = _ois_met(x)
    evidence: dict[str, Any] = {
        "ci_lower": None, "ci_upper": None, "null": x.null, "threshold_lower": lo,
        "threshold_upper": hi, "target_zone": None, "zones_reached": None,
        "events": x.events, "participants": x.participants, "ois_met": ois}
    if x.pooled is None:
        return Suggestion(None, NO_NUMBERS, evidence)
    p = x.pooled
    target = zone(p.estimate, x.thresholds, x.null)
    # A CI from below to above passes through the trivial zone between them.
    order = ("below", "trivial", "above") if x.thresholds else ("below", "above")
    low, high = sorted(order.index(zone(v, x.thresholds, x.null))
                       for v in (p.ci_lower, p.ci_upper))
    reached = high - low + 1
    evidence.update(ci_lower=p.ci_lower, ci_upper=p.ci_upper, target_zone=target,
                    zones_reached=reached)
    where = "the decision thresholds" if x.thresholds else "the null"
    if reached == 3:
        return Suggestion(-2, f"the CI spans both {where} (all three zones)", evidence)
    if reached == 2:
        return Suggestion(-1, f"the CI crosses {where} into one other zone", evidence)
    if ois is False:
        need = "300 events" if x.data_type is DataType.DICHOTOMOUS else "400 participants"
        return Suggestion(-1, f"the CI stays in one zone, but the optimal information size "
                              f"({need}) is not met", evidence)
    return Suggestion(0, "the CI stays in one zone" + (
        "" if ois is None else " and the optimal information size is met"), evidence)


def _ois_met(x: GradeInputs) -> bool | None:
    """Rule of thumb: dichotomous >= 300 events, continuous >= 400 participants; GEN none."""
    if x.data_type is DataType.DICHOTOMOUS:
        return None if x.events is None else x.events >= 300
    if x.data_type is DataType.CONTINUOUS:
        return None if x.participants is None else x.participants >= 400
    return None


def publication_bias(x: GradeInputs) -> Suggestion:
    evidence = {"k": x.k, "assessable": x.k >= 10, "egger_p": x.egger_p}
    if x.k < 10:
        return Suggestion(0, "fewer than 10 studies", evidence)
    if x.egger_p is None:
        return Suggestion(None, "Egger's test could not be computed", evidence)
    if x.egger_p < 0.10:
        return Suggestion(-1, f"Egger's test p = {x.egger_p:.3g} (< 0.10)", evidence)
    return Suggestion(0, f"Egger's test p = {x.egger_p:.3g} (>= 0.10)", evidence)


def large_effect(x: GradeInputs) -> Suggestion:
    p = x.pooled
    evidence = {"estimate": p.estimate if p else None, "ci_lower": p.ci_lower if p else None,
                "ci_upper": p.ci_upper if p else None}
    if not x.ratio:
        return Suggestion(0, "judged by hand: not a ratio measure", evidence)
    if p is None:
        return Suggestion(None, NO_NUMBERS, evidence)
    excludes = p.position(1.0) != "contains"
    if excludes and (p.estimate > 5 or p.estimate < 0.2):
        return Suggestion(2, f"ratio {p.estimate:.3g} (> 5 or < 0.2), CI excludes 1", evidence)
    if excludes and (p.estimate > 2 or p.estimate < 0.5):
        return Suggestion(1, f"ratio {p.estimate:.3g} (> 2 or < 0.5), CI excludes 1", evidence)
    return Suggestion(0, f"ratio {p.estimate:.3g}" + (
        "" if excludes else ", CI includes 1"), evidence)


def judged_only(x: GradeInputs) -> Suggestion:
    return Suggestion(0, "judged only: the data cannot show it", {})


RULES = {"risk_of_bias": risk_of_bias, "inconsistency": inconsistency,
         "indirectness": indirectness, "imprecision": imprecision,
         "publication_bias": publication_bias, "large_effect": large_effect,
         "dose_response": judged_only, "confounding": judged_only}


def suggest_all(x: GradeInputs) -> dict[str, Suggestion]:
    return {domain: rule(x) for domain, rule in RULES.items()}
