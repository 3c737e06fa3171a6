"""The numbers behind a domain's suggestion, in a line a reviewer reads beside the rule."""

from __future__ import annotations

from typing import Any

from workbench.core.grade.sof_cells import number


def _pct(share: float | None) -> str:
    return "—" if share is None else f"{share * 100:.0f}%"


def _interval(lo: float | None, hi: float | None) -> str:
    return f"{number(lo)} to {number(hi)}"


def _risk_of_bias(e: dict[str, Any]) -> str:
    text = (f"Weight at high risk {_pct(e.get('weight_high'))}, some concerns "
            f"{_pct(e.get('weight_some_concerns'))}, low {_pct(e.get('weight_low'))}")
    if e.get("unassessed"):
        text += f"; {e['unassessed']} unassessed"
    if e.get("estimate_without_high") is not None:
        text += (f". Without high-risk studies: {number(e['estimate_without_high'])} "
                 f"({_interval(e.get('ci_lower_without_high'), e.get('ci_upper_without_high'))})")
    if e.get("conclusion_changes"):
        text += "; the conclusion changes"
    return text


def _inconsistency(e: dict[str, Any]) -> str:
    parts = [f"k = {e.get('k')}"]
    if e.get("i2") is not None:
        parts.append(f"I² = {e['i2']:.0f}%")
    if e.get("tau2") is not None:
        parts.append(f"τ² = {number(e['tau2'], 3)}")
    if e.get("q_p") is not None:
        parts.append(f"Q p = {number(e['q_p'], 3)}")
    if e.get("pi_lower") is not None:
        parts.append(f"prediction interval {_interval(e['pi_lower'], e.get('pi_upper'))}")
    return ", ".join(parts)


def _imprecision(e: dict[str, Any]) -> str:
    text = f"CI {_interval(e.get('ci_lower'), e.get('ci_upper'))}; null {number(e.get('null'))}"
    if e.get("threshold_lower") is not None:
        text += (f"; thresholds {number(e['threshold_lower'])} and "
                 f"{number(e.get('threshold_upper'))}")
    text += (f"; estimate in the {e.get('target_zone') or '—'} zone, CI reaches "
             f"{e.get('zones_reached', '—')} other zone(s)")
    counts = [f"{e[key]:,} {key}" for key in ("events", "participants")
              if e.get(key) is not None]
    if counts:
        text += "; " + ", ".join(counts)
    if e.get("ois_met") is not None:
        text += f"; optimal information size {'met' if e['ois_met'] else 'not met'}"
    return text


def _publication_bias(e: dict[str, Any]) -> str:
    if not e.get("assessable"):
        return f"k = {e.get('k')}: fewer than 10 studies, not assessable"
    return f"k = {e.get('k')}, Egger's test p = {number(e.get('egger_p'), 3)}"


def _large_effect(e: dict[str, Any]) -> str:
    if e.get("estimate") is None:
        return "no ratio estimate"
    return f"Ratio {number(e['estimate'])} ({_interval(e.get('ci_lower'), e.get('ci_upper'))})"


FORMATTERS = {"risk_of_bias": _risk_of_bias, "inconsistency": _inconsistency,
              "imprecision": _imprecision, "publication_bias": _publication_bias,
              "large_effect": _large_effect}


def evidence_text(domain: str, evidence: dict[str, Any] | None) -> str:
    """'' for domains the data cannot judge (indirectness, dose-response, confounding)."""
    formatter = FORMATTERS.get(domain)
    return formatter(evidence) if formatter and evidence else ""
