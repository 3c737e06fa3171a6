"""Study-level effect sizes and sampling variances (RR, OR, RD, MD, SMD, GEN), vectorised."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

# Why a study has no estimate of its own; StudyEstimates.reason holds these codes.
OK, MISSING, DOUBLE_ZERO, NO_PARTICIPANTS, ZERO_VARIANCE, NOT_FINITE = range(6)
REASONS = {
    MISSING: "missing data",
    DOUBLE_ZERO: "double-zero table (no events or all events in both groups)",
    NO_PARTICIPANTS: "a group has no participants",
    ZERO_VARIANCE: "zero or undefined variance",
    NOT_FINITE: "estimate not defined (a zero cell left uncorrected, or too few participants)",
}


@dataclass(frozen=True)
class StudyEstimates:
    """Per-study yi/vi (NaN where not estimable) with the reason code and correction flag."""

    yi: np.ndarray
    vi: np.ndarray
    reason: np.ndarray  # int codes, OK where the study has an estimate
    corrected: np.ndarray  # bool: a continuity correction was added

    @property
    def ok(self) -> np.ndarray:
        return self.reason == OK


@dataclass(frozen=True)
class Cells:
    """2x2 tables: a/b events/non-events in group 1, c/d in group 2 (float arrays)."""

    a: np.ndarray
    b: np.ndarray
    c: np.ndarray
    d: np.ndarray

    @property
    def n1(self) -> np.ndarray:
        return self.a + self.b

    @property
    def n2(self) -> np.ndarray:
        return self.c + self.d

    def plus(self, add: np.ndarray) -> Cells:
        return Cells(self.a + add, self.b + add, self.c + add, self.d + add)


def cells_from_counts(events_1, total_1, events_2, total_2) -> Cells:
    a = np.asarray(events_1, dtype=float)
    c = np.asarray(events_2, dtype=float)
    return Cells(a, np.asarray(total_1, dtype=float) - a, c, np.asarray(total_2, dtype=float) - c)


def double_zero(cells: Cells) -> np.ndarray:
    """No events in both groups, or all events in both groups (metafor's drop00 rule)."""
    return ((cells.a == 0) & (cells.c == 0)) | ((cells.b == 0) & (cells.d == 0))


def correction(cells: Cells, usable: np.ndarray, cc: float, cc_to: str) -> np.ndarray:
    """Amount added to every cell of each table (metafor's add/to rules)."""
    has_zero = usable & ((cells.a == 0) | (cells.b == 0) | (cells.c == 0) | (cells.d == 0))
    if cc_to == "only0":
        chosen = has_zero
    elif cc_to == "all":
        chosen = usable
    elif cc_to == "if0all":
        chosen = usable if has_zero.any() else np.zeros_like(usable)
    elif cc_to == "none":
        chosen = np.zeros_like(usable)
    else:
        raise ValueError(f"unknown --cc-to {cc_to!r}")
    return np.where(chosen, cc, 0.0)


def binary_yi_vi(measure: str, t: Cells) -> tuple[np.ndarray, np.ndarray]:
    """ln RR, ln OR or RD with the usual large-sample variances (no correction here)."""
    with np.errstate(divide="ignore", invalid="ignore"):
        n1, n2 = t.n1, t.n2
        if measure == "RR":
            return np.log(t.a / n1) - np.log(t.c / n2), 1 / t.a - 1 / n1 + 1 / t.c - 1 / n2
        if measure == "OR":
            yi = np.log(t.a) + np.log(t.d) - np.log(t.b) - np.log(t.c)
            return yi, 1 / t.a + 1 / t.b + 1 / t.c + 1 / t.d
        if measure == "RD":
            p1, p2 = t.a / n1, t.c / n2
            return p1 - p2, p1 * (1 - p1) / n1 + p2 * (1 - p2) / n2
    raise ValueError(f"not a dichotomous measure: {measure}")


def binary_estimates(
    measure: str, cells: Cells, *, cc: float = 0.5, cc_to: str = "only0",
    drop00: bool = False, revman: bool = False,
) -> tuple[StudyEstimates, Cells]:
    """Study estimates of 2x2 tables; also returns the corrected cells (RevMan's MH uses them)."""
    missing = ~np.isfinite(cells.a + cells.b + cells.c + cells.d)
    empty = ~missing & ((cells.n1 <= 0) | (cells.n2 <= 0))
    dz = ~missing & ~empty & double_zero(cells)
    # RevMan: double-zero tables are "not estimable" for ratio measures, whatever the method.
    dropped = dz & (drop00 or (revman and measure in ("RR", "OR")))
    usable = ~missing & ~empty & ~dropped
    add = correction(cells, usable, cc, cc_to)
    fixed = cells.plus(add)
    yi, vi = binary_yi_vi(measure, fixed)
    reason = _reasons(missing, yi, vi, (empty, NO_PARTICIPANTS), (dropped, DOUBLE_ZERO))
    ok = reason == OK
    est = StudyEstimates(np.where(ok, yi, np.nan), np.where(ok, vi, np.nan), reason,
                         ok & (add > 0))
    return est, fixed


def _reasons(missing: np.ndarray, yi: np.ndarray, vi: np.ndarray, *flags) -> np.ndarray:
    """Reason codes: the first matching cause wins (missing, then the given flags)."""
    reason = np.full(yi.shape, OK, dtype=np.int8)
    bad_value = ~(np.isfinite(yi) & np.isfinite(vi))
    reason[bad_value] = NOT_FINITE
    reason[np.isfinite(vi) & (vi <= 0)] = ZERO_VARIANCE
    for mask, code in reversed(flags):
        reason[mask] = code
    reason[missing] = MISSING
    return reason


def hedges_j(m: np.ndarray, approximate: bool) -> np.ndarray:
    """Small-sample correction J(m), m = n1+n2-2: exact via lgamma, or RevMan's 1-3/(4m-1)."""
    if approximate:
        return 1 - 3 / (4 * m - 1)
    from scipy.special import gammaln

    with np.errstate(invalid="ignore", divide="ignore"):
        return np.exp(gammaln(m / 2) - 0.5 * np.log(m / 2) - gammaln((m - 1) / 2))


def continuous_estimates(
    measure: str, m1, sd1, n1, m2, sd2, n2, *, revman: bool = False
) -> StudyEstimates:
    """MD (unequal variances) or SMD (Hedges' g; metafor's exact form or RevMan 5's)."""
    m1, sd1, n1, m2, sd2, n2 = (np.asarray(x, dtype=float) for x in (m1, sd1, n1, m2, sd2, n2))
    missing = ~np.isfinite(m1 + sd1 + n1 + m2 + sd2 + n2)
    empty = ~missing & ((n1 <= 0) | (n2 <= 0))
    with np.errstate(divide="ignore", invalid="ignore"):
        if measure == "MD":
            yi, vi = m1 - m2, sd1**2 / n1 + sd2**2 / n2
        elif measure == "SMD":
            yi, vi = _smd(m1, sd1, n1, m2, sd2, n2, revman)
        else:
            raise ValueError(f"not a continuous measure: {measure}")
    reason = _reasons(missing, yi, vi, (empty, NO_PARTICIPANTS))
    ok = reason == OK
    return StudyEstimates(np.where(ok, yi, np.nan), np.where(ok, vi, np.nan), reason,
                          np.zeros(ok.shape, dtype=bool))


def _smd(m1, sd1, n1, m2, sd2, n2, revman: bool) -> tuple[np.ndarray, np.ndarray]:
    """Hedges' g and its variance: metafor vtype LS, or RevMan 5's approximations."""
    big_n = n1 + n2
    m = big_n - 2
    sp = np.sqrt(((n1 - 1) * sd1**2 + (n2 - 1) * sd2**2) / m)
    g = hedges_j(m, revman) * (m1 - m2) / sp
    if revman:
        return g, big_n / (n1 * n2) + g**2 / (2 * (big_n - 3.94))
    return g, 1 / n1 + 1 / n2 + g**2 / (2 * big_n)


def generic_estimates(estimate, se, variance=None) -> StudyEstimates:
    """Generic inverse variance: the SE wins over a variance column where both are given."""
    yi = np.asarray(estimate, dtype=float)
    se = np.asarray(se, dtype=float) if se is not None else np.full(yi.shape, np.nan)
    var = np.asarray(variance, dtype=float) if variance is not None else np.full(yi.shape, np.nan)
    vi = np.where(np.isfinite(se), se**2, var)
    missing = ~np.isfinite(yi + vi)
    reason = _reasons(missing, yi, vi)
    ok = reason == OK
    return StudyEstimates(np.where(ok, yi, np.nan), np.where(ok, vi, np.nan), reason,
                          np.zeros(ok.shape, dtype=bool))


def peto_terms(cells: Cells) -> tuple[np.ndarray, np.ndarray]:
    """Peto's O-E and hypergeometric variance V per table (uncorrected counts)."""
    n1, n2 = cells.n1, cells.n2
    big_n = n1 + n2
    events = cells.a + cells.c
    with np.errstate(divide="ignore", invalid="ignore"):
        o_e = cells.a - n1 * events / big_n
        v = n1 * n2 * events * (big_n - events) / (big_n**2 * (big_n - 1))
    return o_e, np.where(np.isfinite(v), v, 0.0)


def peto_estimates(est: StudyEstimates, t: Cells, uncorrected: bool) -> StudyEstimates:
    """Each table's Peto log OR (O−E)/V, variance 1/V, on the tables `t`.

    metafor's rma.peto shows escalc(measure="PETO", add=1/2, to="only0") per study: `t` are
    then the corrected cells; RevMan plots (O−E)/V of the raw counts (`uncorrected`).
    """
    o_e, v = peto_terms(t)
    usable = est.ok & (v > 0)
    with np.errstate(divide="ignore", invalid="ignore"):
        yi, vi = np.where(usable, o_e / v, np.nan), np.where(usable, 1 / v, np.nan)
    reason = np.where(est.ok & ~usable, ZERO_VARIANCE, est.reason).astype(np.int8)
    corrected = est.corrected & usable & (not uncorrected)
    return StudyEstimates(yi, vi, reason, corrected)
