"""Small-study tests against hand arithmetic and the exact Kendall distribution."""

from __future__ import annotations

import math

import numpy as np

from workbench.core.bias import egger_test, rank_test, trim_and_fill
from workbench.core.kendall import concordant_cdf, kendall_test


def test_kendall_distribution_small_n():
    # n=3: concordant pairs 0..3 occur in 1, 2, 2, 1 of the 6 orderings
    assert [round(concordant_cdf(q, 3) * 6) for q in range(4)] == [1, 3, 5, 6]


def test_kendall_perfect_order_exact_p():
    # n=4 in the same order: tau = 1; P(T >= 6) = 1/24, two-sided 2/24
    tau, p = kendall_test(np.arange(4.0), np.arange(4.0))
    assert tau == 1 and math.isclose(p, 2 / 24)


def test_egger_symmetric_funnel_has_zero_intercept():
    # y/se exactly proportional to 1/se (y constant): intercept 0
    vi = np.array([0.01, 0.04, 0.09, 0.16, 0.25])
    res = egger_test(np.full(5, 0.2) + 0 * vi, vi)
    assert abs(res.intercept) < 1e-10 and res.df == 3


def test_egger_and_rank_need_three_studies():
    assert egger_test(np.array([0.1, 0.2]), np.array([0.1, 0.2])) is None
    assert rank_test(np.array([0.1, 0.2]), np.array([0.1, 0.2])) is None


def test_trim_and_fill_symmetric_data_fills_nothing():
    yi = np.array([-0.2, 0.2, -0.1, 0.1, 0.0])
    vi = np.array([0.04, 0.04, 0.01, 0.01, 0.02])
    res = trim_and_fill(yi, vi, "FE")
    assert res.k0 == 0 and math.isclose(res.estimate, 0.0, abs_tol=1e-12)
