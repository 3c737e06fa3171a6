"""What the statistics engine returns: one rich, immutable result per analysis (cli.md JSON)."""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass(frozen=True)
class StudyResult:
    """One study's estimate and its place in the pooled model.

    `yi`/`vi` are on the analysis scale (log for RR/OR); None where the study has no estimate
    of its own. `weight` is the percent weight in the pooled model, None when not included.
    `reason` says in words why a study is not included ("double-zero table", "missing SD").
    """

    study: str
    yi: float | None
    vi: float | None
    ci_lower: float | None
    ci_upper: float | None
    weight: float | None
    included: bool
    corrected: bool = False
    reason: str | None = None
    subgroup: str | None = None
    disputed: bool = False  # an input value is missing because reviewers disagree on it


@dataclass(frozen=True)
class SubgroupResult:
    """A subgroup's own model (separate τ² per subgroup)."""

    name: str
    k: int
    estimate: float | None
    se: float | None
    ci_lower: float | None
    ci_upper: float | None
    tau2: float | None
    i2: float | None
    q: float | None
    q_df: int | None
    q_p: float | None = None
    statistic: float | None = None
    p: float | None = None
    weight: float | None = None  # sum of its studies' percent weights in the overall model


@dataclass(frozen=True)
class SubgroupTest:
    """Test for subgroup differences: fixed-effect Q over the subgroup estimates."""

    q: float
    df: int
    p: float | None
    i2: float | None = None
    # What the test is: a Chi² on the subgroups' Wald estimates, or on their HKSJ estimates
    # and SEs; `note` is the footnote (studies without a subgroup are left out of the test).
    label: str = "Chi² on the subgroup estimates"
    note: str | None = None


@dataclass(frozen=True)
class EggerTest:
    intercept: float
    se: float
    statistic: float
    df: int
    p: float


@dataclass(frozen=True)
class RankTest:
    tau: float
    p: float


@dataclass(frozen=True)
class TrimFill:
    k0: int
    side: str
    estimate: float
    ci_lower: float
    ci_upper: float


@dataclass(frozen=True)
class LeaveOneOut:
    study: str
    estimate: float
    ci_lower: float
    ci_upper: float
    tau2: float | None
    i2: float | None


@dataclass(frozen=True)
class MetaResult:
    """A whole analysis: pooled estimate, heterogeneity, studies and optional extras.

    Estimates are on the analysis scale (log for ratio measures); `scale` says which, and
    `exp` in to_dict() back-transforms for ratio measures and GEN with --log-scale.
    """

    measure: str
    method: str
    k: int
    scale: str  # "log" or "identity"
    estimate: float | None
    se: float | None
    ci_lower: float | None
    ci_upper: float | None
    statistic: float | None
    statistic_type: str  # "z" or "t"
    df: int | None
    p: float | None
    tau2: float | None
    tau: float | None
    i2: float | None
    h2: float | None
    q: float | None
    q_df: int | None
    q_p: float | None
    pi_lower: float | None
    pi_upper: float | None
    studies: tuple[StudyResult, ...]
    ci_level: float = 0.95
    subgroups: tuple[SubgroupResult, ...] | None = None
    subgroup_test: SubgroupTest | None = None
    egger: EggerTest | None = None
    rank: RankTest | None = None
    trimfill: TrimFill | None = None
    leave_one_out: tuple[LeaveOneOut, ...] | None = None
    warnings: tuple[str, ...] = field(default_factory=tuple)
    pi_df: int | None = None  # the prediction interval's t df (None: normal quantile)
    het_ci: dict[str, float | None] | None = None  # tau2_ci_lower ... h2_ci_upper (Q-profile)

    def to_dict(self) -> dict[str, Any]:
        """The JSON document of cli.md (keys for extras only when they were asked for)."""
        doc: dict[str, Any] = {
            key: getattr(self, key)
            for key in (
                "measure", "method", "k", "scale", "estimate", "se", "ci_lower", "ci_upper",
                "statistic", "statistic_type", "df", "p", "tau2", "tau", "i2", "h2",
                "q", "q_df", "q_p", "pi_lower", "pi_upper", "pi_df",
            )
        }
        if self.het_ci is not None:
            doc.update(self.het_ci)
        if self.scale == "log":
            doc["exp"] = {
                key: _exp(getattr(self, key))
                for key in ("estimate", "ci_lower", "ci_upper", "pi_lower", "pi_upper")
            }
        doc["studies"] = [_study_dict(s) for s in self.studies]
        if self.subgroups is not None:
            doc["subgroups"] = [asdict(s) for s in self.subgroups]
            doc["subgroup_test"] = asdict(self.subgroup_test) if self.subgroup_test else None
        if self.egger or self.rank or self.trimfill:
            doc["bias"] = {
                "egger": asdict(self.egger) if self.egger else None,
                "rank": asdict(self.rank) if self.rank else None,
                "trimfill": asdict(self.trimfill) if self.trimfill else None,
            }
        if self.leave_one_out is not None:
            doc["leave_one_out"] = [asdict(r) for r in self.leave_one_out]
        doc["warnings"] = list(self.warnings)
        return doc


def _exp(value: float | None) -> float | None:
    return None if value is None else math.exp(value)


def _study_dict(study: StudyResult) -> dict[str, Any]:
    doc = asdict(study)
    if doc["subgroup"] is None:
        del doc["subgroup"]
    if not doc["disputed"]:
        del doc["disputed"]
    return doc
