"""Q-profile confidence interval for τ² (and τ, I², H²), as metafor's confint() computes it."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from workbench.core.tau2 import decreasing_root, generalised_q


@dataclass(frozen=True)
class HeterogeneityCI:
    """Lower and upper limits of τ², τ, I² (percent) and H² at the model's CI level."""

    tau2: tuple[float, float]
    tau: tuple[float, float]
    i2: tuple[float, float]
    h2: tuple[float, float]


def _root(target: float, yi: np.ndarray, vi: np.ndarray) -> float:
    """τ² ≥ 0 where the generalised Q equals `target` (0 when Q(0) is already below it)."""
    def excess(t: float) -> float:
        return generalised_q(yi, vi, t)[0] - target

    if excess(0.0) <= 0:
        return 0.0
    # metafor searches [0, max(100, 10τ²)] and reports the bound when the root lies beyond;
    # we widen the bracket instead (decreasing_root does), so the limit is always the root.
    return decreasing_root(excess, 0.0, max(100.0, 10 * float(np.var(yi))))


def typical_variance(vi: np.ndarray) -> float:
    """metafor's ṽ = (k−1)/(Σw − Σw²/Σw), which turns τ² into I² and H²."""
    w = 1.0 / vi
    sw = w.sum()
    return float((len(vi) - 1) / (sw - (w @ w) / sw))


def q_profile_ci(yi: np.ndarray, vi: np.ndarray, level: float = 0.95) -> HeterogeneityCI | None:
    """The Q-profile interval: τ² where Q_gen crosses the χ²(k−1) quantiles; None for k < 2."""
    k = len(yi)
    if k < 2 or not (vi > 0).all():
        return None
    alpha = 1 - level
    # scipy only here, on demand: importing scipy.stats made every start-up 0.5 s slower.
    from scipy.special import chdtri  # chdtri(df, p): the χ² value with upper tail p

    lower = _root(float(chdtri(k - 1, alpha / 2)), yi, vi)
    upper = _root(float(chdtri(k - 1, 1 - alpha / 2)), yi, vi)
    typical = typical_variance(vi)
    limits = (lower, upper)
    return HeterogeneityCI(
        tau2=limits, tau=(math.sqrt(lower), math.sqrt(upper)),
        i2=tuple(100 * t / (t + typical) for t in limits),  # type: ignore[arg-type]
        h2=tuple(t / typical + 1 for t in limits))  # type: ignore[arg-type]
