"""Kendall's rank correlation test as R's cor.test: exact p without ties, else normal."""

from __future__ import annotations

import math

import numpy as np

from workbench.core.distributions import norm_sf2

EXACT_MAX_N = 2000  # the exact distribution costs O(n³); beyond, the normal tail is close


def _pair_signs(x: np.ndarray) -> np.ndarray:
    """sign(xᵢ - xⱼ) over the pairs i < j (upper triangle, flattened)."""
    i, j = np.triu_indices(len(x), k=1)
    return np.sign(x[i] - x[j])


def _tie_sizes(x: np.ndarray) -> np.ndarray:
    _, counts = np.unique(x, return_counts=True)
    return counts[counts > 1].astype(float)


def concordant_cdf(q: int, n: int) -> float:
    """P(T ≤ q) for T the number of concordant pairs of n untied pairs (Mahonian numbers)."""
    if q < 0:
        return 0.0
    pmf = np.ones(1)
    for j in range(2, n + 1):  # multiply by (1 + x + ... + x^(j-1)) / j, kept as probabilities
        size = len(pmf)
        c = np.concatenate([[0.0], np.cumsum(pmf)])
        m = np.arange(size + j - 1)
        pmf = (c[np.minimum(m + 1, size)] - c[np.maximum(m - j + 1, 0)]) / j
    return float(min(1.0, pmf[: q + 1].sum()))


def kendall_test(x: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    """Kendall's τ-b and its two-sided p (R: exact where there are no ties)."""
    n = len(x)
    s = float(_pair_signs(x) @ _pair_signs(y))
    tx, ty = _tie_sizes(x), _tie_sizes(y)
    t0 = n * (n - 1) / 2
    t1, t2 = (tx * (tx - 1)).sum() / 2, (ty * (ty - 1)).sum() / 2
    tau = s / math.sqrt((t0 - t1) * (t0 - t2))
    if len(tx) == 0 and len(ty) == 0 and n <= EXACT_MAX_N:
        q = int(round((tau + 1) * n * (n - 1) / 4))
        p = 1 - concordant_cdf(q - 1, n) if q > n * (n - 1) / 4 else concordant_cdf(q, n)
        return tau, min(2 * p, 1.0)
    v0 = n * (n - 1) * (2 * n + 5)
    vt, vu = (tx * (tx - 1) * (2 * tx + 5)).sum(), (ty * (ty - 1) * (2 * ty + 5)).sum()
    v1 = (tx * (tx - 1)).sum() * (ty * (ty - 1)).sum()
    v2 = (tx * (tx - 1) * (tx - 2)).sum() * (ty * (ty - 1) * (ty - 2)).sum()
    var_s = (v0 - vt - vu) / 18 + v1 / (2 * n * (n - 1)) + v2 / (9 * n * (n - 1) * (n - 2))
    z = s / math.sqrt(var_s)
    return tau, norm_sf2(z)
