"""Pooling: inverse-variance fixed and random effects, Mantel-Haenszel, Peto, HKSJ and PI."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from workbench.core.distributions import chi2_sf, norm_ppf, norm_sf2, t_ppf, t_sf2
from workbench.core.effects import Cells, peto_terms
from workbench.core.qprofile import HeterogeneityCI, q_profile_ci
from workbench.core.tau2 import cochran_q, estimate_tau2


@dataclass(frozen=True)
class Pooled:
    """One fitted model; `weights` are raw weights, aligned with the studies that went in."""

    estimate: float
    se: float
    statistic: float
    p: float
    ci_lower: float
    ci_upper: float
    df: int | None
    tau2: float | None
    q: float
    q_df: int
    q_p: float | None
    i2: float | None
    h2: float | None
    pi_lower: float | None
    pi_upper: float | None
    weights: np.ndarray
    pi_df: int | None = None  # t degrees of freedom of the prediction interval (None: normal)
    het_ci: HeterogeneityCI | None = None  # Q-profile CI, when asked for


@dataclass(frozen=True)
class IvOptions:
    """How an inverse-variance model's CI, prediction interval and τ² CI are made."""

    ci_level: float = 0.95
    hksj: bool = False
    hksj_adhoc: bool = False  # q truncated at 1 (metafor's test="adhoc")
    pi_df: str = "default"  # "default": z, or t(k-1) under HKSJ; "k-2": t(k-2)
    tau2_ci: bool = False


def inference(est: float, se: float, level: float, df: int | None = None):
    """Test statistic, two-sided p and CI: normal, or t with `df` degrees of freedom."""
    stat = est / se if se > 0 else math.nan
    if df is None:
        crit = norm_ppf(0.5 + level / 2)
        p = norm_sf2(stat) if stat == stat else math.nan
    else:
        crit = t_ppf(0.5 + level / 2, df)
        p = t_sf2(stat, df)
    return stat, p, est - crit * se, est + crit * se, crit


def q_test(q: float, df: int) -> tuple[float | None, float | None, float | None]:
    """(p, I² from Q, H² = Q/df); undefined for a single study."""
    if df < 1:
        return None, None, None
    i2 = 100 * max(0.0, (q - df) / q) if q > 0 else 0.0
    return chi2_sf(q, df), i2, q / df


def _i2_from_tau2(vi: np.ndarray, tau2: float) -> tuple[float, float]:
    """metafor's model-based I² and H² from τ² and the typical within-study variance."""
    w = 1.0 / vi
    sw = w.sum()
    typical = (len(vi) - 1) / (sw - (w @ w) / sw)
    return float(100 * tau2 / (tau2 + typical)), float(tau2 / typical + 1)


def _weighted(yi: np.ndarray, w: np.ndarray) -> tuple[float, float]:
    sw = float(w.sum())
    return float(w @ yi) / sw, 1.0 / sw


def pool_iv(
    yi: np.ndarray, vi: np.ndarray, method: str = "FE", *, ci_level: float = 0.95,
    hksj: bool = False, q_centre: float | None = None, i2_from_q: bool = False,
    options: IvOptions | None = None,
) -> Pooled:
    """Inverse-variance model: FE, or random effects with the named τ² estimator.

    `q_centre` centres Q (and so DL's τ² and I²) on another fixed-effect estimate (MH);
    `options`, when given, replaces `ci_level` and `hksj`.
    """
    opt = options or IvOptions(ci_level=ci_level, hksj=hksj)
    yi = np.asarray(yi, dtype=float)
    vi = np.asarray(vi, dtype=float)
    k = len(yi)
    q, _, _ = cochran_q(yi, vi)
    if q_centre is not None:
        q = float(((yi - q_centre) ** 2 / vi).sum())
    random = method not in ("FE", "EE")
    tau2 = estimate_tau2(yi, vi, method, q if q_centre is not None else None) if random else 0.0
    w = 1.0 / (vi + tau2)
    est, var = _weighted(yi, w)
    df = None
    if opt.hksj and k > 1:
        scale = float(w @ (yi - est) ** 2) / (k - 1)  # metafor's knha: no truncation
        var *= max(scale, 1.0) if opt.hksj_adhoc else scale
        df = k - 1
    se = math.sqrt(var)
    stat, p, lo, hi, crit = inference(est, se, opt.ci_level, df)
    q_p, i2, h2 = q_test(q, k - 1)
    if random and k > 1 and not i2_from_q:
        i2, h2 = _i2_from_tau2(vi, tau2)
    pi, pi_df = _prediction(est, var, tau2, k, crit, df, opt) if random else ((None, None), None)
    het_ci = q_profile_ci(yi, vi, opt.ci_level) if random and opt.tau2_ci else None
    return Pooled(est, se, stat, p, lo, hi, df, tau2 if random else None, q, k - 1, q_p,
                  i2, h2, pi[0], pi[1], w, pi_df, het_ci)


def _prediction(est: float, var: float, tau2: float, k: int, crit: float, df: int | None,
                opt: IvOptions) -> tuple[tuple[float | None, float | None], int | None]:
    """est ± crit·√(se² + τ²): the CI's crit (metafor), or t(k−2) (Higgins et al. 2009)."""
    if opt.pi_df == "k-2":
        if k < 3:
            return (None, None), None
        df, crit = k - 2, t_ppf(0.5 + opt.ci_level / 2, k - 2)
    elif k < 2:
        return (None, None), None
    half = crit * math.sqrt(var + tau2)
    return (est - half, est + half), df


def mh_weights(measure: str, t: Cells) -> np.ndarray:
    """Mantel-Haenszel weights: OR b·c/N, RR c·n1/N, RD n1·n2/N."""
    n = t.n1 + t.n2
    if measure == "OR":
        return t.b * t.c / n
    if measure == "RR":
        return t.c * t.n1 / n
    return t.n1 * t.n2 / n


def mh_estimate(measure: str, t: Cells, revman: bool = False) -> tuple[float, float]:
    """MH estimate (log scale for RR/OR) and its SE: RBG (OR), GR (RR), SGR (RD)."""
    a, b, c, d, n1, n2 = t.a, t.b, t.c, t.d, t.n1, t.n2
    n = n1 + n2
    with np.errstate(divide="ignore", invalid="ignore"):
        if measure == "OR":
            r, s = a * d / n, b * c / n
            pp, qq = (a + d) / n, (b + c) / n
            sr, ss = r.sum(), s.sum()
            var = (pp @ r / sr**2 + (pp @ s + qq @ r) / (sr * ss) + qq @ s / ss**2) / 2
            return float(np.log(sr / ss)), float(np.sqrt(var))
        if measure == "RR":
            sr, ss = (a * n2 / n).sum(), (c * n1 / n).sum()
            big = ((n1 / n) * (n2 / n) * (a + c)).sum()
            # Tables with every participant an event make the two terms equal: their
            # difference is 0, not the ~1e-17 rounding leaves (an SE of 3.6e-9, not 0).
            num = big - ((a / n) * c).sum()
            var = (0.0 if abs(num) <= 1e-12 * big else num) / (sr * ss)
            return float(np.log(sr / ss)), float(np.sqrt(var))
        sw = (n1 * n2 / n).sum()
        est = float((a * n2 / n - c * n1 / n).sum() / sw)
        if revman:  # Greenland & Robins (1985), as RevMan 5 and Stata metan
            var = ((a / n**2) * b * (n2**2 / n1) + (c / n**2) * d * (n1**2 / n2)).sum() / sw**2
        else:  # Sato, Greenland & Robins (1989), as metafor
            p_term = (c * (n1 / n) ** 2 - a * (n2 / n) ** 2 + (n1 / n) * (n2 / n) * (n2 - n1) / 2)
            q_term = (a * (n2 - c) / n + c * (n1 - a) / n).sum() / 2
            var = (est * p_term.sum() + q_term) / sw**2
        return est, float(np.sqrt(var))


def pool_mh(
    measure: str, t: Cells, yi: np.ndarray, vi: np.ndarray, *, ci_level: float = 0.95,
    revman: bool = False,
) -> Pooled:
    """MH on the tables `t`; Q, I², H² from the study-level yi/vi around the MH estimate."""
    est, se = mh_estimate(measure, t, revman)
    stat, p, lo, hi, _ = inference(est, se, ci_level)
    q = float(((yi - est) ** 2 / vi).sum()) if len(yi) else 0.0
    q_df = max(len(yi) - 1, 0)
    q_p, i2, h2 = q_test(q, q_df)
    return Pooled(est, se, stat, p, lo, hi, None, None, q, q_df, q_p, i2, h2, None, None,
                  mh_weights(measure, t))


def pool_peto(t: Cells, *, ci_level: float = 0.95) -> Pooled:
    """Peto's one-step OR; Q = Σ(O-E)²/V - (Σ(O-E))²/ΣV over tables with V > 0."""
    o_e, v = peto_terms(t)
    pos = v > 0
    sv, so = float(v[pos].sum()), float(o_e[pos].sum())
    est, se = so / sv, 1 / math.sqrt(sv)
    stat, p, lo, hi, _ = inference(est, se, ci_level)
    q = float((o_e[pos] ** 2 / v[pos]).sum() - so**2 / sv)
    q_df = max(int(pos.sum()) - 1, 0)
    q_p, i2, h2 = q_test(q, q_df)
    return Pooled(est, se, stat, p, lo, hi, None, None, q, q_df, q_p, i2, h2, None, None, v)


def pool_random(yi, vi, method: str = "REML", *, ci_level: float = 0.95,
                hksj: bool = False, options: IvOptions | None = None) -> Pooled:
    """Fast array entry point: random-effects (or FE) pooling of yi with variances vi."""
    return pool_iv(np.asarray(yi, dtype=float), np.asarray(vi, dtype=float), method,
                   ci_level=ci_level, hksj=hksj, options=options)
