"""Absolute effects of grade.md section 5 against numbers worked by hand (working in comments)."""

from __future__ import annotations

import pytest

from workbench.core.grade.absolute import (
    absolute_effect,
    decimals,
    difference_text,
    median_risk,
    per_1000_words,
    risk_with_intervention,
    round_half_away,
    study_population_risk,
)
from workbench.core.grade.inputs import Interval
from workbench.core.grade.model import Baseline

STUDY = Baseline.study()


def test_rr_per_1000():
    # r = 0.22, RR 1.88 (1.52 to 2.32):
    # intervention 0.22 x 1.88 = 0.4136 -> 414; difference 413.6 - 220 = 193.6 -> 194;
    # CI 0.22 x 1.52 = 0.3344 -> 334 (diff 114.4 -> 114); 0.22 x 2.32 = 0.5104 -> 510
    # (diff 290.4 -> 290).
    e = absolute_effect("RR", STUDY, 0.22, Interval(1.88, 1.52, 2.32))
    assert e["risk_comparator_per_1000"] == 220
    assert e["risk_intervention_per_1000"] == 414
    assert e["risk_intervention_ci_per_1000"] == [334, 510]
    assert e["difference_per_1000"] == 194
    assert e["difference_ci_per_1000"] == [114, 290]
    assert e["text"] == "194 more per 1,000 (from 114 more to 290 more)"
    assert e["clamped"] is False and e["kind"] == "study"
    assert e["baseline"] == "Study population"


def test_or_and_peto_or_per_1000():
    # r = 0.2, OR 2 (0.5 to 4); risk = OR r / (1 - r + OR r):
    # 0.4 / 1.2 = 0.3333 -> 333, diff 133.3 -> 133;
    # 0.1 / 0.9 = 0.1111 -> 111, diff -88.9 -> -89 ("89 fewer");
    # 0.8 / 1.6 = 0.5 -> 500, diff 300. Peto OR uses the same formula (grade.md 5).
    e = absolute_effect("OR", STUDY, 0.2, Interval(2.0, 0.5, 4.0))
    assert e["risk_intervention_per_1000"] == 333
    assert e["risk_intervention_ci_per_1000"] == [111, 500]
    assert e["difference_per_1000"] == 133
    assert e["difference_ci_per_1000"] == [-89, 300]
    assert e["text"] == "133 more per 1,000 (from 89 fewer to 300 more)"


def test_rd_per_1000_is_the_grade_md_example():
    # r = 0.3, RD -0.05 (-0.17 to 0.06): 0.25 -> 250, diff -50; 0.13 -> diff -170;
    # 0.36 -> diff +60: grade.md's own "50 fewer per 1,000 (from 170 fewer to 60 more)".
    e = absolute_effect("RD", STUDY, 0.3, Interval(-0.05, -0.17, 0.06))
    assert e["text"] == "50 fewer per 1,000 (from 170 fewer to 60 more)"
    assert e["risk_intervention_per_1000"] == 250
    assert e["difference_ci_per_1000"] == [-170, 60]


def test_limits_in_numeric_order_and_clamped():
    # RR 4 (1.5 to 6) at r = 0.3: 1.2, 0.45, 1.8 -> clamped to 1, 0.45, 1 (flagged);
    # diff (1 - 0.3) x 1000 = 700, CI 150 to 700.
    e = absolute_effect("RR", STUDY, 0.3, Interval(4.0, 1.5, 6.0))
    assert e["clamped"] is True
    assert e["risk_intervention_per_1000"] == 1000
    assert e["difference_ci_per_1000"] == [150, 700]
    # An RD whose limits come reversed still prints low to high.
    e = absolute_effect("RD", STUDY, 0.5, Interval(0.0, 0.1, -0.1))
    assert e["difference_ci_per_1000"] == [-100, 100]


def test_rounding_half_away_from_zero():
    # Python's round() would give 0, 2 and -2 (to even); grade.md says away from zero.
    assert [round_half_away(x) for x in (0.5, 2.5, -2.5, 1.4999, -0.5)] == [1, 3, -3, 1, -1]


def test_rounded_zero_takes_the_sign_of_the_unrounded_value():
    assert per_1000_words(-0.3) == "0 fewer"
    assert per_1000_words(0.3) == "0 more"
    assert per_1000_words(1234.0) == "1,234 more"


def test_risk_formulas():
    assert risk_with_intervention("RR", 0.1, 2.0) == pytest.approx(0.2)
    assert risk_with_intervention("OR", 0.5, 3.0) == pytest.approx(0.75)  # 1.5 / 2
    assert risk_with_intervention("RD", 0.1, 0.05) == pytest.approx(0.15)
    with pytest.raises(ValueError):
        risk_with_intervention("MD", 0.1, 1.0)


def test_baseline_risks():
    # Comparator arms 10/100, 30/100, 5/50: study population 45/250 = 0.18;
    # risks 0.1, 0.3, 0.1 -> median 0.1.
    arms = [(10, 100), (30, 100), (5, 50)]
    assert study_population_risk(arms) == pytest.approx(0.18)
    assert median_risk(arms) == pytest.approx(0.1)
    assert study_population_risk([]) is None
    with pytest.raises(ValueError):
        Baseline.typed("High risk", 1.0)


def test_mean_difference_text():
    # grade.md section 5's example wording.
    assert difference_text("MD", Interval(-1.19, -1.53, -0.85)) == \
        "MD 1.19 lower (1.53 lower to 0.85 lower)"
    assert difference_text("SMD", Interval(-0.45, -0.70, -0.20)) == \
        "SMD 0.45 lower (0.70 lower to 0.20 lower)"
    assert difference_text("MD", Interval(0.5, -0.25, 1.25)) == \
        "MD 0.50 higher (0.25 lower to 1.25 higher)"


def test_small_differences_get_more_decimals():
    # 0.004 would print as 0.00 with two decimals: three are needed.
    assert decimals([0.004, 0.001, 0.007]) == 3
    assert difference_text("MD", Interval(0.004, 0.001, 0.007)) == \
        "MD 0.004 higher (0.001 higher to 0.007 higher)"
    assert decimals([1.0, 0.0]) == 2
