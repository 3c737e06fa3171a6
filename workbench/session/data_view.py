"""Whose numbers an analysis shows: my values, another reviewer's, or the agreed values.

The grid always edits the current reviewer's own values; the analysis shows a chosen view.
- mine: a value I entered is used even where another reviewer differs (the row stays
  marked as disputed); where I entered nothing, the value the reviewers share or agreed.
- another reviewer's: that reviewer's own values only.
- consensus: agreed values; an unresolved conflict leaves the study out ("reviewers disagree").
Blind mode: for a study the other reviewers' values are hidden from me, every view uses my
own values only and shows no dispute, and another reviewer's view leaves the study out.
"""

from __future__ import annotations

from dataclasses import dataclass

from workbench.core.consensus import CellState
from workbench.core.model import StudyRow
from workbench.session.analysis import OutcomeData, OutcomeRow

MINE, REVIEWER, CONSENSUS = "mine", "reviewer", "consensus"


@dataclass(frozen=True)
class DataView:
    kind: str = CONSENSUS
    reviewer: str = ""  # mine: who I am; reviewer: whose values

    @property
    def title(self) -> str:
        """How the plot's header names the view."""
        if self.kind == MINE:
            return f"my values ({self.reviewer})"
        if self.kind == REVIEWER:
            return f"{self.reviewer}'s values"
        return "agreed values"


def _value(state: CellState | None, view: DataView, me: str, hidden: bool):
    if state is None:
        return None
    if hidden:  # blind: nobody else's value may show through, not even as an agreement
        return state.values.get(me)
    if view.kind == REVIEWER:
        return state.values.get(view.reviewer)
    if view.kind == MINE and me in state.values:
        return state.values[me]
    return state.used_value()


def _number(value) -> float | None:
    return value if isinstance(value, float) else None


def _row(data: OutcomeData, row: OutcomeRow, view: DataView, me: str,
         hidden: bool) -> StudyRow:
    values = {f: _number(_value(row.cells.get(f), view, me, hidden)) for f in data.fields}
    subgroup = _value(row.cells.get("subgroup"), view, me, hidden)
    watched = {*data.fields, "subgroup"}
    disputed = not hidden and view.kind != REVIEWER and bool(set(row.conflicts()) & watched)
    return StudyRow(study=row.study, values=values, year=row.year,
                    subgroup=subgroup if isinstance(subgroup, str) else None,
                    study_id=row.study_id, disputed=disputed)


def view_rows(data: OutcomeData, view: DataView, me: str, *,
              hidden: frozenset[int] = frozenset(), exclude: frozenset[int] = frozenset(),
              subgroup_order: list[str] | None = None) -> list[StudyRow]:
    """Engine rows of the included results in the chosen view (`me`: the current reviewer),
    subgroups in `subgroup_order` (the plot draws them in the order they first appear)."""
    rows = []
    for row in data.rows:
        if not row.included or row.result_id in exclude:
            continue
        is_hidden = row.study_id in hidden
        if view.kind == REVIEWER and is_hidden:
            continue  # blind: that reviewer's values of this study are not mine to see yet
        rows.append(_row(data, row, view, me, is_hidden))
    if subgroup_order:
        place = {name: i for i, name in enumerate(subgroup_order)}
        rows.sort(key=lambda r: place.get(r.subgroup or "", len(place)))  # stable
    return rows
