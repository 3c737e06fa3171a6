"""A what-if: settings, exclusions and baseline risks layered over the stored project, never
written. The certainty, SoF, workshop and CLI read a project through one of these."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from types import MappingProxyType

from workbench.core.grade.model import Baseline
from workbench.core.model import AnalysisSettings


def _frozen(mapping: Mapping | None) -> Mapping:
    return MappingProxyType(dict(mapping or {}))


@dataclass(frozen=True)
class Scenario:
    """Per outcome id: analysis settings to use instead of the stored ones, and baselines to
    show instead of the stored ones; result ids (study_outcomes) to leave out everywhere."""

    settings: Mapping[int, AnalysisSettings] = field(default_factory=lambda: _frozen(None))
    excluded: frozenset[int] = frozenset()
    baselines: Mapping[int, tuple[Baseline, ...]] = field(
        default_factory=lambda: _frozen(None))

    def __post_init__(self) -> None:
        object.__setattr__(self, "settings", _frozen(self.settings))
        object.__setattr__(self, "excluded", frozenset(self.excluded))
        object.__setattr__(self, "baselines", _frozen(
            {k: tuple(v) for k, v in dict(self.baselines).items()}))

    @staticmethod
    def none() -> Scenario:
        """The stored project as it is."""
        return Scenario()

    @property
    def is_empty(self) -> bool:
        return not (self.settings or self.excluded or self.baselines)

    def settings_for(self, outcome_id: int, stored: AnalysisSettings) -> AnalysisSettings:
        return self.settings.get(outcome_id, stored)

    def baselines_for(self, outcome_id: int, stored: tuple[Baseline, ...]
                      ) -> tuple[Baseline, ...]:
        return self.baselines.get(outcome_id, stored)

    def with_settings(self, outcome_id: int, settings: AnalysisSettings | None) -> Scenario:
        """A copy with this outcome's settings overridden (None: back to the stored ones)."""
        new = dict(self.settings)
        if settings is None:
            new.pop(outcome_id, None)
        else:
            new[outcome_id] = settings
        return replace(self, settings=new)

    def with_excluded(self, result_ids: Iterable[int]) -> Scenario:
        return replace(self, excluded=frozenset(result_ids))

    def toggled(self, result_id: int) -> Scenario:
        """A copy with one result left out, or put back when it was left out."""
        return self.with_excluded(self.excluded ^ {result_id})

    def with_baselines(self, outcome_id: int, baselines: Iterable[Baseline] | None
                       ) -> Scenario:
        new = dict(self.baselines)
        if baselines is None:
            new.pop(outcome_id, None)
        else:
            new[outcome_id] = tuple(baselines)
        return replace(self, baselines=new)

    def __hash__(self) -> int:
        return hash((tuple(sorted(self.settings.items())), self.excluded,
                     tuple(sorted(self.baselines.items()))))

    def __eq__(self, other: object) -> bool:
        return (isinstance(other, Scenario) and dict(self.settings) == dict(other.settings)
                and self.excluded == other.excluded
                and dict(self.baselines) == dict(other.baselines))
