"""A readable, RevMan-like text table of a MetaResult for `workbench meta` without --json."""

from __future__ import annotations

import math

from workbench.core.report_text import format_p
from workbench.core.results import MetaResult


def _num(value: float | None, digits: int = 2) -> str:
    return "-" if value is None or not math.isfinite(value) else f"{value:.{digits}f}"


def _p(value: float | None) -> str:
    """'P < 0.00001', 'P = 0.006': the same wording as the forest plot's."""
    return "P -" if value is None else format_p(value)


def _shown(result: MetaResult, value: float | None) -> float | None:
    """Ratio measures are shown as ratios, like RevMan."""
    if value is None or result.scale != "log":
        return value
    return math.exp(value)


def _effect(result: MetaResult, est, lo, hi) -> str:
    if est is None:
        return "Not estimable"
    return (f"{_num(_shown(result, est))} [{_num(_shown(result, lo))}, "
            f"{_num(_shown(result, hi))}]")


def render(result: MetaResult) -> str:
    """The table: one line per study, the total, heterogeneity and the overall test."""
    level = round(result.ci_level * 100)
    name = "Ratio" if result.scale == "log" else "Effect"
    width = max([len(s.study) for s in result.studies] + [24])
    lines = [f"{result.measure}, {result.method}: {name} [{level}% CI]",
             f"{'Study':<{width}}  {'Estimate [CI]':<28}  Weight"]
    for s in result.studies:
        weight = f"{s.weight:.1f}%" if s.weight is not None else "-"
        note = f"  ({s.reason})" if s.disputed and s.reason else ""
        lines.append(f"{s.study:<{width}}  {_effect(result, s.yi, s.ci_lower, s.ci_upper):<28}"
                     f"  {weight}{note}")
    total = "100.0%" if result.estimate is not None else "-"
    lines.append(f"{'Total (k = ' + str(result.k) + ')':<{width}}  "
                 f"{_effect(result, result.estimate, result.ci_lower, result.ci_upper):<28}"
                 f"  {total}")
    lines.append(_heterogeneity(result))
    stat = "Z" if result.statistic_type == "z" else f"t({result.df})"
    lines.append(f"Test for overall effect: {stat} = {_num(result.statistic)} "
                 f"({_p(result.p)})")
    if result.pi_lower is not None:
        dist = f" (t, {result.pi_df} df)" if result.pi_df is not None else ""
        lines.append(f"Prediction interval{dist}: [{_num(_shown(result, result.pi_lower))}, "
                     f"{_num(_shown(result, result.pi_upper))}]")
    if result.het_ci is not None and result.het_ci["tau2_ci_lower"] is not None:
        ci = result.het_ci
        lines.append(f"Q-profile {level}% CI: Tau² [{_num(ci['tau2_ci_lower'], 4)}, "
                     f"{_num(ci['tau2_ci_upper'], 4)}]; I² [{_num(ci['i2_ci_lower'], 0)}%, "
                     f"{_num(ci['i2_ci_upper'], 0)}%]")
    lines += [f"Note: {w}" for w in result.warnings]
    return "\n".join(lines) + "\n"


def _heterogeneity(result: MetaResult) -> str:
    parts = []
    if result.tau2 is not None:
        parts.append(f"Tau² = {_num(result.tau2, 4)}")
    df = "-" if result.q_df is None else result.q_df
    parts.append(f"Chi² = {_num(result.q)}, df = {df} ({_p(result.q_p)})")
    parts.append(f"I² = {_num(result.i2, 0)}%" if result.i2 is not None else "I² = -")
    return "Heterogeneity: " + "; ".join(parts)
