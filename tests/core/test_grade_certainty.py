"""Certainty arithmetic, thresholds and staleness of grade.md section 4."""

from __future__ import annotations

import pytest

from workbench.core.grade import certainty as c
from workbench.core.grade.model import DOMAINS, check_level
from workbench.core.grade.thresholds import (
    check_thresholds,
    natural_thresholds,
    per_1000_to_natural,
)
from workbench.core.model import DataType


def states(**levels) -> dict[str, c.DomainState]:
    """Every domain suggested 0 and unjudged, except those given as (suggested, judged)."""
    out = {}
    for d in DOMAINS:
        suggested, judged = levels.get(d, (0, None))
        out[d] = c.DomainState(suggested, judged, None, "", False, {})
    return out


def test_start_plus_domains_clamped():
    # 4 - 1 (suggested) - 2 (judged) = 1; another -1 would be 0, clamped to 1.
    assert c.certainty(4, states(risk_of_bias=(-1, None), imprecision=(0, -2)))[0] == 1
    assert c.certainty(4, states(risk_of_bias=(-1, -2), imprecision=(0, -2)))[0] == 1
    assert c.certainty(2, states(large_effect=(2, 2), dose_response=(0, 1)))[0] == 4
    assert c.certainty(4, states(large_effect=(2, 2)))[0] == 4  # clamped at 4


def test_upgrading_counts_only_where_judged():
    # large effect suggested +2 but not judged: Low stays Low.
    assert c.certainty(2, states(large_effect=(2, None)))[0] == 2
    assert c.certainty(2, states(large_effect=(2, 1)))[0] == 3


def test_provisional_until_all_five_downgrading_judged_and_fresh():
    judged = {d: (0, 0) for d in DOMAINS[:5]}
    assert c.certainty(4, states(**judged)) == (4, False)
    missing = dict(judged, imprecision=(0, None))
    assert c.certainty(4, states(**missing))[1] is True
    stale = states(**judged)
    stale["inconsistency"] = c.DomainState(0, 0, "r", "", True, {})
    assert c.certainty(4, stale)[1] is True


def test_design_and_start():
    assert c.design_of(None, ["RCT", "RCT"]) == "randomised"
    assert c.design_of("non-randomised", ["RCT"]) == "non-randomised"
    assert c.design_of(None, ["Cohort", "Case-control"]) == "non-randomised"
    assert c.design_of(None, ["Cohort", "Randomised cross-over"]) == "randomised"
    assert c.design_of(None, ["Non-randomised controlled"]) == "non-randomised"
    assert c.start_level("randomised", False) == 4
    assert c.start_level("non-randomised", False) == 2
    assert c.start_level("non-randomised", True) == 4  # every study assessed with ROBINS-I


def test_snapshot_compares_four_significant_digits_and_studies():
    a = c.snapshot({"i2": 41.23449, "k": 5}, [3, 1])
    assert a == c.snapshot({"i2": 41.23, "k": 5}, [1, 3])     # 41.23 either way
    assert a != c.snapshot({"i2": 41.24, "k": 5}, [1, 3])
    assert a != c.snapshot({"i2": 41.23, "k": 5}, [1, 3, 4])  # another study included
    assert not c.is_stale("", a) and c.is_stale(a, c.snapshot({"i2": 50.0, "k": 5}, [1, 3]))


@pytest.mark.parametrize("domain, level, ok", [
    ("risk_of_bias", -2, True), ("risk_of_bias", -3, False), ("imprecision", -3, True),
    ("large_effect", 2, True), ("large_effect", 3, False), ("dose_response", 1, True),
    ("confounding", -1, False), ("publication_bias", 1, False), ("nonsense", 0, False)])
def test_level_ranges(domain, level, ok):
    if ok:
        check_level(domain, level)
    else:
        with pytest.raises(ValueError):
            check_level(domain, level)


def test_thresholds_per_1000_conversion():
    # r = 0.2: +50 per 1,000 -> 0.25; RR 0.25 / 0.2 = 1.25; OR (0.25/0.75)/(0.2/0.8) = 4/3;
    # RD 0.05. -50 -> 0.15: RR 0.75.
    assert per_1000_to_natural("RR", 50, 0.2) == pytest.approx(1.25)
    assert per_1000_to_natural("RR", -50, 0.2) == pytest.approx(0.75)
    assert per_1000_to_natural("OR", 50, 0.2) == pytest.approx(4 / 3)
    assert per_1000_to_natural("RD", 50, 0.2) == pytest.approx(0.05)
    assert per_1000_to_natural("RR", -300, 0.2) is None  # a risk below 0 cannot be a ratio
    assert natural_thresholds("RR", "per_1000", (-50, 50), 0.2) == pytest.approx((0.75, 1.25))


def test_default_thresholds():
    assert natural_thresholds("RR", "natural", None, 0.2) == (0.75, 1.25)
    assert natural_thresholds("OR", "natural", None, None) == (0.75, 1.25)
    assert natural_thresholds("RD", "natural", None, None) == (-0.025, 0.025)
    assert natural_thresholds("SMD", "natural", None, None) == (-0.2, 0.2)
    assert natural_thresholds("MD", "natural", None, None) is None
    assert natural_thresholds("GEN", "natural", None, None) is None
    assert natural_thresholds("MD", "mid", (-2.0, 2.0), None) == (-2.0, 2.0)


@pytest.mark.parametrize("data_type, measure, kind, pair", [
    (DataType.DICHOTOMOUS, "RR", "natural", (1.1, 1.3)),   # the null is not between them
    (DataType.DICHOTOMOUS, "RR", "natural", (0.0, 1.3)),   # a ratio must stay above 0
    (DataType.CONTINUOUS, "MD", "per_1000", (-5, 5)),      # per 1,000 needs dichotomous
    (DataType.DICHOTOMOUS, "RR", "per_1000", (5, 50)),
    (DataType.CONTINUOUS, "MD", "mid", (-1, 2)),
    (DataType.DICHOTOMOUS, "RR", "mid", (-1, 1)),
])
def test_bad_thresholds_refused(data_type, measure, kind, pair):
    with pytest.raises(ValueError):
        check_thresholds(data_type, measure, kind, pair)
