"""Normal and chi-square tails without scipy (keeps `workbench meta` start-up light); t lazily."""

from __future__ import annotations

import math
from statistics import NormalDist

_NORMAL = NormalDist()
SERIES_MAX_DF = 100  # closed-form series up to here; the incomplete gamma function beyond
_EPS = 1e-16
_TINY = 1e-300


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
        return gamma_q(df / 2, x / 2)
    half = x / 2
    log_half = math.log(half)
    if df % 2 == 0:  # Q = e^(-x/2) Σ_{j<m} (x/2)^j / j!
        terms = (j * log_half - math.lgamma(j + 1) - half for j in range(df // 2))
        return min(1.0, math.fsum(math.exp(t) for t in terms))
    # odd df: Q = erfc(√(x/2)) + e^(-x/2) Σ_{j<m} (x/2)^(j+1/2) / Γ(j+3/2)
    terms = ((j + 0.5) * log_half - math.lgamma(j + 1.5) - half for j in range(df // 2))
    return min(1.0, math.erfc(math.sqrt(half)) + math.fsum(math.exp(t) for t in terms))


def gamma_q(a: float, x: float) -> float:
    """Regularised upper incomplete gamma Q(a, x): the power series of P below a + 1, the
    Legendre continued fraction (modified Lentz) above; both converge to full precision."""
    if x <= 0:
        return 1.0
    log_front = a * math.log(x) - x - math.lgamma(a)
    if x < a + 1:
        return max(0.0, 1.0 - math.exp(log_front) * _gamma_p_series(a, x))
    return math.exp(log_front) * _gamma_q_fraction(a, x)


def _gamma_p_series(a: float, x: float) -> float:
    term = total = 1.0 / a
    n = a
    while abs(term) > abs(total) * _EPS:
        n += 1
        term *= x / n
        total += term
    return total


def _gamma_q_fraction(a: float, x: float) -> float:
    b = x + 1 - a
    c, d = 1 / _TINY, 1 / b
    h = d
    i = 1
    while True:
        an = -i * (i - a)
        b += 2
        d = an * d + b
        d = _TINY if abs(d) < _TINY else d
        c = b + an / c
        c = _TINY if abs(c) < _TINY else c
        d = 1 / d
        step = d * c
        h *= step
        if abs(step - 1) < _EPS:
            return h
        i += 1


def t_sf2(t: float, df: int) -> float:
    """Two-sided t p-value (scipy imported on demand: only HKSJ and Egger need it)."""
    from scipy.special import stdtr

    return float(2 * stdtr(df, -abs(t)))


def t_ppf(q: float, df: int) -> float:
    from scipy.special import stdtrit

    return float(stdtrit(df, q))
