"""GRADE certainty and the Summary of Findings of a project (cli.md's grade and sof JSON)."""

from __future__ import annotations

from typing import Any

from workbench.core.grade.model import Baseline
from workbench.session.scenario import Scenario
from workbench.storage.store import Store


def grade_report(store: Store, outcome_id: int | None = None, reviewer: str | None = None,
                 scenario: Scenario | None = None) -> dict[str, Any]:
    """The `grade --json` document: {"outcomes": [...]} (one outcome, or every outcome)."""
    raise NotImplementedError


def sof_report(store: Store, comparison_id: int | None = None,
               baselines: dict[int | None, tuple[Baseline, ...]] | None = None,
               scenario: Scenario | None = None) -> dict[str, Any]:
    """The `sof --json` document of one comparison, or {"tables": [...]} for several."""
    raise NotImplementedError
