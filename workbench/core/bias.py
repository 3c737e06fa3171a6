"""Small-study tests: classical Egger, Begg's rank test, trim-and-fill (L0)."""

from __future__ import annotations

import math

import numpy as np

from workbench.core.distributions import t_sf2
from workbench.core.kendall import kendall_test
from workbench.core.metareg import slope_sign
from workbench.core.pooling import IvOptions, pool_iv
from workbench.core.results import EggerTest, RankTest, TrimFill


def egger_test(yi: np.ndarray, vi: np.ndarray) -> EggerTest | None:
    """OLS of yᵢ/seᵢ on 1/seᵢ: the intercept measures asymmetry; t with k-2 df."""
    k = len(yi)
    if k < 3:
        return None
    se = np.sqrt(vi)
    x = np.column_stack([np.ones(k), 1 / se])
    y = yi / se
    coef, *_ = np.linalg.lstsq(x, y, rcond=None)
    resid = y - x @ coef
    sigma2 = float(resid @ resid) / (k - 2)
    cov = sigma2 * np.linalg.inv(x.T @ x)
    b0, se0 = float(coef[0]), math.sqrt(float(cov[0, 0]))
    t = b0 / se0
    return EggerTest(b0, se0, t, k - 2, t_sf2(t, k - 2))


def rank_test(yi: np.ndarray, vi: np.ndarray) -> RankTest | None:
    """Begg & Mazumdar: Kendall τ of standardised deviates (around the FE estimate) and vᵢ."""
    if len(yi) < 3:
        return None
    w = 1 / vi
    theta = float(w @ yi) / w.sum()
    with np.errstate(invalid="ignore"):
        ystar = (yi - theta) / np.sqrt(vi - 1 / w.sum())
    tau, p = kendall_test(ystar, vi)
    return RankTest(tau, p)


def _l0(yi_sorted: np.ndarray, beta: float) -> int:
    """L0 estimate of the number of missing studies, rounded half to even as R does."""
    k = len(yi_sorted)
    centred = yi_sorted - beta
    ranks = np.empty(k)
    ranks[np.argsort(np.abs(centred), kind="stable")] = np.arange(1, k + 1)
    s_r = float(ranks[centred > 0].sum())
    return max(0, int(np.round((4 * s_r - k * (k + 1)) / (2 * k - 1))))


def trim_and_fill(
    yi: np.ndarray, vi: np.ndarray, method: str, *, ci_level: float = 0.95, hksj: bool = False,
    hksj_adhoc: bool = False,
) -> TrimFill | None:
    """Duval & Tweedie's trim-and-fill with L0, side chosen as metafor does."""
    k = len(yi)
    if k < 3:
        return None
    side = "right" if slope_sign(yi, vi, method) < 0 else "left"
    flip = -1.0 if side == "right" else 1.0
    order = np.argsort(flip * yi, kind="stable")
    ys, vs = flip * yi[order], vi[order]
    k0, previous, beta = 0, -1, 0.0
    for _ in range(100):
        if k0 == previous:
            break
        previous = k0
        beta = pool_iv(ys[: k - k0], vs[: k - k0], method).estimate
        k0 = _l0(ys, beta)
    if k0 > 0:
        filled_y = np.concatenate([yi, flip * (2 * beta - ys[k - k0:])])
        filled_v = np.concatenate([vi, vs[k - k0:]])
    else:
        filled_y, filled_v = yi, vi
    res = pool_iv(filled_y, filled_v, method, options=IvOptions(
        ci_level=ci_level, hksj=hksj or hksj_adhoc, hksj_adhoc=hksj_adhoc))
    return TrimFill(k0, side, res.estimate, res.ci_lower, res.ci_upper)


def bias_tests(p, fit) -> dict:
    """Egger, rank test and trim-and-fill on the studies with an estimate in `fit`."""
    use = fit.included & np.isfinite(fit.yi)
    yi, vi = fit.yi[use], fit.vi[use]
    method = p.method if p.method not in ("MH", "PETO") else "FE"
    return {
        "egger": egger_test(yi, vi),
        "rank": rank_test(yi, vi),
        "trimfill": trim_and_fill(yi, vi, method, ci_level=p.settings.ci_level,
                                  hksj=p.settings.hksj, hksj_adhoc=p.settings.hksj_adhoc),
    }
