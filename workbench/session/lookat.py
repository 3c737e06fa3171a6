"""Dual extraction's items to look at: what only one reviewer extracted, rows an import skipped."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from workbench.storage import lookat as queries

if TYPE_CHECKING:
    from workbench.session.project import Project


@dataclass(frozen=True)
class LookAt:
    """One item: what kind, whose, where, and a sentence a reviewer can act on."""

    kind: str  # "single" (one reviewer only) or "skipped" (an import left the row out)
    reviewer: str
    study: str
    comparison: str
    outcome: str
    text: str
    outcome_id: int | None = None


def items_to_look_at(project: Project) -> list[LookAt]:
    """Single extractions first (the second reviewer's work to do), then skipped rows."""
    store = project.store
    items = [LookAt("single", reviewer, study, comparison, outcome,
                    f"Only {reviewer} extracted {study} in “{outcome}” ({comparison}): "
                    "the second extraction is missing.", outcome_id)
             for study, comparison, outcome, outcome_id, reviewer
             in queries.single_extractions(store)]
    for reviewer, file, sheet, row, study, comparison, outcome, problem in \
            queries.open_skipped_rows(store):
        where = f"{file}, sheet {sheet}, row {row}" if sheet else f"{file}, row {row}"
        what = f"{study or '(no study label)'} in “{outcome}”" if outcome else \
            study or "(no study label)"
        items.append(LookAt("skipped", reviewer, study, comparison, outcome,
                            f"{reviewer}'s import left out {where} ({what}): {problem}. "
                            "Add the study by hand, or correct the row and import it again.",
                            _outcome_id(store, comparison, outcome)))
    return items


def can_add_by_hand(project: Project, item: LookAt) -> bool:
    """A skipped row whose outcome exists and whose study is not in it yet."""
    if item.kind != "skipped" or item.outcome_id is None or not item.study:
        return False
    study_id = project.store.study_id(item.study)
    return study_id is None or project.store.result_id(study_id, item.outcome_id) is None


def _outcome_id(store, comparison: str, outcome: str) -> int | None:
    comparison_id = store.comparison_id(comparison) if comparison else None
    return None if comparison_id is None else store.outcome_id(comparison_id, outcome)
