"""Assemble an outcome's rows from the project (per reviewer or agreed) and run the engine."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field, replace

from workbench.core.consensus import CellState, value_for
from workbench.core.meta import run_meta
from workbench.core.model import FIELDS_BY_TYPE, Comparison, DataType, Outcome, StudyRow
from workbench.core.results import MetaResult
from workbench.storage.revman_store import has_revman_outcome, revman_outcome, sort_by
from workbench.storage.store import Store


@dataclass(frozen=True)
class OutcomeRow:
    """One row of an outcome's grid: the result, its study and every field's cell state."""

    result_id: int
    study_id: int
    study: str
    year: int | None
    timepoint: str
    included: bool
    cells: dict[str, CellState] = field(default_factory=dict)
    year_state: CellState | None = None  # each reviewer's year of the study, and consensus

    def value(self, field_name: str, reviewer: str | None = None):
        state = self.cells.get(field_name)
        return None if state is None else value_for(state, reviewer)

    def conflicts(self) -> list[str]:
        return [name for name, state in self.cells.items() if state.in_conflict]


@dataclass(frozen=True)
class OutcomeData:
    """Everything the grid, the plot and the reports need about one outcome."""

    outcome: Outcome
    comparison: Comparison
    rows: tuple[OutcomeRow, ...]
    swap_events: bool = False  # RevMan's "swap events and non-events" (dichotomous data)
    plot_sort: str | None = None  # the forest plot's order an imported RevMan outcome keeps

    @property
    def fields(self) -> tuple[str, ...]:
        return FIELDS_BY_TYPE[self.outcome.data_type]

    def study_rows(self, reviewer: str | None = None, *, included_only: bool = True,
                   exclude: frozenset[int] = frozenset()) -> list[StudyRow]:
        """Rows for core.meta.run_meta: the values the chosen reviewer (or consensus) gives."""
        rows = []
        for row in self.rows:
            if (included_only and not row.included) or row.result_id in exclude:
                continue
            values = {f: _number(row.value(f, reviewer)) for f in self.fields}
            subgroup = row.value("subgroup", reviewer)
            # Only the agreed values are in dispute; one reviewer's own values never are.
            disputed = reviewer in (None, "consensus") and bool(
                set(row.conflicts()) & {*self.fields, "subgroup"})
            rows.append(StudyRow(study=row.study, values=values, year=row.year,
                                 subgroup=subgroup if isinstance(subgroup, str) else None,
                                 study_id=row.study_id, disputed=disputed))
        return rows


    def analyse(self, rows: list[StudyRow] | None = None, *, reviewer: str | None = None,
                bias: bool = False) -> tuple[list[StudyRow], MetaResult]:
        """The outcome's meta-analysis with its stored settings, by subgroup where the rows
        have subgroups: the one way the GUI, the reports and the CLI analyse an outcome.
        Raises core.meta.MetaInputError for values or settings the engine refuses."""
        if rows is None:
            rows = self.study_rows(None if reviewer == "consensus" else reviewer)
        if self.swap_events and self.outcome.data_type == DataType.DICHOTOMOUS:
            rows = swapped(rows)
        result = run_meta(rows, self.outcome.data_type, self.outcome.settings,
                          subgroups=any(r.subgroup for r in rows), bias=bias)
        return rows, result


def swapped(rows: list[StudyRow]) -> list[StudyRow]:
    """RevMan's "swap events and non-events": analyse total - events in both groups."""
    def flip(values: dict) -> dict:
        out = dict(values)
        for arm in ("1", "2"):
            events, total = values.get(f"events_{arm}"), values.get(f"total_{arm}")
            out[f"events_{arm}"] = None if events is None or total is None else total - events
        return out
    return [replace(r, values=flip(r.values)) for r in rows]


def _number(value) -> float | None:
    return value if isinstance(value, float) else None


def load_outcome(store: Store, outcome_id: int) -> OutcomeData:
    """Read one outcome with every reviewer's values and the consensus, in a few queries."""
    outcome = store.outcome(outcome_id)
    comparison = next(c for c in store.comparisons() if c.id == outcome.comparison_id)
    # result id -> field -> reviewer -> value, and result id -> field -> agreed value
    entered: dict[int, dict[str, dict[str, object]]] = defaultdict(lambda: defaultdict(dict))
    for result_id, reviewer, name, num, text, _source in store.values_for_outcome(outcome_id):
        entered[result_id][name][reviewer] = text if text is not None else num
    agreed: dict[int, dict[str, object]] = defaultdict(dict)
    for result_id, name, num, text, *_ in store.consensus_for_outcome(outcome_id):
        agreed[result_id][name] = text if text is not None else num
    years = store.study_years()
    year_states = _year_states(store)
    rows = []
    for result in store.results(outcome_id):
        rid = result["result_id"]
        mine, theirs = entered.get(rid, {}), agreed.get(rid, {})
        cells = {f: CellState(values=dict(mine.get(f, {})), consensus=theirs.get(f),
                              has_consensus=f in theirs) for f in set(mine) | set(theirs)}
        rows.append(OutcomeRow(result_id=rid, study_id=result["study_id"],
                               study=result["study"], year=years.get(result["study_id"]),
                               year_state=year_states.get(result["study_id"]),
                               timepoint=result["timepoint"], included=result["included"],
                               cells=cells))
    return OutcomeData(outcome=outcome, comparison=comparison, rows=tuple(rows),
                       swap_events=revman_outcome(store, outcome_id).swap_events,
                       plot_sort=_plot_sort(store, outcome_id))


# RevMan's SORT_BY -> the forest plot's sort keys; "user" is RevMan's own order, the file's.
REVMAN_SORTS = {"study": "study", "year": "year", "effect_size": "effect", "weight": "weight",
                "user": "input"}


def _plot_sort(store: Store, outcome_id: int) -> str | None:
    """Only outcomes that came from RevMan carry a sort of their own."""
    if not has_revman_outcome(store, outcome_id):
        return None
    return REVMAN_SORTS.get(sort_by(store, outcome_id))


def _year_states(store: Store) -> dict[int, CellState]:
    """Per study: every reviewer's year and the agreed one, for the grid's Year column."""
    values: dict[int, dict[str, object]] = defaultdict(dict)
    for study_id, reviewer, value in store.study_field_values("year"):
        values[study_id][reviewer] = value
    agreed = store.study_consensus("year")
    return {sid: CellState(values=dict(values.get(sid, {})), consensus=agreed.get(sid),
                           has_consensus=sid in agreed)
            for sid in set(values) | set(agreed)}
