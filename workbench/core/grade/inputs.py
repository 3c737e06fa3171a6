"""What the suggestion rules read about an analysed outcome, on the natural scale."""

from __future__ import annotations

from dataclasses import dataclass

from workbench.core.model import DataType

HIGH, SOME_CONCERNS, LOW = "high", "some_concerns", "low"

# A study's overall risk-of-bias judgement for this result, as the rules group it.
_ROB_CLASSES = {"high": HIGH, "serious": HIGH, "critical": HIGH, "low": LOW}


def rob_class(judgement: str | None) -> str:
    """High/Serious/Critical -> high; Low -> low; anything else (or none) -> some concerns.
    RoB 1 labels end in " risk" ("High risk")."""
    text = (judgement or "").strip().lower().removesuffix(" risk")
    return _ROB_CLASSES.get(text, SOME_CONCERNS)


@dataclass(frozen=True)
class Interval:
    estimate: float
    ci_lower: float
    ci_upper: float

    def position(self, null: float) -> str:
        """Where the CI lies relative to the null: below, contains or above."""
        if self.ci_upper < null:
            return "below"
        return "above" if self.ci_lower > null else "contains"


@dataclass(frozen=True)
class StudyRob:
    """One study in the model: its weight share (0-1) and its risk-of-bias class."""

    study_id: int | None
    weight: float
    judgement: str | None  # the overall judgement as stored; None: unassessed or disputed

    @property
    def rob(self) -> str:
        return rob_class(self.judgement)


@dataclass(frozen=True)
class GradeInputs:
    """An outcome's analysis as the rules see it. `pooled` None: not estimable."""

    data_type: DataType
    measure: str
    ratio: bool
    null: float
    k: int  # studies in the model
    pooled: Interval | None
    i2: float | None = None  # percent
    tau2: float | None = None
    q_p: float | None = None
    pi_lower: float | None = None  # of the random-effects model (a DL fit for a common one)
    pi_upper: float | None = None
    egger_p: float | None = None
    events: int | None = None
    participants: int | None = None
    studies: tuple[StudyRob, ...] = ()
    without_high: Interval | None = None  # refit without high-risk studies
    thresholds: tuple[float, float] | None = None  # natural scale
