"""Properties of the pooled model that hold for any data (hypothesis)."""

from __future__ import annotations

import math

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from workbench.core.meta import pool_random, run_meta
from workbench.core.model import AnalysisSettings, DataType, StudyRow

METHODS = ("FE", "DL", "REML", "ML", "PM", "SJ", "HE", "HS", "EB")
effects = st.floats(-3, 3, allow_nan=False)
variances = st.floats(0.01, 2, allow_nan=False)
studies = st.lists(st.tuples(effects, variances), min_size=2, max_size=25)


def _rows(data):
    return [StudyRow(f"S{i}", {"estimate": y, "se": math.sqrt(v)}) for i, (y, v) in
            enumerate(data)]


@settings(max_examples=60, deadline=None)
@given(studies, st.sampled_from(METHODS), st.randoms(use_true_random=False))
def test_permutation_invariance(data, method, rnd):
    shuffled = list(data)
    rnd.shuffle(shuffled)
    a = pool_random(*zip(*data, strict=True), method)
    b = pool_random(*zip(*shuffled, strict=True), method)
    assert math.isclose(a.estimate, b.estimate, rel_tol=1e-7, abs_tol=1e-9)
    assert math.isclose(a.se, b.se, rel_tol=1e-7, abs_tol=1e-9)


@settings(max_examples=60, deadline=None)
@given(studies, st.sampled_from(METHODS[1:]))
def test_random_equals_fixed_when_tau2_is_zero(data, method):
    yi, vi = np.array(data).T
    yi = np.full_like(yi, yi[0])  # identical estimates: no heterogeneity at all
    re, fe = pool_random(yi, vi, method), pool_random(yi, vi, "FE")
    assert re.tau2 <= 1e-12  # SJ: var(y) of equal values may round to ~1e-33, not 0
    assert math.isclose(re.estimate, fe.estimate, rel_tol=1e-12, abs_tol=1e-12)
    assert math.isclose(re.se, fe.se, rel_tol=1e-12)


@settings(max_examples=60, deadline=None)
@given(studies, st.sampled_from(METHODS), st.booleans())
def test_ci_contains_estimate_and_weights_sum_to_100(data, method, hksj):
    result = run_meta(_rows(data), DataType.GENERIC,
                      AnalysisSettings(measure="GEN", method=method, hksj=hksj))
    assert result.ci_lower <= result.estimate <= result.ci_upper
    assert math.isclose(sum(s.weight for s in result.studies), 100.0, rel_tol=1e-9)
    assert result.tau2 is None or result.tau2 >= 0


@settings(max_examples=60, deadline=None)
@given(studies, st.sampled_from(METHODS), st.floats(0.1, 10))
def test_scaling(data, method, c):
    """Multiplying every estimate by c scales the estimate by c and tau² by c² (vi by c²)."""
    yi, vi = np.array(data).T
    a = pool_random(yi, vi, method)
    b = pool_random(c * yi, c * c * vi, method)
    assert math.isclose(b.estimate, c * a.estimate, rel_tol=1e-6, abs_tol=1e-8)
    if a.tau2 is not None:
        assert math.isclose(b.tau2, c * c * a.tau2, rel_tol=1e-6, abs_tol=1e-8)
