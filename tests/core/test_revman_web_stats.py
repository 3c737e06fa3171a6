"""RevMan Web's statistics and the last engine conventions, against metafor's own numbers.

Expected values are metafor 3.8-1 (Debian's r-cran-metafor) output on this machine, from the
R calls quoted at each test (control=list(threshold=1e-10), cli.md's exact optimum), or
metafor's printed documentation where cited. tests/r/ runs the same comparisons live.
"""

from __future__ import annotations

from dataclasses import replace

import pytest
from _datasets import bcg_rows, meta

from workbench.core.meta import MetaInputError, run_meta
from workbench.core.model import AnalysisSettings, DataType, StudyRow, revman_web_settings

D, G = DataType.DICHOTOMOUS, DataType.GENERIC
# ai=c(5,0,0,3,4); n1i=c(20,20,10,15,12); ci=c(7,0,3,3,4); n2i=c(20,20,10,15,4)
TABLES = [(5, 20, 7, 20), (0, 20, 0, 20), (0, 10, 3, 10), (3, 15, 3, 15), (4, 12, 4, 4)]


def _tables() -> list[StudyRow]:
    return [StudyRow(f"S{i + 1}", {"events_1": a, "total_1": n1, "events_2": c, "total_2": n2})
            for i, (a, n1, c, n2) in enumerate(TABLES)]


def _near(ours, theirs, tol=5e-7):
    return all(o is None and t is None or abs(o - t) <= tol for o, t in zip(ours, theirs,
                                                                          strict=True))


def test_peto_study_values_are_peto_log_odds_ratios():
    """r <- rma.peto(ai=ai, n1i=n1i, ci=ci, n2i=n2i); r$yi, r$vi, weights(r):
    (O−E)/V and 1/V after 0.5 is added to tables with a zero cell; the double zero (study 2)
    has no estimate but is in the model with weight 0."""
    doc = meta(_tables(), D, measure="OR", method="PETO")
    studies = doc["studies"]
    assert _near([s["yi"] for s in studies], [-0.4642857, None, -1.75, 0.0, -2.0923077])
    assert _near([s["vi"] for s in studies], [0.4642857, None, 1.1666667, 0.8055556, 1.0461538])
    assert _near([s["weight"] for s in studies], [44.26065, 0.0, 13.78985, 25.50983, 16.43967],
                 5e-6)
    assert all(s["included"] for s in studies) and doc["k"] == 5
    assert studies[1]["reason"] is None


def test_peto_under_revman5_plots_uncorrected_peto_odds_ratios():
    """RevMan 5 plots (O−E)/V of the raw counts: study 3 (a = 0) is (0 − 1.5)/V with
    V = 10·10·3·17/(20²·19) = 0.6710526, so yi = −2.2352941 (arithmetic of cli.md's rule)."""
    doc = meta(_tables(), D, measure="OR", method="PETO", compat="revman5")
    s3 = doc["studies"][2]
    assert s3["yi"] == pytest.approx(-1.5 / 0.6710526315789473, rel=1e-12)
    assert s3["vi"] == pytest.approx(1 / 0.6710526315789473, rel=1e-12)
    assert s3["corrected"] is False


def test_a_table_with_mh_weight_zero_stays_in_the_model():
    """weights(rma.mh(measure="OR", ai=ai, n1i=n1i, ci=ci, n2i=n2i)):
    35.83618 0.00000 20.47782 16.38225 27.30375 — the double zero (b·c = 0) is in the model."""
    doc = meta(_tables(), D, measure="OR", method="MH")
    assert _near([s["weight"] for s in doc["studies"]],
                 [35.83618, 0.0, 20.47782, 16.38225, 27.30375], 5e-6)
    assert all(s["included"] for s in doc["studies"])
    assert doc["exp"]["estimate"] == pytest.approx(0.3857, abs=5e-5)  # printed by print(r)


def _homogeneous() -> list[StudyRow]:
    return [StudyRow(str(i), {"estimate": y, "se": v ** 0.5})
            for i, (y, v) in enumerate(zip((0.1, 0.2, 0.15, 0.12), (0.04, 0.05, 0.03, 0.06),
                                           strict=True))]


def test_modified_hksj_never_narrows_below_the_wald_interval():
    """yi <- c(.1,.2,.15,.12); vi <- c(.04,.05,.03,.06); rma(yi, vi, method="REML",
    test=...): knha se 0.02065412302, CI [0.07637462566, 0.2078359007]; adhoc se 0.1025978352
    (the Wald SE), CI [-0.1844068384, 0.4686173647]."""
    knha = meta(_homogeneous(), G, measure="GEN", method="REML", hksj=True)
    adhoc = meta(_homogeneous(), G, measure="GEN", method="REML", hksj_adhoc=True)
    assert _near([knha["se"], knha["ci_lower"], knha["ci_upper"]],
                 [0.02065412302, 0.07637462566, 0.2078359007], 1e-9)
    assert _near([adhoc["se"], adhoc["ci_lower"], adhoc["ci_upper"]],
                 [0.1025978352, -0.1844068384, 0.4686173647], 1e-9)
    assert adhoc["statistic_type"] == "t" and adhoc["df"] == 3


def test_prediction_interval_with_t_k_minus_2():
    """dat.bcg RR REML: r$beta ± qt(.975, k−2)·sqrt(r$se² + r$tau2) = [-2.008375907,
    0.5793112226] (Higgins, Thompson & Spiegelhalter 2009)."""
    doc = meta(bcg_rows(), D, measure="RR", method="REML", pi_df="k-2")
    assert _near([doc["pi_lower"], doc["pi_upper"]], [-2.008375907, 0.5793112226], 1e-8)
    assert doc["pi_df"] == 11
    default = meta(bcg_rows(), D, measure="RR", method="REML")
    assert default["pi_df"] is None  # metafor's default: normal quantile


def test_the_revman_web_preset_is_reml_hksj_q_profile_and_t_k_minus_2():
    """dat.bcg RR, rma(method="REML", test="knha"): estimate -0.7145323422, se 0.1807917441,
    CI [-1.108443714, -0.3206209706], p 0.001920015096; PI with t(11) [-2.00905765,
    0.5799929661]; Q-profile CI of τ² [0.1197184, 1.1114791] (confint, tol=1e-12); r$I2
    92.2213845213 (from τ², not Q)."""
    doc = meta(bcg_rows(), D, measure="RR", method="REML", compat="revman-web")
    assert _near([doc["estimate"], doc["se"], doc["ci_lower"], doc["ci_upper"], doc["p"]],
                 [-0.7145323422, 0.1807917441, -1.108443714, -0.3206209706, 0.001920015096],
                 1e-8)
    assert _near([doc["pi_lower"], doc["pi_upper"]], [-2.00905765, 0.5799929661], 1e-8)
    assert _near([doc["tau2_ci_lower"], doc["tau2_ci_upper"]], [0.1197184, 1.1114791], 5e-8)
    assert doc["statistic_type"] == "t" and doc["i2"] == pytest.approx(92.2213845213, abs=5e-9)


def test_revman_web_keeps_dl_and_refuses_other_estimators():
    doc = meta(bcg_rows(), D, measure="RR", method="DL", compat="revman-web")
    assert doc["method"] == "DL" and doc["df"] == 12
    with pytest.raises(MetaInputError, match="revman-web supports DL and REML") as err:
        run_meta(bcg_rows(), D, AnalysisSettings(measure="RR", method="PM",
                                                 compat="revman-web"))
    assert err.value.field == "method"


def test_revman_web_settings_leave_fixed_effect_models_alone():
    fixed = revman_web_settings(AnalysisSettings(measure="OR", method="MH"))
    assert (fixed.hksj, fixed.tau2_ci, fixed.compat) == (False, False, "revman-web")


def test_under_hksj_the_subgroup_test_is_on_the_hksj_estimates_and_says_so():
    """split(dat, dat$alloc) fitted with rma(method="REML", test="knha"), then
    rma(beta, sei=se, method="EE"): QE 2.038347166, QEp 0.3608930651."""
    doc = meta(bcg_rows(), D, measure="RR", method="REML", hksj=True, subgroups=True)
    test = doc["subgroup_test"]
    assert _near([test["q"], test["p"]], [2.038347166, 0.3608930651], 1e-8)
    assert "HKSJ" in test["label"] and test["note"] is None


def test_studies_without_a_subgroup_are_not_a_subgroup_in_the_test():
    """The 'alternate' studies of dat.bcg without a subgroup: the test is over 'random' and
    'systematic' only — rma(beta, sei=se, method="EE") over those two REML fits:
    QE 1.454229126, QEp 0.2278505639; a note says why the others are not in it."""
    rows = [replace(r, subgroup=None) if r.subgroup == "alternate" else r for r in bcg_rows()]
    doc = meta(rows, D, measure="RR", method="REML", subgroups=True)
    test = doc["subgroup_test"]
    assert _near([test["q"], test["p"]], [1.454229126, 0.2278505639], 1e-8)
    assert test["df"] == 1 and test["note"].startswith("2 studies have no subgroup")
    assert "" in [s["name"] for s in doc["subgroups"]]  # still shown as a group
    assert doc["estimate"] == meta(bcg_rows(), D, measure="RR", method="REML")["estimate"]


def test_bad_prediction_df_names_the_setting():
    with pytest.raises(MetaInputError) as err:
        run_meta(bcg_rows(), D, AnalysisSettings(measure="RR", pi_df="k-3"))
    assert err.value.field == "pi_df"
