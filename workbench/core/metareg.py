"""Meta-regression on one moderator, only as trim-and-fill needs it (the side of the funnel)."""

from __future__ import annotations

import numpy as np

from workbench.core.tau2 import MAX_ITER, TOL


def _fit(yi: np.ndarray, vi: np.ndarray, x: np.ndarray, t: float):
    """WLS with weights 1/(v+t): coefficients, w, residuals, (X'WX)⁻¹ and X."""
    w = 1.0 / (vi + t)
    xm = np.column_stack([np.ones(len(yi)), x])
    a_inv = np.linalg.inv(xm.T @ (xm * w[:, None]))
    beta = a_inv @ (xm.T @ (w * yi))
    return beta, w, yi - xm @ beta, a_inv, xm


def _q_e(yi, vi, x, t: float) -> float:
    _, w, e, _, _ = _fit(yi, vi, x, t)
    return float(w @ (e * e))


def _score(yi, vi, x, t: float, reml: bool) -> tuple[float, float]:
    """Score and Fisher information of the (restricted) likelihood in τ² (both ×2)."""
    _, w, e, a_inv, xm = _fit(yi, vi, x, t)
    we = w * e
    if not reml:
        return float(we @ we - w.sum()), float(w @ w)
    b2 = a_inv @ (xm.T @ (xm * (w**2)[:, None]))
    b3 = a_inv @ (xm.T @ (xm * (w**3)[:, None]))
    tr_p = w.sum() - np.trace(b2)
    tr_pp = (w @ w) - 2 * np.trace(b3) + np.trace(b2 @ b2)
    return float(we @ we - tr_p), float(tr_pp)


def _tau2_mods(yi, vi, x, method: str) -> float:
    """τ² of the one-moderator model (FE, DL, HE, HS, SJ, PM/EB, ML, REML)."""
    k, p = len(yi), 2
    if method in ("FE", "EE") or k <= p:
        return 0.0
    if method in ("DL", "HS"):
        _, w, e, a_inv, xm = _fit(yi, vi, x, 0.0)
        q = float(w @ (e * e))
        tr_p = w.sum() - np.trace(a_inv @ (xm.T @ (xm * (w**2)[:, None])))
        return max(0.0, (q - (k - p)) / tr_p if method == "DL" else (q - k) / w.sum())
    if method in ("HE", "SJ"):
        _, _, e, a_inv, xm = _fit(yi, np.ones(k), x, 0.0)
        rss = float(e @ e)
        if method == "SJ":
            t0 = rss / k
            return t0 * _q_e(yi, vi + t0, x, 0.0) / (k - p) if t0 > 0 else 0.0
        tr = vi.sum() - np.trace(a_inv @ (xm.T @ (xm * vi[:, None])))
        return max(0.0, (rss - tr) / (k - p))
    if method in ("PM", "EB"):
        return _bisect(lambda t: _q_e(yi, vi, x, t) - (k - p), yi)
    return _scoring(yi, vi, x, method == "REML", _tau2_mods(yi, vi, x, "HE"))


def _bisect(f, yi: np.ndarray) -> float:
    """Root of a decreasing f on [0, ∞), 0 when f(0) ≤ 0."""
    if f(0.0) <= 0:
        return 0.0
    hi = max(1.0, float(np.var(yi)) * 10)
    while f(hi) > 0:
        hi *= 4
    lo = 0.0
    for _ in range(200):
        mid = (lo + hi) / 2
        lo, hi = (mid, hi) if f(mid) > 0 else (lo, mid)
        if hi - lo <= TOL * max(1.0, hi):
            break
    return (lo + hi) / 2


def _scoring(yi, vi, x, reml: bool, start: float) -> float:
    """Fisher scoring for ML/REML with the moderator, truncated at 0.

    It starts where metafor starts (the HE estimate): the likelihood can have a maximum at 0
    and another inside, and the start decides which one scoring finds.
    """
    t = start
    for _ in range(MAX_ITER):
        score, info = _score(yi, vi, x, t, reml)
        t_new = max(0.0, t + score / info)
        if abs(t_new - t) <= TOL * max(1.0, t):
            return t_new
        t = t_new
    return t


def slope_sign(yi: np.ndarray, vi: np.ndarray, method: str) -> float:
    """Slope of yᵢ on √vᵢ in the model fitted with `method` (metafor's trimfill side rule)."""
    x = np.sqrt(vi)
    if np.ptp(x) == 0:
        return 0.0  # equal variances: no slope; metafor then fills on the left
    t = _tau2_mods(yi, vi, x, method)
    beta, *_ = _fit(yi, vi, x, t)
    return float(beta[1])
