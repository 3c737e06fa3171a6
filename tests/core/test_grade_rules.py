"""Every suggestion rule of grade.md section 4 at and either side of its thresholds."""

from __future__ import annotations

from dataclasses import replace

import pytest

from workbench.core.grade import rules
from workbench.core.grade.inputs import GradeInputs, Interval, StudyRob, rob_class
from workbench.core.model import DataType

BASE = GradeInputs(data_type=DataType.DICHOTOMOUS, measure="RR", ratio=True, null=1.0, k=5,
                   pooled=Interval(0.6, 0.5, 0.7), events=400, participants=1000,
                   thresholds=(0.75, 1.25))


def with_rob(weights: dict[str, float], without_high: Interval | None = None) -> GradeInputs:
    """Studies with the given weight per judgement ("High", "Some concerns", "Low", None)."""
    studies = tuple(StudyRob(i, w, j) for i, (j, w) in enumerate(weights.items()))
    return replace(BASE, studies=studies, without_high=without_high)


@pytest.mark.parametrize("judgement, expected", [
    ("High", "high"), ("Serious", "high"), ("Critical", "high"), ("High risk", "high"),
    ("Some concerns", "some_concerns"), ("Unclear risk", "some_concerns"),
    ("Moderate", "some_concerns"), ("No information", "some_concerns"),
    (None, "some_concerns"), ("Low", "low"), ("Low risk", "low")])
def test_risk_of_bias_classes(judgement, expected):
    assert rob_class(judgement) == expected


# CI (0.5, 0.7) lies below the null; a refit containing 1 changes the conclusion.
SAME, CHANGED = Interval(0.6, 0.4, 0.8), Interval(0.9, 0.7, 1.1)


@pytest.mark.parametrize("weights, refit, level", [
    ({"High": 0.5, "Low": 0.5}, CHANGED, -2),           # w_high = 0.5 and changes
    ({"High": 0.5, "Low": 0.5}, SAME, -1),              # w_high = 0.5 alone
    ({"High": 0.49, "Low": 0.51}, CHANGED, -1),         # just below 0.5, >= 0.2 and changes
    ({"High": 0.2, "Low": 0.8}, CHANGED, -1),           # w_high = 0.2 and changes
    ({"High": 0.19, "Low": 0.81}, CHANGED, 0),          # just below 0.2
    ({"High": 0.2, "Low": 0.8}, SAME, 0),               # 0.2 without a change
    ({"High": 0.125, "Some concerns": 0.375, "Low": 0.5}, SAME, -1),  # high + sc = 0.5
    ({"High": 0.125, "Some concerns": 0.37, "Low": 0.505}, SAME, 0),  # 0.495
    ({"Low": 1.0}, None, 0),
])
def test_risk_of_bias_rule(weights, refit, level):
    s = rules.risk_of_bias(with_rob(weights, refit))
    assert s.suggested == level, s.rule


def test_risk_of_bias_no_study_left_changes_the_conclusion():
    s = rules.risk_of_bias(with_rob({"High": 1.0}, None))
    assert s.evidence["conclusion_changes"] is True and s.suggested == -2
    assert s.evidence["estimate_without_high"] is None


def test_risk_of_bias_counts_unassessed_as_some_concerns():
    s = rules.risk_of_bias(with_rob({None: 0.6, "Low": 0.4}))
    assert s.evidence["unassessed"] == 1
    assert s.evidence["weight_some_concerns"] == pytest.approx(0.6)
    assert s.suggested == -1 and "1 study unassessed" in s.rule
    assert set(s.evidence) == {"weight_high", "weight_some_concerns", "weight_low",
                               "unassessed", "estimate_without_high",
                               "ci_lower_without_high", "ci_upper_without_high",
                               "conclusion_changes"}


def het(i2, q_p, pi=(0.4, 1.2), k=5) -> GradeInputs:
    return replace(BASE, k=k, i2=i2, q_p=q_p, pi_lower=pi[0], pi_upper=pi[1], tau2=0.1)


@pytest.mark.parametrize("inputs, level", [
    (het(75, 0.01), -2),                   # I2 = 75 and PI includes 1
    (het(74.99, 0.01), -1),                # just below 75: I2 >= 50
    (het(75, 0.01, pi=(0.3, 0.9)), -1),    # PI excludes 1
    (het(50, 0.5), -1),                    # I2 = 50
    (het(49.99, 0.099), -1),               # Q's p < 0.10 and PI includes the null
    (het(49.99, 0.10), 0),                 # p = 0.10 is not < 0.10
    (het(49.99, 0.05, pi=(0.3, 0.9)), 0),  # PI excludes the null
    (het(40, 0.05, k=2), 0),               # k < 3: the PI does not count
    (het(90, 1.0, k=1), 0),                # one study
])
def test_inconsistency_rule(inputs, level):
    s = rules.inconsistency(inputs)
    assert s.suggested == level, s.rule
    assert set(s.evidence) == {"k", "i2", "tau2", "q_p", "pi_lower", "pi_upper"}


def prec(ci, estimate=None, events=300, thresholds=(0.75, 1.25), **kw) -> GradeInputs:
    est = estimate if estimate is not None else (ci[0] + ci[1]) / 2
    return replace(BASE, pooled=Interval(est, *ci), events=events, thresholds=thresholds, **kw)


@pytest.mark.parametrize("inputs, level, zones", [
    (prec((0.5, 0.74)), 0, 1),                 # inside "below", 300 events
    (prec((0.5, 0.74), events=299), -1, 1),     # OIS not met
    (prec((0.5, 0.75), estimate=0.6), -1, 2),   # upper limit on the threshold: trivial zone
    (prec((0.5, 1.25), estimate=0.6), -1, 2),   # reaches the trivial zone only
    (prec((0.5, 1.26), estimate=0.6), -2, 3),   # just past the upper threshold
    (prec((0.8, 1.2), estimate=1.0), 0, 1),     # inside the trivial zone
    (prec((0.8, 1.2), estimate=1.0, thresholds=None), -1, 2),  # no thresholds: the null
])
def test_imprecision_rule(inputs, level, zones):
    s = rules.imprecision(inputs)
    assert s.suggested == level, s.rule
    assert s.evidence["zones_reached"] == zones


def test_imprecision_ois_for_continuous_and_generic():
    cont = replace(BASE, data_type=DataType.CONTINUOUS, measure="MD", ratio=False, null=0.0,
                   pooled=Interval(-2.0, -3.0, -1.5), thresholds=(-1.0, 1.0), events=None)
    assert rules.imprecision(replace(cont, participants=400)).suggested == 0
    assert rules.imprecision(replace(cont, participants=399)).suggested == -1
    gen = replace(cont, data_type=DataType.GENERIC, measure="GEN", participants=None)
    s = rules.imprecision(gen)
    assert s.evidence["ois_met"] is None and s.suggested == 0
    assert s.evidence["target_zone"] == "below"


@pytest.mark.parametrize("k, p, level, assessable", [
    (9, 0.001, 0, False), (10, 0.0999, -1, True), (10, 0.10, 0, True), (12, 0.5, 0, True),
    (10, None, None, True)])
def test_publication_bias_rule(k, p, level, assessable):
    s = rules.publication_bias(replace(BASE, k=k, egger_p=p))
    assert (s.suggested, s.evidence["assessable"]) == (level, assessable)


@pytest.mark.parametrize("pooled, level", [
    (Interval(5.01, 3.0, 8.0), 2), (Interval(5.0, 3.0, 8.0), 1), (Interval(0.19, 0.1, 0.4), 2),
    (Interval(0.2, 0.1, 0.4), 1), (Interval(2.01, 1.5, 3.0), 1), (Interval(2.0, 1.5, 3.0), 0),
    (Interval(0.49, 0.3, 0.8), 1), (Interval(0.5, 0.3, 0.8), 0),
    (Interval(6.0, 0.9, 40.0), 0)])  # the CI includes 1
def test_large_effect_rule(pooled, level):
    assert rules.large_effect(replace(BASE, pooled=pooled)).suggested == level


def test_not_estimable_leaves_number_rules_unsuggested():
    x = replace(BASE, pooled=None, k=0)
    found = rules.suggest_all(x)
    # Publication bias needs only k (< 10: 0); the others need the pooled numbers.
    assert {d for d, s in found.items() if s.suggested is None} == {
        "risk_of_bias", "inconsistency", "imprecision", "large_effect"}
    assert found["indirectness"].suggested == 0 and found["dose_response"].suggested == 0


def test_non_ratio_large_effect_is_judged_by_hand():
    x = replace(BASE, measure="MD", ratio=False, null=0.0)
    assert rules.large_effect(x).suggested == 0
