"""Absolute effects of grade.md section 5: per-1,000 risks for dichotomous outcomes and the
mean-difference wording for continuous ones."""

from __future__ import annotations

import math
import statistics
from collections.abc import Sequence
from typing import Any

from workbench.core.grade.inputs import Interval
from workbench.core.grade.model import Baseline


def round_half_away(x: float) -> int:
    """1,000 x risk to a whole number, halves away from zero (Python's round() goes to even)."""
    return int(math.copysign(math.floor(abs(x) + 0.5), x))


def risk_with_intervention(measure: str, risk: float, effect: float) -> float:
    """The intervention group's risk for comparator risk r (unclamped). RR: r*RR;
    OR and Peto OR: OR*r / (1 - r + OR*r); RD: r + RD."""
    if measure == "RR":
        return risk * effect
    if measure == "OR":
        return effect * risk / (1 - risk + effect * risk)
    if measure == "RD":
        return risk + effect
    raise ValueError(f"no absolute effect for {measure}")


def _clamp(value: float) -> tuple[float, bool]:
    return min(1.0, max(0.0, value)), not 0.0 <= value <= 1.0


def study_population_risk(comparator: Sequence[tuple[float, float]]) -> float | None:
    """Sum of comparator events over sum of comparator participants ((events, total) pairs)."""
    total = sum(n for _, n in comparator)
    return sum(e for e, _ in comparator) / total if total > 0 else None


def median_risk(comparator: Sequence[tuple[float, float]]) -> float | None:
    """The median of the studies' comparator risks."""
    risks = [e / n for e, n in comparator if n > 0]
    return statistics.median(risks) if risks else None


def baseline_risk(baseline: Baseline, comparator: Sequence[tuple[float, float]]
                  ) -> float | None:
    if baseline.kind == "study":
        return study_population_risk(comparator)
    if baseline.kind == "median":
        return median_risk(comparator)
    return baseline.risk


def per_1000_words(value: float) -> str:
    """"193 more", "50 fewer"; a rounded 0 takes the sign of the unrounded value."""
    n = round_half_away(value)
    return f"{abs(n):,} {'fewer' if value < 0 else 'more'}"


def absolute_effect(measure: str, baseline: Baseline, risk: float, pooled: Interval
                    ) -> dict[str, Any]:
    """One entry of the SoF row's `absolute` list (cli.md keys) for comparator risk `risk`."""
    point, c_point = _clamp(risk_with_intervention(measure, risk, pooled.estimate))
    limits = [_clamp(risk_with_intervention(measure, risk, v))
              for v in (pooled.ci_lower, pooled.ci_upper)]
    lo, hi = sorted(v for v, _ in limits)
    diff = 1000 * (point - risk)
    d_lo, d_hi = 1000 * (lo - risk), 1000 * (hi - risk)
    text = (f"{per_1000_words(diff)} per 1,000 "
            f"(from {per_1000_words(d_lo)} to {per_1000_words(d_hi)})")
    return {"baseline": baseline.label, "kind": baseline.kind, "risk": risk,
            "risk_comparator_per_1000": round_half_away(1000 * risk),
            "risk_intervention_per_1000": round_half_away(1000 * point),
            "risk_intervention_ci_per_1000": [round_half_away(1000 * lo),
                                              round_half_away(1000 * hi)],
            "difference_per_1000": round_half_away(diff),
            "difference_ci_per_1000": [round_half_away(d_lo), round_half_away(d_hi)],
            "clamped": c_point or any(c for _, c in limits), "text": text}


def decimals(values: Sequence[float]) -> int:
    """Two decimals unless a non-zero value would print as 0.00 (then up to 6)."""
    places = 2
    for v in values:
        while v != 0 and round(abs(v), places) == 0 and places < 6:
            places += 1
    return places


def difference_text(measure: str, pooled: Interval) -> str:
    """"MD 1.19 lower (1.53 lower to 0.85 lower)"; SMD rows the same with SMD."""
    places = decimals([pooled.estimate, pooled.ci_lower, pooled.ci_upper])

    def words(v: float) -> str:
        return f"{abs(v):.{places}f} {'lower' if v < 0 else 'higher'}"

    lo, hi = sorted((pooled.ci_lower, pooled.ci_upper))
    return f"{measure} {words(pooled.estimate)} ({words(lo)} to {words(hi)})"


def difference(measure: str, pooled: Interval) -> dict[str, Any]:
    return {"estimate": pooled.estimate, "ci_lower": pooled.ci_lower,
            "ci_upper": pooled.ci_upper, "text": difference_text(measure, pooled)}
