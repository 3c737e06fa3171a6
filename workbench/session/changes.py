"""Changes: what a command touched, so each view refreshes only when its data changed."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Changes:
    """The parts of a project a command touched. Views test the fields they care about."""

    studies: frozenset[int] = field(default_factory=frozenset)
    outcomes: frozenset[int] = field(default_factory=frozenset)  # data of these outcomes
    settings: frozenset[int] = field(default_factory=frozenset)  # analysis settings
    structure: bool = False  # comparisons, outcomes or studies added, removed or renamed
    reviewers: bool = False
    rob: bool = False
    grade: bool = False
    review: bool = False
    etd: bool = False  # Evidence-to-Decision judgements, votes, recommendation, panel
    everything: bool = False  # a project was opened, closed or replaced

    def __or__(self, other: Changes) -> Changes:
        return Changes(
            studies=self.studies | other.studies,
            outcomes=self.outcomes | other.outcomes,
            settings=self.settings | other.settings,
            structure=self.structure or other.structure,
            reviewers=self.reviewers or other.reviewers,
            rob=self.rob or other.rob,
            grade=self.grade or other.grade,
            review=self.review or other.review,
            etd=self.etd or other.etd,
            everything=self.everything or other.everything,
        )

    def touches_outcome(self, outcome_id: int) -> bool:
        return (self.everything or self.structure or outcome_id in self.outcomes
                or outcome_id in self.settings)

    @staticmethod
    def all() -> Changes:
        return Changes(everything=True)
