"""Chi-square tails without scipy agree with scipy's own (the reference, test-only here)."""

from __future__ import annotations

import math

import pytest
from scipy.special import chdtrc

from workbench.core.distributions import chi2_sf, gamma_q


@pytest.mark.parametrize("df", [1, 2, 7, 100, 101, 250, 999, 5000, 100000])
@pytest.mark.parametrize("ratio", [0.2, 0.8, 1.0, 1.3, 2.5])
def test_chi2_sf_matches_scipy(df, ratio):
    x = df * ratio
    expected = float(chdtrc(df, x))
    got = chi2_sf(x, df)
    if expected > 1e-3:
        # a·log(x) − lgamma(a) cancels terms of size ~df, so about df × 1e-16 is lost.
        assert got == pytest.approx(expected, abs=max(1e-12, df * 1e-15))
    else:
        assert got == pytest.approx(expected, rel=1e-8)


def test_gamma_q_edges():
    assert gamma_q(3.0, 0.0) == 1.0
    assert gamma_q(1.0, 2.0) == pytest.approx(math.exp(-2.0), rel=1e-14)  # Q(1, x) = e^-x
