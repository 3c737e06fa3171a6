"""RevMan 5 style wording of results (effects, P values, heterogeneity) for plots and text."""

from __future__ import annotations

import math

from workbench.core.results import MetaResult, SubgroupResult, SubgroupTest

MEASURE_NAMES = {
    "RR": "Risk Ratio", "OR": "Odds Ratio", "RD": "Risk Difference",
    "MD": "Mean Difference", "SMD": "Std. Mean Difference", "GEN": "Estimate",
}


def format_p(p: float | None) -> str:
    """RevMan 5 style: 'P < 0.00001', 'P < 0.0001', 'P = 0.0009', 'P = 0.006', 'P = 0.16'."""
    if p is None or not math.isfinite(p):
        return "P not available"
    if p < 0.00001:
        return "P < 0.00001"
    if p < 0.0001:
        return "P < 0.0001"
    if p < 0.001:
        return f"P = {p:.4f}"
    if p < 0.01:
        return f"P = {p:.3f}"
    return f"P = {p:.2f}"


def method_label(method: str, het_from: str = "IV") -> str:
    """'M-H, Random', 'IV, Fixed', 'Peto, Fixed' ... as RevMan titles its effect columns."""
    if method == "MH":
        return "M-H, Fixed"
    if method == "PETO":
        return "Peto, Fixed"
    if method in ("FE", "EE"):
        return "IV, Fixed"
    return "M-H, Random" if het_from.upper() == "MH" else "IV, Random"


def back(value: float, log_scale: bool) -> float:
    return math.exp(value) if log_scale else value


def effect_text(est: float | None, lo: float | None, hi: float | None, log_scale: bool) -> str:
    """'0.41 [0.13, 1.26]' on the reported scale, or 'Not estimable'."""
    if est is None or lo is None or hi is None:
        return "Not estimable"
    vals = [back(v, log_scale) for v in (est, lo, hi)]
    return f"{_num2(vals[0])} [{_num2(vals[1])}, {_num2(vals[2])}]"


def _num2(value: float) -> str:
    # exp() of a huge log estimate overflows to inf; show it rather than crash.
    return f"{value:.2f}" if math.isfinite(value) else "∞"


def number_text(value: float | None) -> str:
    """Arm data as entered: integers without decimals, other values with up to 6 digits."""
    if value is None or not math.isfinite(value):
        return ""
    if float(value).is_integer() and abs(value) < 1e15:
        return str(int(value))
    return f"{value:.6g}"


def weight_text(weight: float | None) -> str:
    return "" if weight is None or not math.isfinite(weight) else f"{weight:.1f}%"


def heterogeneity_text(tau2: float | None, q: float | None, q_df: int | None,
                       q_p: float | None, i2: float | None, random: bool) -> str:
    """'Heterogeneity: Tau² = 0.31; Chi² = 152.23, df = 12 (P < 0.00001); I² = 92%'."""
    if q is None or not q_df:
        return "Heterogeneity: Not applicable"
    tau = f"Tau² = {tau2:.2f}; " if random and tau2 is not None else ""
    i2_text = f"; I² = {i2:.0f}%" if i2 is not None else ""
    return f"Heterogeneity: {tau}Chi² = {q:.2f}, df = {q_df} ({format_p(q_p)}){i2_text}"


def overall_effect_text(statistic: float | None, p: float | None, kind: str = "z") -> str:
    """'Test for overall effect: Z = 4.00 (P < 0.0001)' (|Z| as RevMan prints it)."""
    if statistic is None or not math.isfinite(statistic):
        return "Test for overall effect: Not applicable"
    name = "Z" if kind == "z" else "t"
    return f"Test for overall effect: {name} = {abs(statistic):.2f} ({format_p(p)})"


def subgroup_test_text(test: SubgroupTest | None) -> str:
    """'Test for subgroup differences: Chi² = 1.54, df = 2 (P = 0.46), I² = 0%'."""
    if test is None or test.df < 1:
        return "Test for subgroup differences: Not applicable"
    i2 = f", I² = {test.i2:.0f}%" if test.i2 is not None else ""
    basis = " (on the HKSJ estimates)" if "HKSJ" in test.label else ""
    return (f"Test for subgroup differences{basis}: Chi² = {test.q:.2f}, df = {test.df} "
            f"({format_p(test.p)}){i2}")


def result_lines(result: MetaResult, random: bool) -> tuple[str, str]:
    """The heterogeneity and overall-effect lines under the Total row; with a Q-profile CI,
    'Tau² = 0.31 [0.12, 1.11]' (RevMan Web prints the τ² CI there too)."""
    het = heterogeneity_text(result.tau2, result.q, result.q_df, result.q_p, result.i2,
                             random)
    ci = result.het_ci or {}
    if random and result.tau2 is not None and ci.get("tau2_ci_lower") is not None:
        het = het.replace(f"Tau² = {result.tau2:.2f};", f"Tau² = {result.tau2:.2f} "
                          f"[{ci['tau2_ci_lower']:.2f}, {ci['tau2_ci_upper']:.2f}];", 1)
    return het, overall_effect_text(result.statistic, result.p, result.statistic_type)


def subgroup_lines(sub: SubgroupResult, random: bool, kind: str) -> tuple[str, str]:
    """The heterogeneity and overall-effect lines under a Subtotal row."""
    return (heterogeneity_text(sub.tau2, sub.q, sub.q_df, sub.q_p, sub.i2, random),
            overall_effect_text(sub.statistic, sub.p, kind))


ESTIMATOR_NAMES = {
    "DL": "DerSimonian-Laird", "REML": "REML", "ML": "ML", "PM": "Paule-Mandel",
    "SJ": "Sidik-Jonkman", "HE": "Hedges", "HS": "Hunter-Schmidt", "EB": "empirical Bayes",
}


def method_line(result: MetaResult, het_from: str = "IV", compat: str | None = None) -> str:
    """The figure's method line: measure, model, estimator and CI method, e.g.
    'Risk Ratio, IV, Random (REML), 95% CI: HKSJ (t, 12 df); prediction interval t(11)'."""
    model = method_label(result.method, het_from)
    estimator = ESTIMATOR_NAMES.get(result.method)
    parts = [MEASURE_NAMES.get(result.measure, result.measure),
             f"{model} ({estimator})" if estimator else model]
    ci = f"{result.ci_level * 100:g}% CI"
    ci += f": HKSJ (t, {result.df} df)" if result.statistic_type == "t" else ": Wald (z)"
    parts.append(ci)
    line = ", ".join(parts)
    if result.pi_lower is not None:
        dist = f"t({result.pi_df})" if result.pi_df is not None else "z"
        line += f"; prediction interval {dist}"
    modes = {"revman5": "RevMan 5 mode", "revman-web": "RevMan Web mode"}
    return line + (f"; {modes[compat]}" if compat in modes else "")
