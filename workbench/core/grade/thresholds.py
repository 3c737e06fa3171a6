"""Decision thresholds (grade.md section 4): defaults per measure, per-1,000 conversion, zones."""

from __future__ import annotations

from workbench.core.grade.model import MID, NATURAL, PER_1000
from workbench.core.model import DataType

# GRADE's rule of thumb (25% relative change) for ratios; 2.5 percentage points for RD;
# Cohen's "small" 0.2 SD for SMD. MD and GEN have none until the reviewer gives them.
DEFAULTS: dict[str, tuple[float, float]] = {
    "RR": (0.75, 1.25), "OR": (0.75, 1.25), "RD": (-0.025, 0.025), "SMD": (-0.2, 0.2)}


def is_ratio(measure: str, log_scale: bool = False) -> bool:
    return measure in ("RR", "OR") or (measure == "GEN" and log_scale)


def null_value(measure: str, log_scale: bool = False) -> float:
    """No effect on the natural scale: 1 for ratios, 0 for differences."""
    return 1.0 if is_ratio(measure, log_scale) else 0.0


def check_thresholds(data_type: DataType, measure: str, kind: str,
                     pair: tuple[float, float], log_scale: bool = False) -> None:
    """Raise ValueError saying what is wrong with a reviewer's thresholds."""
    lo, hi = (float(v) for v in pair)
    if kind == PER_1000:
        if data_type is not DataType.DICHOTOMOUS:
            raise ValueError("thresholds per 1,000 need a dichotomous outcome")
        if not -1000 <= lo < 0 < hi <= 1000:
            raise ValueError(f"thresholds per 1,000 need -1000 <= LO < 0 < HI <= 1000, "
                             f"not {lo:g},{hi:g}")
        return
    if kind == MID:
        if is_ratio(measure, log_scale) or hi <= 0 or lo != -hi:
            raise ValueError("a minimal important difference needs a difference measure "
                             "and a positive X")
        return
    null = null_value(measure, log_scale)
    if not lo < null < hi or (null == 1.0 and lo <= 0):
        raise ValueError(f"thresholds need LO < {null:g} < HI"
                         f"{' and LO > 0' if null == 1.0 else ''}, not {lo:g},{hi:g}")


def per_1000_to_natural(measure: str, d: float, risk: float) -> float | None:
    """A difference of d per 1,000 from comparator risk r, as RR, OR or RD; None when the
    risk it implies leaves (0, 1) or r is 0 or 1 (no ratio can express it)."""
    target = risk + d / 1000
    if measure == "RD":
        return d / 1000
    if not (0 < risk < 1 and 0 < target < 1):
        return None
    if measure == "RR":
        return target / risk
    return (target / (1 - target)) / (risk / (1 - risk))  # OR (and Peto OR)


def natural_thresholds(measure: str, kind: str, stored: tuple[float, float] | None,
                       study_risk: float | None, log_scale: bool = False
                       ) -> tuple[float, float] | None:
    """The pair the rules compare with, on the natural scale; None: no thresholds."""
    if stored is None:
        return None if log_scale and measure == "GEN" else DEFAULTS.get(measure)
    if kind != PER_1000:
        return (float(stored[0]), float(stored[1]))
    if study_risk is None:
        return None
    pair = tuple(per_1000_to_natural(measure, d, study_risk) for d in stored)
    return None if None in pair else (pair[0], pair[1])


def zone(value: float, thresholds: tuple[float, float] | None, null: float) -> str:
    """"below", "trivial" or "above"; the thresholds themselves belong to the trivial zone.
    Without thresholds there is no trivial zone: the null itself counts as above."""
    if thresholds is None:
        return "below" if value < null else "above"
    lo, hi = thresholds
    if value < lo:
        return "below"
    return "above" if value > hi else "trivial"


__all__ = ["DEFAULTS", "MID", "NATURAL", "PER_1000", "check_thresholds", "is_ratio",
           "natural_thresholds", "null_value", "per_1000_to_natural", "zone"]
