"""An outcome's results as RevMan 5 caches them, computed from the project in RevMan 5 mode."""

from __future__ import annotations

from dataclasses import dataclass, replace

from workbench.core.meta import run_meta
from workbench.core.model import AnalysisSettings, DataType, StudyRow
from workbench.core.results import MetaResult
from workbench.io.rm5.results import (
    ZERO,
    Scale,
    count,
    pooled_attrs,
    study_attrs,
    subgroup_test_attrs,
)
from workbench.session.analysis import OutcomeData, load_outcome, swapped
from workbench.storage.revman_store import RevmanOutcome, revman_outcome
from workbench.storage.store import Store

_SUMS = ("events_1", "total_1", "events_2", "total_2")


@dataclass(frozen=True)
class Computed:
    """RevMan's result attributes for an outcome, its subgroups (by name) and its rows."""

    data: OutcomeData
    extras: RevmanOutcome
    settings: AnalysisSettings
    rows: list[StudyRow]  # as analysed (events swapped where RevMan swaps them)
    entered: list[StudyRow]  # as entered
    result: MetaResult
    outcome: dict[str, str]
    subgroups: dict[str, dict[str, str]]
    row_attrs: list[dict[str, str]]


def revman5_settings(settings: AnalysisSettings) -> AnalysisSettings:
    """The settings RevMan 5 can express: its conventions, DL for every random model."""
    method = "DL" if settings.is_random else settings.method
    return replace(settings, compat="revman5", method=method, hksj=False)


def compute(store: Store, outcome_id: int) -> Computed:
    """Recompute one outcome as RevMan 5 does; raises core.meta.MetaInputError for values
    the engine refuses."""
    data = load_outcome(store, outcome_id)
    extras = revman_outcome(store, outcome_id)
    settings = revman5_settings(data.outcome.settings)
    rows = entered = data.study_rows(None)
    if extras.swap_events and data.outcome.data_type == DataType.DICHOTOMOUS:
        rows = swapped(rows)
    has_subgroups = any(r.subgroup for r in rows)
    result = run_meta(rows, data.outcome.data_type, settings, subgroups=has_subgroups)
    scale = _scale(data.outcome.data_type, settings)
    weights = _weights(rows, data.outcome.data_type, settings, result, extras, has_subgroups)
    ci_study = extras.ci_study or settings.ci_level
    peto = settings.method == "PETO"
    row_attrs = [study_attrs(s, w, ci_study, scale, _peto(r) if peto else None)
                 for s, w, r in zip(result.studies, weights, rows, strict=True)]
    if data.outcome.data_type != DataType.DICHOTOMOUS:
        for attrs in row_attrs:
            del attrs["O_E"]  # only 2x2 rows carry O-E (O-E data rows hold it as data)
    context = (rows, data.outcome.data_type, scale, settings.is_random, extras.totals)
    return Computed(data, extras, settings, rows, entered, result,
                    _outcome_attrs(result, has_subgroups, context),
                    _subgroup_attrs(result, context), row_attrs)


def _outcome_attrs(result: MetaResult, has_subgroups: bool, context: tuple) -> dict[str, str]:
    rows, data_type, scale, random, totals = context
    outcome = {**pooled_attrs(result, scale, random), **subgroup_test_attrs(result),
               **_sums(rows, data_type)}
    outcome["WEIGHT"] = _outcome_weight(totals, result, has_subgroups)
    if not (totals == "YES" or (totals == "SUB" and has_subgroups)):
        # No overall result shown: RevMan marks it not estimable (checked on CD007868)
        outcome.update(ESTIMABLE="NO", P_Q=ZERO, CHI2=ZERO, DF="0", P_CHI2=ZERO, I2=ZERO,
                       TAU2="NaN")
    elif result.estimate is None:
        outcome.update(P_Q=ZERO, TAU2="NaN")
    return outcome


def _subgroup_attrs(result: MetaResult, context: tuple) -> dict[str, dict[str, str]]:
    """Each subgroup's model; its WEIGHT is its studies' share of the total with totals, and
    100 with subtotals only."""
    rows, data_type, scale, random, totals = context
    subgroups = {}
    for sub in result.subgroups or ():
        members = [r for r in rows if (r.subgroup or "") == sub.name]
        attrs = {**pooled_attrs(sub, scale, random), **_sums(members, data_type)}
        sub_weight = sub.weight if totals == "YES" else 100.0
        attrs["WEIGHT"] = repr(float(sub_weight)) if sub.estimate is not None and \
            sub_weight is not None else ZERO
        subgroups[sub.name] = attrs
    return subgroups


def _scale(data_type: DataType, settings: AnalysisSettings) -> Scale:
    ratio = settings.measure in ("RR", "OR") or settings.method == "PETO" or (
        data_type == DataType.GENERIC and settings.log_scale)
    return Scale(ratio=ratio, log_attributes=data_type == DataType.DICHOTOMOUS or ratio)


def _outcome_weight(totals: str, result: MetaResult, has_subgroups: bool) -> str:
    """100 with totals; with subtotals only, 100 per subgroup; else 0 (checked on CD007868)."""
    if result.estimate is None:
        return ZERO
    if totals == "YES":
        return "100.0"
    if totals == "SUB" and has_subgroups:
        shown = [s for s in result.subgroups or () if s.estimate is not None]
        return repr(100.0 * len(shown))
    return ZERO


def _weights(rows, data_type, settings, result, extras, has_subgroups) -> list[float | None]:
    """Percent weights as RevMan stores them: of the overall model with totals; of each
    subgroup's own model with subtotals only (TOTALS="SUB"); zero where RevMan shows no
    pooled result (no totals, or subtotals without subgroups; checked on CD007868)."""
    weights = [s.weight for s in result.studies]
    if extras.totals == "YES":
        return weights
    if not (extras.totals == "SUB" and has_subgroups):
        return [0.0 if w is not None else None for w in weights]
    for name in dict.fromkeys(r.subgroup for r in rows):
        index = [i for i, r in enumerate(rows) if r.subgroup == name]
        own = run_meta([rows[i] for i in index], data_type, settings)
        for i, study in zip(index, own.studies, strict=True):
            weights[i] = study.weight
    return weights


def _sums(rows: list[StudyRow], data_type: DataType) -> dict[str, str]:
    names = _SUMS if data_type == DataType.DICHOTOMOUS else ("total_1", "total_2")
    sums = {n.upper(): count(sum(r.values.get(n) or 0.0 for r in rows)) for n in names}
    sums["STUDIES"] = str(len({r.study_id if r.study_id is not None else r.study
                               for r in rows}))
    return sums


def _peto(row: StudyRow) -> tuple[float, float] | None:
    """Peto's O - E and V of a 2x2 table (uncorrected counts), as RevMan stores them."""
    v = row.values
    a, n1, c, n2 = (v.get(k) for k in ("events_1", "total_1", "events_2", "total_2"))
    if None in (a, n1, c, n2) or n1 + n2 < 2:
        return None
    n, m = n1 + n2, a + c
    return a - n1 * m / n, n1 * n2 * m * (n - m) / (n * n * (n - 1))
