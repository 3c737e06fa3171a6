"""Study-level effect sizes against hand arithmetic shown in each test."""

from __future__ import annotations

import math

import numpy as np

from workbench.core import effects


def _one(measure, a, n1, c, n2, **kw):
    est, _ = effects.binary_estimates(measure, effects.cells_from_counts([a], [n1], [c], [n2]),
                                      **kw)
    return est.yi[0], est.vi[0], est.reason[0], est.corrected[0]


def test_rr_or_rd_without_zero_cells():
    # a=10/n1=100, c=20/n2=100: RR=0.5, var=1/10-1/100+1/20-1/100=0.13
    yi, vi, _, corrected = _one("RR", 10, 100, 20, 100)
    assert math.isclose(yi, math.log(0.5)) and math.isclose(vi, 0.13) and not corrected
    # OR=(10*80)/(90*20)=0.4444, var=1/10+1/90+1/20+1/80
    yi, vi, *_ = _one("OR", 10, 100, 20, 100)
    assert math.isclose(yi, math.log(800 / 1800)) and math.isclose(vi, 1/10 + 1/90 + 1/20 + 1/80)
    # RD=0.1-0.2, var=0.1*0.9/100+0.2*0.8/100
    yi, vi, *_ = _one("RD", 10, 100, 20, 100)
    assert math.isclose(yi, -0.1) and math.isclose(vi, 0.0025)


def test_zero_cell_adds_half_to_all_four_cells():
    # 0/10 vs 5/10 -> 0.5/11 vs 5.5/11: RR=(0.5/11)/(5.5/11)=1/11, var=1/0.5-1/11+1/5.5-1/11
    yi, vi, _, corrected = _one("RR", 0, 10, 5, 10)
    assert corrected and math.isclose(yi, math.log(1 / 11))
    assert math.isclose(vi, 2 - 1 / 11 + 1 / 5.5 - 1 / 11)


def test_double_zero_kept_dropped_and_revman():
    # kept (metafor default): 0.5/11 vs 0.5/11 -> RR 1, estimable
    yi, _, reason, _ = _one("RR", 0, 10, 0, 10)
    assert yi == 0 and reason == effects.OK
    assert _one("RR", 0, 10, 0, 10, drop00=True)[2] == effects.DOUBLE_ZERO
    assert _one("OR", 0, 10, 0, 10, revman=True)[2] == effects.DOUBLE_ZERO
    assert _one("RD", 0, 10, 0, 10, revman=True)[2] == effects.OK  # RevMan: RD still counts


def test_missing_and_no_correction():
    assert _one("RR", np.nan, 10, 1, 10)[2] == effects.MISSING
    assert _one("OR", 0, 10, 3, 10, cc_to="none")[2] == effects.NOT_FINITE


def test_smd_exact_and_revman():
    # m1=1, m2=0, sd 1 and 1, n 10 and 10: d=1, m=18
    est = effects.continuous_estimates("SMD", [1], [1], [10], [0], [1], [10])
    j = math.exp(math.lgamma(9) - 0.5 * math.log(9) - math.lgamma(8.5))
    assert math.isclose(est.yi[0], j) and math.isclose(est.vi[0], 0.2 + j**2 / 40)
    rm = effects.continuous_estimates("SMD", [1], [1], [10], [0], [1], [10], revman=True)
    g = 1 - 3 / (4 * 20 - 9)  # RevMan: 1 - 3/(4N-9)
    assert math.isclose(rm.yi[0], g) and math.isclose(rm.vi[0], 20 / 100 + g**2 / (2 * 16.06))


def test_md_and_generic():
    est = effects.continuous_estimates("MD", [5], [2], [4], [3], [3], [9])
    assert est.yi[0] == 2 and math.isclose(est.vi[0], 4 / 4 + 9 / 9)
    gen = effects.generic_estimates([0.3, 0.1], [0.2, np.nan], [9.0, 0.04])
    assert math.isclose(gen.vi[0], 0.04) and math.isclose(gen.vi[1], 0.04)  # se wins
