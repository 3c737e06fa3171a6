"""Normal and chi-square tails without scipy (keeps `workbench meta` start-up light); t lazily."""

from __future__ import annotations

import math
from statistics import NormalDist

_NORMAL = NormalDist()
SERIES_MAX_DF = 100  # closed-form series up to here (cheap); scipy beyond, imported on demand


def norm_sf2(z: float) -> float:
    """Two-sided normal p-value for statistic z."""
    return math.erfc(abs(z) / math.sqrt(2))


def norm_ppf(q: float) -> float:
    return _NORMAL.inv_cdf(q)


def chi2_sf(x: float, df: int) -> float:
    """P(χ²_df > x) for integer df: the finite series of the regularised gamma function."""
    if x <= 0:
        return 1.0
    if df > SERIES_MAX_DF:
        from scipy.special import chdtrc

        return float(chdtrc(df, x))
    half = x / 2
    log_half = math.log(half)
    if df % 2 == 0:  # Q = e^(-x/2) Σ_{j<m} (x/2)^j / j!
        terms = (j * log_half - math.lgamma(j + 1) - half for j in range(df // 2))
        return min(1.0, math.fsum(math.exp(t) for t in terms))
    # odd df: Q = erfc(√(x/2)) + e^(-x/2) Σ_{j<m} (x/2)^(j+1/2) / Γ(j+3/2)
    terms = ((j + 0.5) * log_half - math.lgamma(j + 1.5) - half for j in range(df // 2))
    return min(1.0, math.erfc(math.sqrt(half)) + math.fsum(math.exp(t) for t in terms))


def t_sf2(t: float, df: int) -> float:
    """Two-sided t p-value (scipy imported on demand: only HKSJ and Egger need it)."""
    from scipy.special import stdtr

    return float(2 * stdtr(df, -abs(t)))


def t_ppf(q: float, df: int) -> float:
    from scipy.special import stdtrit

    return float(stdtrit(df, q))
