"""Pooling formulas against hand arithmetic."""

from __future__ import annotations

import math

import numpy as np

from workbench.core.effects import cells_from_counts
from workbench.core.meta import pool_random
from workbench.core.pooling import mh_estimate, pool_peto
from workbench.core.tau2 import estimate_tau2


def test_fixed_effect_two_studies():
    # y = 0 and 1, v = 1 and 1: mean 0.5, var 1/2, Q = 0.25+0.25 = 0.5
    res = pool_random([0.0, 1.0], [1.0, 1.0], "FE")
    assert math.isclose(res.estimate, 0.5) and math.isclose(res.se, math.sqrt(0.5))
    assert math.isclose(res.q, 0.5) and res.tau2 is None and res.pi_lower is None


def test_dl_by_hand():
    # y = 0, 2; v = 1, 1: Q = 2, df 1, Σw - Σw²/Σw = 2 - 1 = 1 -> τ² = 1
    assert math.isclose(estimate_tau2(np.array([0.0, 2.0]), np.array([1.0, 1.0]), "DL"), 1.0)
    res = pool_random([0.0, 2.0], [1.0, 1.0], "DL")
    assert math.isclose(res.se, 1.0) and math.isclose(res.i2, 50.0)  # τ²/(τ²+1)


def test_single_study():
    res = pool_random([0.3], [0.04], "REML")
    assert res.tau2 == 0 and res.q == 0 and res.q_df == 0
    assert res.i2 is None and res.q_p is None and res.pi_lower is None


def test_hksj_scales_by_q_over_df():
    # FE with HKSJ: var × Q/(k-1) = 0.5 × 0.5; t with 1 df
    res = pool_random([0.0, 1.0], [1.0, 1.0], "FE", hksj=True)
    assert math.isclose(res.se, 0.5) and res.df == 1


def test_mh_or_and_peto_by_hand():
    # two identical tables 10/100 vs 20/100: MH OR = Σad/N / Σbc/N = 800/1800
    cells = cells_from_counts([10, 10], [100, 100], [20, 20], [100, 100])
    est, _ = mh_estimate("OR", cells)
    assert math.isclose(est, math.log(800 / 1800))
    # Peto: O-E = 10 - 100*30/200 = -5, V = 100*100*30*170/(200²*199) per table
    v = 100 * 100 * 30 * 170 / (200**2 * 199)
    res = pool_peto(cells)
    assert math.isclose(res.estimate, -10 / (2 * v)) and math.isclose(res.q, 0.0, abs_tol=1e-12)
