"""A methods paragraph and results sentences to paste into a manuscript, from stored settings."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from workbench.core.grade.sof_cells import LABELS, number
from workbench.core.model import FIXED_METHODS, AnalysisSettings

ESTIMATORS = {
    "DL": "DerSimonian–Laird", "REML": "restricted maximum-likelihood", "ML": "maximum-likelihood",
    "PM": "Paule–Mandel", "SJ": "Sidik–Jonkman", "HE": "Hedges", "HS": "Hunter–Schmidt",
    "EB": "empirical Bayes",
}
MEASURE_PLURALS = {"RR": "risk ratios (RR)", "OR": "odds ratios (OR)",
                   "RD": "risk differences (RD)", "MD": "mean differences (MD)",
                   "SMD": "standardised mean differences (SMD)", "GEN": "generic estimates"}
CC_WHERE = {"only0": "studies with a zero cell", "all": "every study",
            "if0all": "every study whenever any study had a zero cell"}


@dataclass(frozen=True)
class OutcomeMethods:
    """What the methods paragraph needs of one outcome (from the stored settings)."""

    outcome: str
    data_type: str
    settings: AnalysisSettings


def model_text(settings: AnalysisSettings) -> str:
    method = settings.method
    if method == "MH":
        text = "the Mantel–Haenszel common-effect method"
    elif method == "PETO":
        text = "Peto's common-effect method"
    elif method in FIXED_METHODS:
        text = "a common-effect inverse-variance model"
    else:
        text = (f"a random-effects model with the {ESTIMATORS.get(method, method)} estimator of "
                "the between-study variance (τ²)")
    if settings.compat == "revman5":
        text += ", computed as RevMan 5 computes it"
    return text


def ci_text(settings: AnalysisSettings) -> str:
    level = f"{settings.ci_level * 100:g}%"
    if settings.hksj:
        return (f"{level} confidence intervals by the Hartung–Knapp–Sidik–Jonkman method "
                "(t distribution with k − 1 degrees of freedom)")
    return f"{level} Wald-type confidence intervals (normal distribution)"


def zero_cells_text(settings: AnalysisSettings) -> str:
    if settings.measure not in ("RR", "OR", "RD"):
        return ""
    drop00 = settings.drop00 if settings.drop00 is not None else settings.method in ("MH", "PETO")
    if settings.cc_to == "none" or not settings.cc:
        text = "no continuity correction was added to zero cells"
    else:
        text = (f"{settings.cc:g} was added to each cell of "
                f"{CC_WHERE.get(settings.cc_to, settings.cc_to)}")
    double = ("studies with no events (or only events) in both arms were left out" if drop00
              else "studies with no events in both arms were kept")
    return f"{text}; {double}"


def _outcome_list(names: list[str]) -> str:
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


def methods_paragraph(outcomes: list[OutcomeMethods], rob_tools: list[str]) -> str:
    """One paragraph; outcomes analysed alike are described once, others named per group."""
    groups: dict[tuple, list[str]] = {}
    for item in outcomes:
        s = item.settings
        key = (s.measure, model_text(s), ci_text(s), zero_cells_text(s))
        groups.setdefault(key, []).append(item.outcome)
    sentences = []
    for (measure, model, ci, zero), names in groups.items():
        who = "" if len(groups) == 1 else f" for {_outcome_list(names)}"
        sentence = (f"We pooled {MEASURE_PLURALS.get(measure, measure)}{who} with {model}, "
                    f"with {ci}")
        sentences.append(sentence + (f"; {zero}." if zero else "."))
    sentences.append("We describe heterogeneity with I², τ² and, for random-effects models, "
                     "the prediction interval.")
    if rob_tools:
        sentences.append(f"We assessed risk of bias with {_outcome_list(rob_tools)}.")
    sentences.append("We rated the certainty of the evidence for each outcome with GRADE "
                     "(risk of bias, inconsistency, indirectness, imprecision and publication "
                     "bias) and present it in a Summary of Findings table.")
    return " ".join(sentences)


def certainty_phrase(level: int | None, provisional: bool) -> str:
    """'low-certainty evidence' (GRADE's adjective form), '(provisional)' while unjudged."""
    if level is None:
        return "no evidence"
    word = LABELS[level].lower()
    return f"{word}-certainty evidence" + (" (provisional)" if provisional else "")


def effect_phrase(row: dict[str, Any], ci_level: float = 0.95) -> str:
    """'RR 1.88, 95% CI 1.52 to 2.32' in RevMan's wording, on the natural scale."""
    level = f"{ci_level * 100:g}% CI"
    relative, difference = row.get("relative"), row.get("difference")
    if relative and relative.get("estimate") is not None:
        est, lo, hi = relative["estimate"], relative["ci_lower"], relative["ci_upper"]
    elif difference and difference.get("estimate") is not None:
        est, lo, hi = difference["estimate"], difference["ci_lower"], difference["ci_upper"]
    elif row.get("absolute"):
        return row["absolute"][0].get("text") or "not estimable"
    else:
        return "not estimable"
    return f"{row.get('measure', '')} {number(est)}, {level} {number(lo)} to {number(hi)}".strip()


def results_numbers(row: dict[str, Any], outcome: dict[str, Any] | None,
                    ci_level: float = 0.95) -> str:
    """'RR 1.88, 95% CI 1.52 to 2.32; 12 studies, 850 participants; I² = 0%; low-certainty
    evidence' — one outcome's SoF row with the I² of its inconsistency evidence."""
    studies, people = row.get("studies") or 0, row.get("participants") or 0
    parts = [effect_phrase(row, ci_level),
             f"{studies} stud{'ies' if studies != 1 else 'y'}, {people:,} participants"]
    evidence = (((outcome or {}).get("domains") or {}).get("inconsistency") or {}).get(
        "evidence") or {}
    if studies > 1 and evidence.get("i2") is not None:
        parts.append(f"I² = {evidence['i2']:.0f}%")
    parts.append(certainty_phrase(row.get("certainty"), False))
    if row.get("provisional"):
        parts.append("certainty provisional")
    return "; ".join(parts)


def results_sentence(row: dict[str, Any], outcome: dict[str, Any] | None,
                     ci_level: float = 0.95) -> str:
    """The row's plain-language statement with its numbers in brackets, one per outcome."""
    if not row.get("studies"):
        return row.get("statement") or f"No studies reported {row['outcome']}."
    numbers = results_numbers(row, outcome, ci_level)
    statement = (row.get("statement") or f"{row['outcome']}:").rstrip(".")
    return f"{statement} ({numbers})."
