"""Cohen's kappa and percent agreement against values worked out by hand."""

import math

import pytest

from workbench.core.agreement import cohen_kappa, percent_agreement


def _pairs(table: dict[tuple[str, str], int]) -> list[tuple[str, str]]:
    return [pair for pair, count in table.items() for _ in range(count)]


def test_two_by_two_kappa_and_fleiss_cohen_everitt_interval():
    # Rater 1 in rows, rater 2 in columns, n = 50:
    #            L    H
    #      L    20    5     p1. = 25/50 = 0.5
    #      H    10   15     p2. = 25/50 = 0.5
    #  p.1 = 30/50 = 0.6, p.2 = 20/50 = 0.4
    # po = (20 + 15)/50 = 0.7; pe = 0.5*0.6 + 0.5*0.4 = 0.5; kappa = (0.7-0.5)/(1-0.5) = 0.4
    # Fleiss, Cohen & Everitt (1969), with 1 - kappa = 0.6:
    #  A = 0.4*(1 - (0.5+0.6)*0.6)^2 + 0.3*(1 - (0.5+0.4)*0.6)^2 = 0.04624 + 0.06348 = 0.10972
    #  B = 0.36*(0.1*(0.6+0.5)^2 + 0.2*(0.4+0.5)^2) = 0.36*(0.121 + 0.162) = 0.10188
    #  C = (0.4 - 0.5*0.6)^2 = 0.01
    #  var = (0.10972 + 0.10188 - 0.01) / (0.5^2 * 50) = 0.2016 / 12.5 = 0.016128
    se = math.sqrt(0.016128)
    z = 1.959963984540054  # the 97.5th normal percentile
    result = cohen_kappa(_pairs({("L", "L"): 20, ("L", "H"): 5, ("H", "L"): 10,
                                 ("H", "H"): 15}))
    assert result.n == 50
    assert result.percent == pytest.approx(70.0)
    assert result.kappa == pytest.approx(0.4)
    assert result.ci_lower == pytest.approx(0.4 - z * se)
    assert result.ci_upper == pytest.approx(0.4 + z * se)


def test_three_categories():
    # n = 10: diagonal Low 3, Some 2, High 2; off-diagonal (Low, Some) 1, (Some, High) 1,
    # (High, Low) 1. po = 7/10 = 0.7.
    # rows: Low 4, Some 3, High 3; columns: Low 4, Some 3, High 3 (tenths)
    # pe = 0.4*0.4 + 0.3*0.3 + 0.3*0.3 = 0.34; kappa = (0.7-0.34)/(0.66) = 0.5454...
    table = {("Low", "Low"): 3, ("Some", "Some"): 2, ("High", "High"): 2,
             ("Low", "Some"): 1, ("Some", "High"): 1, ("High", "Low"): 1}
    result = cohen_kappa(_pairs(table))
    assert result.kappa == pytest.approx(0.36 / 0.66)
    assert result.percent == pytest.approx(70.0)


def test_perfect_agreement_has_kappa_one_and_zero_width_interval():
    # Two categories, all on the diagonal: po = 1, pe = 0.5*0.5*2 = 0.5, kappa = 1.
    # A = 0.5*(1 - 1*0)^2 * 2 = 1, B = 0, C = (1 - 0)^2 = 1: variance 0.
    result = cohen_kappa([("L", "L"), ("H", "H")])
    assert result.kappa == pytest.approx(1.0)
    assert result.ci_lower == pytest.approx(1.0)
    assert result.ci_upper == pytest.approx(1.0)


def test_kappa_undefined_when_chance_agreement_is_one():
    # Both reviewers say Low every time: pe = 1*1 = 1, so kappa's denominator is 0.
    result = cohen_kappa([("Low", "Low")] * 4)
    assert result.kappa is None and result.ci_lower is None and result.ci_upper is None
    assert result.percent == 100.0


def test_no_pairs():
    assert cohen_kappa([]).kappa is None
    assert cohen_kappa([]).n == 0


def test_percent_agreement():
    assert percent_agreement(3, 4) == 75.0  # 3/4 = 0.75
    assert percent_agreement(0, 0) is None


def test_matches_statsmodels_where_installed():
    statsmodels = pytest.importorskip("statsmodels.stats.inter_rater")
    import numpy as np

    # statsmodels' cohens_kappa reports the same asymptotic (non-null) standard error.
    reference = statsmodels.cohens_kappa(np.array([[20, 5], [10, 15]]))
    ours = cohen_kappa(_pairs({("L", "L"): 20, ("L", "H"): 5, ("H", "L"): 10,
                               ("H", "H"): 15}))
    assert ours.ci_lower == pytest.approx(reference.kappa_low)
    assert ours.ci_upper == pytest.approx(reference.kappa_upp)
