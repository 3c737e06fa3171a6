"""Between-study variance (tau²) estimators, solved exactly where they need iteration."""

from __future__ import annotations

import numpy as np

TOL = 1e-10  # |Δτ²| at convergence (relative above 1); metafor stops at 1e-5
MAX_ITER = 200


def cochran_q(yi: np.ndarray, vi: np.ndarray) -> tuple[float, float, float]:
    """Q around the inverse-variance estimate; returns (Q, Σw, Σw²) with w = 1/v."""
    w = 1.0 / vi
    sw = w.sum()
    mu = (w @ yi) / sw
    e = yi - mu
    return float(w @ (e * e)), float(sw), float(w @ w)


def tau2_dl(yi: np.ndarray, vi: np.ndarray, q: float | None = None) -> float:
    """DerSimonian-Laird; `q` lets a caller centre Q elsewhere (RevMan's MH-centred Q)."""
    q_iv, sw, sw2 = cochran_q(yi, vi)
    q = q_iv if q is None else q
    return max(0.0, (q - (len(yi) - 1)) / (sw - sw2 / sw))


def tau2_he(yi: np.ndarray, vi: np.ndarray) -> float:
    """Hedges (HE): unweighted residual variance minus the mean sampling variance."""
    return max(0.0, float(np.var(yi, ddof=1) - vi.mean()))


def tau2_hs(yi: np.ndarray, vi: np.ndarray) -> float:
    """Hunter-Schmidt: (Q - k) / Σw."""
    q, sw, _ = cochran_q(yi, vi)
    return max(0.0, (q - len(yi)) / sw)


def tau2_sj(yi: np.ndarray, vi: np.ndarray) -> float:
    """Sidik-Jonkman, started at var(y)(k-1)/k as metafor does (never negative)."""
    k = len(yi)
    t0 = float(np.var(yi))  # ddof=0 equals var(y)·(k-1)/k
    if t0 <= 0:
        return 0.0
    q, _, _ = cochran_q(yi, vi + t0)
    return t0 * q / (k - 1)


def _moments(yi: np.ndarray, vi: np.ndarray, t: float):
    """w, Σw, weighted residuals w·e for τ² = t (the building blocks of every score)."""
    w = 1.0 / (vi + t)
    sw = w.sum()
    we = w * (yi - (w @ yi) / sw)
    return w, sw, we


def generalised_q(yi: np.ndarray, vi: np.ndarray, t: float) -> tuple[float, float]:
    """Σ w(y-μ)² at τ² = t and its derivative in t (-Σw²e², envelope theorem)."""
    w, _, we = _moments(yi, vi, t)
    return float((we * we / w).sum()), -float(we @ we)


def tau2_pm(yi: np.ndarray, vi: np.ndarray) -> float:
    """Paule-Mandel: the root of Σw(y-μ)² = k-1 (also metafor's EB without moderators)."""
    target = len(yi) - 1
    q0, _ = generalised_q(yi, vi, 0.0)
    if q0 <= target:
        return 0.0
    t = 0.0
    for _ in range(MAX_ITER):  # Newton from 0: Q(τ²) is decreasing and convex
        q, dq = generalised_q(yi, vi, t)
        step = (q - target) / -dq
        t_new = t + step
        if not np.isfinite(t_new) or t_new < 0:
            break
        if abs(t_new - t) <= TOL * max(1.0, t):
            return t_new
        t = t_new
    return decreasing_root(lambda x: generalised_q(yi, vi, x)[0] - target, 0.0, max(t, 1.0))


def _score_info(yi: np.ndarray, vi: np.ndarray, t: float, reml: bool) -> tuple[float, float]:
    """Score of the (restricted) log-likelihood in τ² (×2) and the Fisher information (×2)."""
    w, sw, we = _moments(yi, vi, t)
    sw2 = w @ w
    if reml:
        tr_p = sw - sw2 / sw
        tr_pp = sw2 - 2 * (w @ (w * w)) / sw + (sw2 / sw) ** 2
        return float(we @ we - tr_p), float(tr_pp)
    return float(we @ we - sw), float(sw2)


def _loglik(yi: np.ndarray, vi: np.ndarray, t: float, reml: bool) -> float:
    """(Restricted) log-likelihood up to a constant, for step halving."""
    w, sw, we = _moments(yi, vi, t)
    ll = -0.5 * (np.log(vi + t).sum() + (we * we / w).sum())
    return float(ll - 0.5 * np.log(sw)) if reml else float(ll)


def tau2_likelihood(yi: np.ndarray, vi: np.ndarray, reml: bool, start: float) -> float:
    """ML or REML: Fisher scoring with step halving to |Δτ²| ≤ 1e-10, bracketing fallback."""
    t = max(0.0, start)
    ll = _loglik(yi, vi, t, reml)
    for _ in range(MAX_ITER):
        score, info = _score_info(yi, vi, t, reml)
        step = score / info
        for _half in range(40):
            t_new = max(0.0, t + step)
            ll_new = _loglik(yi, vi, t_new, reml)
            if ll_new >= ll - 1e-12 * abs(ll):
                break
            step /= 2
        if abs(t_new - t) <= TOL * max(1.0, t):
            return _boundary(yi, vi, t_new, reml)
        t, ll = t_new, ll_new
    return _likelihood_root(yi, vi, reml)


def _boundary(yi: np.ndarray, vi: np.ndarray, t: float, reml: bool) -> float:
    """At τ² = 0 the optimum is the boundary when the score there is not positive.

    The likelihood can also have a maximum at 0 beside an interior one that scoring found;
    the higher of the two is the optimum (metafor: "Fisher scoring algorithm may have gotten
    stuck at a local maximum. Setting tau^2 = 0").
    """
    if t <= TOL and _score_info(yi, vi, 0.0, reml)[0] <= 0:
        return 0.0
    if t > 0 and _loglik(yi, vi, 0.0, reml) > _loglik(yi, vi, t, reml):
        return 0.0
    return t


def _likelihood_root(yi: np.ndarray, vi: np.ndarray, reml: bool) -> float:
    """Fallback: bracket the root of the score and solve it with Brent's method."""
    if _score_info(yi, vi, 0.0, reml)[0] <= 0:
        return 0.0
    upper = max(1.0, 10 * float(np.var(yi)))
    while _score_info(yi, vi, upper, reml)[0] > 0:
        upper *= 4
    return decreasing_root(lambda x: _score_info(yi, vi, x, reml)[0], 0.0, upper)


def decreasing_root(f, lo: float, hi: float) -> float:
    """Root of a decreasing f on [lo, hi] to machine precision (scipy imported on demand)."""
    from scipy.optimize import brentq

    while f(hi) > 0:
        hi *= 4
    return float(brentq(f, lo, hi, xtol=1e-15, rtol=4 * np.finfo(float).eps, maxiter=500))


def estimate_tau2(yi: np.ndarray, vi: np.ndarray, method: str, q: float | None = None) -> float:
    """τ² by name (DL, REML, ML, PM, SJ, HE, HS, EB); 0 for a single study."""
    if len(yi) < 2:
        return 0.0
    if method == "DL":
        return tau2_dl(yi, vi, q)
    if method in ("PM", "EB"):
        return tau2_pm(yi, vi)
    if method in ("REML", "ML"):
        return tau2_likelihood(yi, vi, method == "REML", tau2_he(yi, vi))
    simple = {"HE": tau2_he, "HS": tau2_hs, "SJ": tau2_sj}
    if method in simple:
        return simple[method](yi, vi)
    raise ValueError(f"unknown tau² estimator {method!r}")
