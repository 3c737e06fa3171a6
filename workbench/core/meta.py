"""The public statistics API: run_meta() for GUI, plots, reports, CLI; pool_random() for arrays."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from workbench.core import bias as bias_mod
from workbench.core import effects
from workbench.core.distributions import norm_ppf
from workbench.core.meta_input import MetaInputError, Prepared, prepare
from workbench.core.model import RATIO_MEASURES, AnalysisSettings, DataType, StudyRow
from workbench.core.pooling import Pooled, mh_estimate, pool_iv, pool_mh, pool_peto, pool_random
from workbench.core.results import (
    LeaveOneOut,
    MetaResult,
    StudyResult,
    SubgroupResult,
    SubgroupTest,
)

__all__ = ["MetaInputError", "Fit", "fit_subset", "pool_random", "run_meta"]


@dataclass(frozen=True)
class Fit:
    """A model over a subset of studies: the pooled result plus per-study bookkeeping."""

    pooled: Pooled | None
    k: int
    included: np.ndarray  # bool over all studies
    weights: np.ndarray  # percent weight over all studies (NaN where not included)
    yi: np.ndarray  # study-level estimates shown (NaN where none)
    vi: np.ndarray


def _iv_fit(p: Prepared, subset: np.ndarray) -> Fit:
    """Inverse-variance FE or random-effects model over the estimable studies of `subset`."""
    inc = subset & p.est.ok
    yi, vi = p.est.yi[inc], p.est.vi[inc]
    if not inc.any():
        return Fit(None, 0, inc, np.full(inc.shape, np.nan), p.est.yi, p.est.vi)
    centre = None
    if p.settings.het_from.upper() == "MH" and p.cells is not None:
        tables = p.fixed if p.revman else p.cells
        mask = inc if p.revman else subset & p.complete
        centre, _ = mh_estimate(p.measure, _take(tables, mask), p.revman)
    pooled = pool_iv(yi, vi, p.method, ci_level=p.settings.ci_level, hksj=p.settings.hksj,
                     q_centre=centre, i2_from_q=p.revman)
    return Fit(pooled, int(inc.sum()), inc, _percent(inc, pooled.weights), p.est.yi, p.est.vi)


def _take(t: effects.Cells, mask: np.ndarray) -> effects.Cells:
    return effects.Cells(t.a[mask], t.b[mask], t.c[mask], t.d[mask])


def _percent(inc: np.ndarray, w: np.ndarray) -> np.ndarray:
    out = np.full(inc.shape, np.nan)
    total = w.sum()
    out[inc] = 100 * w / total if total > 0 else np.nan
    return out


def _table_fit(p: Prepared, subset: np.ndarray) -> Fit:
    """Mantel-Haenszel or Peto over the complete tables of `subset` (double zeros count in k)."""
    # RevMan pools the corrected counts of estimable tables; metafor the raw complete tables.
    tabled = subset & (p.est.ok if p.revman else p.complete)
    t = _take(p.fixed if p.revman and p.method == "MH" else p.cells, tabled)
    yi, vi = p.est.yi, p.est.vi
    if p.method == "PETO" and p.revman:
        o_e, v = effects.peto_terms(p.cells)
        with np.errstate(divide="ignore", invalid="ignore"):
            yi = np.where(p.complete & (v > 0), o_e / v, np.nan)
            vi = np.where(p.complete & (v > 0), 1 / v, np.nan)
    if p.method == "MH":
        fin = subset & np.isfinite(yi)
        pooled = pool_mh(p.measure, t, yi[fin], vi[fin], ci_level=p.settings.ci_level,
                         revman=p.revman)
        pool_weights = pooled.weights
    else:
        o_e, w = effects.peto_terms(t)
        if not (w > 0).any():
            return Fit(None, int(tabled.sum()), tabled & False, np.full(subset.shape, np.nan),
                       yi, vi)
        pooled = pool_peto(t, ci_level=p.settings.ci_level)
        pool_weights = w
    if not math.isfinite(pooled.estimate) or not math.isfinite(pooled.se):
        return Fit(None, int(tabled.sum()), tabled & False, np.full(subset.shape, np.nan), yi, vi)
    full_w = np.zeros(subset.shape)
    full_w[tabled] = pool_weights
    inc = tabled & (full_w > 0)
    return Fit(pooled, int(tabled.sum()), inc, _percent(inc, full_w[inc]), yi, vi)


def fit_subset(p: Prepared, subset: np.ndarray) -> Fit:
    """The analysis's model over a subset of the studies (all, a subgroup, all but one)."""
    if p.method in ("MH", "PETO"):
        return _table_fit(p, subset)
    return _iv_fit(p, subset)


def run_meta(
    rows: Sequence[StudyRow], data_type: DataType, settings: AnalysisSettings, *,
    subgroups: bool = False, bias: bool = False, leave_one_out: bool = False,
) -> MetaResult:
    """Meta-analysis of `rows` under `settings` (cli.md conventions, metafor's defaults).

    Studies that cannot be estimated come back with included=False and a reason; invalid
    values or settings raise MetaInputError naming the row and field.
    """
    data_type = DataType(data_type)
    p = prepare(rows, data_type, settings)
    everyone = np.ones(len(rows), dtype=bool)
    fit = fit_subset(p, everyone)
    extras: dict = {}
    if subgroups:
        extras.update(_subgroups(p, rows, fit))
    if bias and fit.pooled is not None:
        extras.update(bias_mod.bias_tests(p, fit))
    if leave_one_out:
        extras["leave_one_out"] = _leave_one_out(p, rows, fit)
    return _result(p, rows, fit, extras)


def _result(p: Prepared, rows: Sequence[StudyRow], fit: Fit, extras: dict) -> MetaResult:
    pooled = fit.pooled
    studies = _studies(p, rows, fit)
    vals: dict = dict.fromkeys(
        ("estimate", "se", "ci_lower", "ci_upper", "statistic", "df", "p", "tau2", "i2", "h2",
         "q", "q_df", "q_p", "pi_lower", "pi_upper"))
    if pooled is not None:
        vals.update({key: getattr(pooled, key) for key in vals})
    if vals["q_df"] == 0:
        vals["q"] = 0.0  # one study: Q is exactly 0 (cli.md), not a rounding residue
    tau = math.sqrt(vals["tau2"]) if vals["tau2"] is not None else None
    scale = "log" if p.measure in RATIO_MEASURES or (
        p.measure == "GEN" and p.settings.log_scale) else "identity"
    stat_type = "t" if vals["df"] is not None else "z"
    return MetaResult(
        measure=p.measure, method=p.method, k=fit.k, scale=scale, tau=tau,
        statistic_type=stat_type, studies=studies, ci_level=p.settings.ci_level,
        warnings=_warnings(p, fit), **vals, **extras)


def _studies(p: Prepared, rows: Sequence[StudyRow], fit: Fit) -> tuple[StudyResult, ...]:
    """One StudyResult per input row, in input order (loops only to build the objects)."""
    crit = norm_ppf(0.5 + p.settings.ci_level / 2)
    with np.errstate(invalid="ignore"):
        half = crit * np.sqrt(fit.vi)
    lo, hi = (fit.yi - half).tolist(), (fit.yi + half).tolist()
    yi, vi, w = fit.yi.tolist(), fit.vi.tolist(), fit.weights.tolist()
    inc, corr, reason = fit.included.tolist(), p.est.corrected.tolist(), p.est.reason.tolist()
    out = []
    for i, row in enumerate(rows):
        has = yi[i] == yi[i]  # not NaN
        why = None if inc[i] else effects.REASONS.get(reason[i], "adds no weight to the model")
        if why is not None and row.disputed:
            why = "reviewers disagree on a value (unresolved conflict)"
        out.append(StudyResult(
            row.study, yi[i] if has else None, vi[i] if has else None,
            lo[i] if has else None, hi[i] if has else None, w[i] if inc[i] else None,
            inc[i], corr[i], why, row.subgroup, row.disputed))
    return tuple(out)


def _warnings(p: Prepared, fit: Fit) -> tuple[str, ...]:
    notes = []
    n_corr = int(p.est.corrected.sum())
    if n_corr:
        notes.append(f"{n_corr} {'study' if n_corr == 1 else 'studies'} had a zero cell; "
                     f"{p.settings.cc:g} added to each of their cells")
    n_out = int((~p.est.ok).sum())
    if n_out:
        notes.append(f"{n_out} {'study has' if n_out == 1 else 'studies have'} "
                     "no estimate of their own (not estimable)")
    if fit.pooled is None:
        notes.append("no pooled estimate: no study could be pooled")
    if p.settings.hksj and fit.k == 1:
        notes.append("HKSJ needs at least two studies; a z test is used")
    return tuple(notes)


def _subgroups(p: Prepared, rows: Sequence[StudyRow], overall: Fit) -> dict:
    """Each subgroup pooled on its own; the test is a FE Q over the subgroup estimates."""
    labels = np.array([r.subgroup if r.subgroup is not None else "" for r in rows], dtype=object)
    results = []
    for name in dict.fromkeys(labels.tolist()):
        member = labels == name
        fit = fit_subset(p, member)
        results.append(_subgroup_result(name, fit, overall.weights[member & overall.included]))
    usable = [s for s in results if s.estimate is not None and s.se and s.se > 0]
    est = np.array([s.estimate for s in usable])
    w = 1 / np.array([s.se for s in usable]) ** 2
    df = len(usable) - 1
    q = float(w @ (est - (w @ est) / w.sum()) ** 2) if df > 0 else 0.0
    from workbench.core.pooling import q_test

    q_p, i2, _ = q_test(q, df)
    return {"subgroups": tuple(results), "subgroup_test": SubgroupTest(q, df, q_p, i2)}


def _subgroup_result(name: str, fit: Fit, weights: np.ndarray) -> SubgroupResult:
    pooled = fit.pooled
    weight = float(np.nansum(weights)) if len(weights) else None
    if pooled is None:
        return SubgroupResult(name, fit.k, None, None, None, None, None, None, None, None,
                              weight=weight)
    return SubgroupResult(
        name, fit.k, pooled.estimate, pooled.se, pooled.ci_lower, pooled.ci_upper, pooled.tau2,
        pooled.i2, pooled.q, pooled.q_df, pooled.q_p, pooled.statistic, pooled.p, weight)


def _leave_one_out(p: Prepared, rows: Sequence[StudyRow], fit: Fit) -> tuple[LeaveOneOut, ...]:
    """The model refitted without each included study in turn (needs k >= 2)."""
    out = []
    if fit.k < 2:
        return ()
    for i in np.flatnonzero(fit.included):
        subset = np.ones(len(rows), dtype=bool)
        subset[i] = False
        pooled = fit_subset(p, subset).pooled
        if pooled is not None:
            out.append(LeaveOneOut(rows[i].study, pooled.estimate, pooled.ci_lower,
                                   pooled.ci_upper, pooled.tau2, pooled.i2))
    return tuple(out)
