"""Frozen value types shared by every layer: studies, outcomes, arm data and analysis settings."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from enum import StrEnum


class DataType(StrEnum):
    """How an outcome's per-study data are recorded."""

    DICHOTOMOUS = "dichotomous"
    CONTINUOUS = "continuous"
    GENERIC = "generic"


# Import field names per data type (cli.md): the columns of `workbench meta` and of
# `export --to csv`. Storage keys extracted values by exactly these names.
FIELDS_BY_TYPE: dict[DataType, tuple[str, ...]] = {
    DataType.DICHOTOMOUS: ("events_1", "total_1", "events_2", "total_2"),
    DataType.CONTINUOUS: ("mean_1", "sd_1", "total_1", "mean_2", "sd_2", "total_2"),
    DataType.GENERIC: ("estimate", "se"),
}

MEASURES_BY_TYPE: dict[DataType, tuple[str, ...]] = {
    DataType.DICHOTOMOUS: ("RR", "OR", "RD"),
    DataType.CONTINUOUS: ("MD", "SMD"),
    DataType.GENERIC: ("GEN",),
}

RATIO_MEASURES = frozenset({"RR", "OR"})

FIXED_METHODS = ("FE", "MH", "PETO")
RANDOM_METHODS = ("DL", "REML", "ML", "PM", "SJ", "HE", "HS", "EB")


@dataclass(frozen=True)
class AnalysisSettings:
    """How one outcome is analysed; stored per outcome and passed whole to the engine."""

    measure: str = "RR"
    method: str = "REML"
    ci_level: float = 0.95
    hksj: bool = False
    cc: float = 0.5
    cc_to: str = "only0"
    drop00: bool | None = None  # None: metafor's default for the method
    het_from: str = "IV"
    compat: str | None = None  # "revman5", "revman-web" or None
    log_scale: bool = False  # GEN only: estimates are natural logs of ratios
    tau2_ci: bool = False  # Q-profile CI for τ² (and τ, I², H²), as metafor's confint()
    pi_df: str = "default"  # "default" (z, or t(k-1) under HKSJ) or "k-2" (Higgins 2009)
    hksj_adhoc: bool = False  # HKSJ's q truncated at 1: never narrower than Wald (metafor adhoc)

    @property
    def is_random(self) -> bool:
        return self.method in RANDOM_METHODS


COMPAT_MODES = ("revman5", "revman-web")


def revman_web_settings(settings: AnalysisSettings) -> AnalysisSettings:
    """RevMan Web's random-effects methods (Cochrane 2022/2024) over `settings`.

    REML or DL (the estimators RevMan Web offers), HKSJ without truncation (the method
    Cochrane names), the Q-profile CI for τ², the t(k-2) prediction interval of the Handbook
    and I² from τ²; study data follow RevMan's conventions as in RevMan 5 (zero cells, double
    zeros, approximate Hedges' g). Fixed-effect models are unchanged.
    """
    random = settings.method.upper() in RANDOM_METHODS
    return replace(settings, compat="revman-web", hksj=random, hksj_adhoc=False,
                   tau2_ci=random, pi_df="k-2")


@dataclass(frozen=True)
class StudyRow:
    """One study's data for one outcome, as the engine receives it (None = missing)."""

    study: str
    values: dict[str, float | None]
    subgroup: str | None = None
    year: int | None = None
    study_id: int | None = None
    disputed: bool = False  # reviewers disagree on one of its values (left out until resolved)


@dataclass(frozen=True)
class Study:
    """A study of the review (one trial report or a multi-arm trial's arm comparison)."""

    id: int
    label: str
    year: int | None = None
    design: str = "RCT"
    notes: str = ""


@dataclass(frozen=True)
class Comparison:
    """Intervention versus comparator, with the two group labels used for 'Favours …'."""

    id: int
    label: str
    group_label_1: str = "Experimental"
    group_label_2: str = "Control"


@dataclass(frozen=True)
class Outcome:
    """An outcome of a comparison, with its data type and stored analysis settings."""

    id: int
    comparison_id: int
    label: str
    data_type: DataType
    settings: AnalysisSettings = field(default_factory=AnalysisSettings)
    favours_left: str = ""  # "" means "Favours <group 1>"
    favours_right: str = ""  # "" means "Favours <group 2>"
    higher_is_better: bool | None = None  # None: not said; read as a harm (RevMan's default)
    importance: int | None = None  # GRADE's 1-9 (7-9 critical); None: not rated
    units: str = ""
    follow_up: str = ""

    def favours(self, comparison: Comparison) -> tuple[str, str]:
        """The labels under the forest plot's axis, left then right (typed ones win)."""
        left, right = default_favours(comparison.group_label_1, comparison.group_label_2,
                                      self.higher_is_better)
        return self.favours_left or left, self.favours_right or right


def default_favours(group_1: str, group_2: str,
                    higher_is_better: bool | None) -> tuple[str, str]:
    """RevMan's sides: every measure here compares group 1 with group 2 (a ratio below 1, a
    difference below 0 means less of the outcome in group 1), so left of the line means less
    of the outcome with group 1. Less of a harm favours group 1; less of a benefit (response,
    higher_is_better) favours group 2. Not said: read as a harm, RevMan's default."""
    if higher_is_better:
        return f"Favours {group_2}", f"Favours {group_1}"
    return f"Favours {group_1}", f"Favours {group_2}"


@dataclass(frozen=True)
class Reviewer:
    """A person who extracts data and judges risk of bias."""

    id: int
    name: str
