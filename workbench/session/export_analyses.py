"""Each exported outcome's data and analysis, for the Results sheet and the metafor script."""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from typing import Any

from workbench.core.meta import MetaInputError
from workbench.core.results import MetaResult
from workbench.io.export_metafor import MetaforOutcome
from workbench.session.analysis import load_outcome
from workbench.session.exporting import ExportError, _outcome_ids
from workbench.storage.store import Store


@dataclass(frozen=True)
class AnalysedOutcome:
    """One outcome's rows as analysed, and its result (or why there is none)."""

    outcome: MetaforOutcome
    result: MetaResult | None
    error: str | None = None


def check_reviewer(store: Store, reviewer: str | None) -> None:
    if reviewer not in (None, "consensus") and store.reviewer_id(reviewer) is None:
        names = ", ".join(r.name for r in store.reviewers()) or "none"
        raise ExportError(f"no reviewer {reviewer!r} in this project; reviewers are: {names}")


def analysed_outcomes(store: Store, outcome: str | None = None, comparison: str | None = None,
                      reviewer: str | None = None) -> list[AnalysedOutcome]:
    """Every chosen outcome analysed as `workbench analyse` does, with its stored settings."""
    check_reviewer(store, reviewer)
    chosen = None if reviewer == "consensus" else reviewer
    out = []
    for outcome_id in _outcome_ids(store, outcome, comparison):
        data = load_outcome(store, outcome_id)
        rows = data.study_rows(chosen)
        item = MetaforOutcome(comparison=data.comparison.label, outcome=data.outcome.label,
                              data_type=data.outcome.data_type,
                              settings=data.outcome.settings, rows=tuple(rows))
        try:
            _rows, result = data.analyse(rows)
        except MetaInputError as err:
            out.append(AnalysedOutcome(replace(item, error=str(err)), None, str(err)))
            continue
        out.append(AnalysedOutcome(item, result))
    return out


def _natural(value: float | None, log_scale: bool) -> float | None:
    if value is None or not math.isfinite(value):
        return None
    return math.exp(value) if log_scale else value


def result_row(analysed: AnalysedOutcome) -> dict[str, Any]:
    """One Results-sheet row: estimate and CI on the natural scale (exp for ratio measures)."""
    item, result = analysed.outcome, analysed.result
    row: dict[str, Any] = {"comparison": item.comparison, "outcome": item.outcome,
                           "measure": item.settings.measure, "method": item.settings.method,
                           "ci_level": item.settings.ci_level}
    if result is None:
        return {**row, "k": 0, "note": analysed.error}
    log = result.scale == "log"
    row.update(k=result.k, p=result.p, tau2=result.tau2, i2=result.i2, q=result.q,
               q_df=result.q_df, q_p=result.q_p,
               **{key: _natural(getattr(result, key), log)
                  for key in ("estimate", "ci_lower", "ci_upper")})
    row["note"] = "; ".join(result.warnings) or None
    return row


def results_table(analysed: list[AnalysedOutcome]) -> list[dict[str, Any]]:
    return [result_row(a) for a in analysed]
