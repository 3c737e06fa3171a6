"""Agreement between two reviewers: percent agreement and Cohen's kappa with its interval."""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from statistics import NormalDist


@dataclass(frozen=True)
class Kappa:
    """Cohen's unweighted kappa over `n` paired ratings; None where it is not defined."""

    n: int
    percent: float | None  # observed agreement, 0-100
    kappa: float | None
    ci_lower: float | None
    ci_upper: float | None


def percent_agreement(agreed: int, compared: int) -> float | None:
    """Share of compared cells on which the reviewers agree, 0-100; None with nothing compared."""
    return None if compared == 0 else 100.0 * agreed / compared


def cohen_kappa(pairs: Sequence[tuple[Hashable, Hashable]], ci_level: float = 0.95) -> Kappa:
    """Cohen's (1960) unweighted kappa of paired ratings (rater 1, rater 2) with a Wald interval.

    The standard error is the large-sample (non-null) one of Fleiss, Cohen & Everitt (1969),
    "Large sample standard errors of kappa and weighted kappa", Psychological Bulletin 72(5),
    323-327, eq. 13 — the "asymptotic standard error" SAS PROC FREQ reports:
        var = [A + B - C] / [(1 - pe)^2 n]
        A = sum_i p_ii [1 - (p_i. + p_.i)(1 - kappa)]^2
        B = (1 - kappa)^2 sum_{i != j} p_ij (p_.i + p_j.)^2
        C = [kappa - pe (1 - kappa)]^2
    Kappa is None when chance agreement is 1 (both raters used one and the same category),
    where the formula divides by zero.
    """
    n = len(pairs)
    if n == 0:
        return Kappa(0, None, None, None, None)
    table, rows, cols = _proportions(pairs)
    po = sum(p for (i, j), p in table.items() if i == j)
    pe = sum(rows[c] * cols.get(c, 0.0) for c in rows)
    if pe >= 1.0 - 1e-12:
        return Kappa(n, 100.0 * po, None, None, None)
    kappa = (po - pe) / (1.0 - pe)
    se = _fleiss_cohen_everitt_se(table, rows, cols, kappa, pe, n)
    # The standard library's normal quantile: scipy.stats costs a second of start-up.
    z = NormalDist().inv_cdf(0.5 + ci_level / 2.0)
    # Kappa lives in [-1, 1]; a Wald interval can overshoot with few results, so it is cut
    # at the bounds (as reviewers expect to read it) rather than reported as "up to 1.11".
    lower, upper = max(-1.0, kappa - z * se), min(1.0, kappa + z * se)
    return Kappa(n, 100.0 * po, kappa, lower, upper)


def _proportions(pairs: Sequence[tuple[Hashable, Hashable]]):
    """Cell proportions p_ij and the margins p_i. (rater 1) and p_.j (rater 2)."""
    n = len(pairs)
    # Count first and divide once: summing 1/n thirteen times gives 99.99999999999999 %.
    table: dict[tuple[Hashable, Hashable], int] = {}
    rows: dict[Hashable, int] = {}
    cols: dict[Hashable, int] = {}
    for first, second in pairs:
        table[(first, second)] = table.get((first, second), 0) + 1
        rows[first] = rows.get(first, 0) + 1
        cols[second] = cols.get(second, 0) + 1
    return ({k: v / n for k, v in table.items()}, {k: v / n for k, v in rows.items()},
            {k: v / n for k, v in cols.items()})


def _fleiss_cohen_everitt_se(table, rows, cols, kappa: float, pe: float, n: int) -> float:
    a = b = 0.0
    for (i, j), p in table.items():
        if i == j:
            a += p * (1.0 - (rows.get(i, 0.0) + cols.get(i, 0.0)) * (1.0 - kappa)) ** 2
        else:
            b += p * (cols.get(i, 0.0) + rows.get(j, 0.0)) ** 2
    b *= (1.0 - kappa) ** 2
    c = (kappa - pe * (1.0 - kappa)) ** 2
    variance = max(a + b - c, 0.0) / ((1.0 - pe) ** 2 * n)  # rounding can dip below 0 at kappa=1
    return variance ** 0.5
