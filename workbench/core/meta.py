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
from workbench.core.model import (
    RANDOM_METHODS,
    RATIO_MEASURES,
    AnalysisSettings,
    DataType,
    StudyRow,
)
from workbench.core.pooling import (
    IvOptions,
    Pooled,
    mh_estimate,
    pool_iv,
    pool_mh,
    pool_peto,
    pool_random,
    q_test,
)
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
    s = p.settings
    options = IvOptions(ci_level=s.ci_level, hksj=s.hksj or s.hksj_adhoc,
                        hksj_adhoc=s.hksj_adhoc, pi_df=s.pi_df, tau2_ci=s.tau2_ci)
    pooled = pool_iv(yi, vi, p.method, q_centre=centre, i2_from_q=s.compat == "revman5",
                     options=options)
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
    yi, vi = p.est.yi, p.est.vi  # under PETO, each table's Peto log OR (prepare)
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
    # A table with weight 0 (MH OR b·c = 0, Peto V = 0) is in the model with weight 0.0, as
    # metafor's weights() reports it: its counts still enter the MH numerator.
    return Fit(pooled, int(tabled.sum()), tabled, _percent(tabled, full_w[tabled]), yi, vi)


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
        warnings=_warnings(p, fit), pi_df=pooled.pi_df if pooled else None,
        het_ci=_het_ci(p, pooled), **vals, **extras)


def _het_ci(p: Prepared, pooled: Pooled | None) -> dict[str, float | None] | None:
    """The Q-profile limits as flat JSON keys; null where a model has no τ² CI (k = 1)."""
    if not p.settings.tau2_ci or p.method not in RANDOM_METHODS:
        return None
    ci = pooled.het_ci if pooled is not None else None
    doc: dict[str, float | None] = {}
    for name in ("tau2", "tau", "i2", "h2"):
        limits = getattr(ci, name) if ci is not None else (None, None)
        doc[f"{name}_ci_lower"], doc[f"{name}_ci_upper"] = limits
    return doc


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
        why = None if inc[i] else effects.REASONS.get(reason[i], "not in the pooled model")
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
    """Each subgroup pooled on its own; the test is a FE Q over the subgroup estimates.

    Studies without a subgroup are shown as a group of their own but are no subgroup: they
    stay out of the test, and a note says so.
    """
    labels = np.array([r.subgroup if r.subgroup is not None else "" for r in rows], dtype=object)
    results = []
    for name in dict.fromkeys(labels.tolist()):
        member = labels == name
        fit = fit_subset(p, member)
        results.append(_subgroup_result(name, fit, overall.weights[member & overall.included]))
    tested = [s for s in results if s.name != ""]
    return {"subgroups": tuple(results),
            "subgroup_test": _subgroup_test(tested, p, int((labels == "").sum()))}


def _subgroup_test(groups: list[SubgroupResult], p: Prepared, unlabelled: int) -> SubgroupTest:
    """Chi² = Σ wⱼ(θⱼ − θ̄)², wⱼ = 1/seⱼ², df = (subgroups with a result) − 1.

    Under HKSJ the seⱼ are the subgroups' HKSJ SEs: the test is then a Chi² on those, and is
    labelled so rather than as the usual Wald-based test.
    """
    usable = [s for s in groups if s.estimate is not None and s.se and s.se > 0]
    est = np.array([s.estimate for s in usable])
    w = 1 / np.array([s.se for s in usable]) ** 2
    df = len(usable) - 1
    q = float(w @ (est - (w @ est) / w.sum()) ** 2) if df > 0 else 0.0
    q_p, i2, _ = q_test(q, df)
    hksj = p.method in RANDOM_METHODS and (p.settings.hksj or p.settings.hksj_adhoc)
    label = ("Chi² on the subgroups' HKSJ estimates and SEs" if hksj
             else "Chi² on the subgroup estimates")
    note = None
    if unlabelled:
        note = (f"{unlabelled} {'study has' if unlabelled == 1 else 'studies have'} no "
                "subgroup: in the overall result, not in the test for subgroup differences")
    return SubgroupTest(q, df, q_p, i2, label, note)


def _subgroup_result(name: str, fit: Fit, weights: np.ndarray) -> SubgroupResult:
    pooled = fit.pooled
    weight = float(np.nansum(weights)) if len(weights) else None
    if pooled is None:
        return SubgroupResult(name, fit.k, None, None, None, None, None, None, None, None,
                              weight=weight)
    q = 0.0 if pooled.q_df == 0 else pooled.q  # one study: Q is exactly 0 (cli.md)
    return SubgroupResult(
        name, fit.k, pooled.estimate, pooled.se, pooled.ci_lower, pooled.ci_upper, pooled.tau2,
        pooled.i2, q, pooled.q_df, pooled.q_p, pooled.statistic, pooled.p, weight)


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
