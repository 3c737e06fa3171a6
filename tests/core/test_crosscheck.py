"""Cross-checks against independent implementations: statsmodels (DL, PM) and PyMARE (REML)."""

from __future__ import annotations

import numpy as np
import pytest

from workbench.core.meta import pool_random

sm = pytest.importorskip("statsmodels.stats.meta_analysis")


def _data(seed: int, k: int):
    rng = np.random.default_rng(seed)
    vi = rng.uniform(0.01, 0.5, k)
    yi = rng.normal(0.3, np.sqrt(vi + rng.uniform(0, 0.3)))
    return yi, vi


@pytest.mark.parametrize("seed", range(10))
def test_dl_matches_statsmodels(seed):
    yi, vi = _data(seed, 5 + 3 * seed)
    theirs = sm.combine_effects(yi, vi, method_re="dl")
    ours = pool_random(yi, vi, "DL")
    # statsmodels leaves a negative DL tau² untruncated; metafor (and we) truncate at 0.
    assert abs(ours.tau2 - max(0.0, theirs.tau2)) <= 1e-10 * max(1, theirs.tau2)
    if theirs.tau2 >= 0:
        assert abs(ours.estimate - theirs.mean_effect_re) <= 1e-10
        assert abs(ours.se - theirs.sd_eff_w_re) <= 1e-10
    assert abs(ours.q - theirs.q) <= 1e-9 * theirs.q


@pytest.mark.parametrize("seed", range(10))
def test_pm_matches_statsmodels_tightened(seed):
    """statsmodels' Paule-Mandel iteration stops at atol=1e-5; tightened to 1e-11 here.

    Its unguarded Newton steps from 0 can overshoot the root and then return 0 unconverged
    (seeds 4 and 8); started below our root they converge on their own equation.
    """
    yi, vi = _data(seed, 6 + 2 * seed)
    ours = pool_random(yi, vi, "PM")
    for start in (0.9, 0.8, 0.5):  # their undamped Newton may overshoot: try other starts
        tau2, converged = sm._fit_tau_iterative(yi, vi, tau2_start=start * ours.tau2,
                                                atol=1e-11, maxiter=10_000)
        if converged:
            break
    assert converged or tau2 == 0  # 0: Q(0) < k-1, the truncated solution
    assert abs(ours.tau2 - tau2) <= 1e-9 * max(1.0, tau2)


@pytest.mark.parametrize("seed", range(6))
def test_reml_matches_pymare(seed):
    """PyMARE optimises with scipy's minimize (default tolerance): agree to ~1e-4."""
    pymare = pytest.importorskip("pymare")
    from pymare.estimators import VarianceBasedLikelihoodEstimator

    yi, vi = _data(100 + seed, 8 + 4 * seed)
    fit = VarianceBasedLikelihoodEstimator(method="REML").fit_dataset(
        pymare.Dataset(y=yi, v=vi))
    tau2 = float(fit.params_["tau2"].ravel()[0])
    est = float(fit.params_["fe_params"].ravel()[0])
    ours = pool_random(yi, vi, "REML")
    assert abs(ours.tau2 - tau2) <= 1e-4 * max(1.0, tau2)
    assert abs(ours.estimate - est) <= 1e-4 * max(1.0, abs(est))
