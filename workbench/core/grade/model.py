"""Value types of certainty: domains and their ranges, levels, baselines and GRADE settings."""

from __future__ import annotations

from dataclasses import dataclass

DOWNGRADING = ("risk_of_bias", "inconsistency", "indirectness", "imprecision",
               "publication_bias")
UPGRADING = ("large_effect", "dose_response", "confounding")
DOMAINS = DOWNGRADING + UPGRADING

# Allowed judged levels per domain (cli.md): -2..0, imprecision -3..0, large effect 0..+2.
LEVEL_RANGES: dict[str, tuple[int, int]] = {
    **dict.fromkeys(DOWNGRADING, (-2, 0)), "imprecision": (-3, 0),
    "large_effect": (0, 2), "dose_response": (0, 1), "confounding": (0, 1)}

LABELS = {4: "High", 3: "Moderate", 2: "Low", 1: "Very low"}
SYMBOLS = {4: "⊕⊕⊕⊕", 3: "⊕⊕⊕◯", 2: "⊕⊕◯◯", 1: "⊕◯◯◯"}

DOMAIN_NAMES = {"risk_of_bias": "Risk of bias", "inconsistency": "Inconsistency",
                "indirectness": "Indirectness", "imprecision": "Imprecision",
                "publication_bias": "Publication bias", "large_effect": "Large effect",
                "dose_response": "Dose-response gradient",
                "confounding": "Plausible residual confounding"}

RANDOMISED = "randomised"
NON_RANDOMISED = "non-randomised"
DESIGNS = (RANDOMISED, NON_RANDOMISED)

# How a reviewer gave the decision thresholds (grade.md section 4).
NATURAL, PER_1000, MID = "natural", "per_1000", "mid"
THRESHOLD_KINDS = (NATURAL, PER_1000, MID)


def check_level(domain: str, level: int) -> None:
    """Raise ValueError naming the domain when `level` is outside its range."""
    if domain not in LEVEL_RANGES:
        raise ValueError(f"unknown domain {domain!r}; one of {', '.join(DOMAINS)}")
    lo, hi = LEVEL_RANGES[domain]
    if isinstance(level, bool) or not isinstance(level, int) or not lo <= level <= hi:
        raise ValueError(f"{domain}: level must be an integer from {lo:+d} to {hi:+d}, "
                         f"not {level!r}")


@dataclass(frozen=True)
class Baseline:
    """An assumed comparator risk for the SoF: the study population's, the median
    comparator risk, or a typed risk in (0, 1) with the reviewer's label."""

    kind: str  # "study" | "median" | "typed"
    label: str = ""
    risk: float | None = None

    @staticmethod
    def study() -> Baseline:
        return Baseline("study", "Study population")

    @staticmethod
    def median() -> Baseline:
        return Baseline("median", "Median comparator risk")

    @staticmethod
    def typed(label: str, risk: float) -> Baseline:
        if not 0 < risk < 1:
            raise ValueError(f"baseline risk {label!r} must lie between 0 and 1, not {risk}")
        return Baseline("typed", label, float(risk))


DEFAULT_BASELINES = (Baseline.study(),)


@dataclass(frozen=True)
class GradeSettings:
    """Per-outcome settings the rules need. `design` None: from the studies' designs;
    `thresholds` None: the measure's defaults; `baselines` empty: the defaults."""

    design: str | None = None
    thresholds: tuple[float, float] | None = None
    threshold_kind: str = NATURAL
    baselines: tuple[Baseline, ...] = ()


@dataclass(frozen=True)
class Judgement:
    """A reviewer's (or the agreed) level for one domain, with the reason (the footnote)
    and the evidence snapshot the judgement was made on (for staleness)."""

    level: int
    reason: str = ""
    snapshot: str = ""
