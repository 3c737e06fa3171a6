"""The long-form table of extracted values that `export --to csv` writes (cli.md, Exports)."""

from __future__ import annotations

from typing import Any

from workbench.core.consensus import CellState, value_for
from workbench.session.analysis import load_outcome
from workbench.storage import imports
from workbench.storage.store import Store


class ExportError(ValueError):
    """The export cannot run as asked (unknown outcome or reviewer); nothing was written."""


def _outcome_ids(store: Store, outcome: str | None, comparison: str | None) -> list[int]:
    names = {c.id: c.label for c in store.comparisons()}
    chosen = [o for o in store.outcomes()
              if (outcome is None or o.label == outcome)
              and (comparison is None or names[o.comparison_id] == comparison)]
    if (outcome or comparison) and not chosen:
        known = ", ".join(sorted({o.label for o in store.outcomes()})) or "none"
        raise ExportError(f"no outcome {outcome or ''!s} {comparison or ''!s}".strip()
                          + f" in this project; outcomes are: {known}")
    return [o.id for o in chosen]


def _years(store: Store, reviewer: str | None) -> dict[int, Any]:
    """Per study: that reviewer's year, or consensus, else the agreed year (None on conflict)."""
    entered, agreed = imports.study_field_values(store, "year")
    out = {}
    for study_id in set(entered) | set(agreed):
        values = {name: _plain(v) for name, v in entered.get(study_id, {}).items()}
        state = CellState(values=values, consensus=_plain(agreed.get(study_id)),
                          has_consensus=study_id in agreed)
        out[study_id] = value_for(state, reviewer)
    return out


def _plain(pair: tuple | None) -> Any:
    return None if pair is None else (pair[1] if pair[1] is not None else pair[0])


def export_rows(store: Store, outcome: str | None = None, comparison: str | None = None,
                reviewer: str | None = None) -> list[dict[str, Any]]:
    """One dict per study x comparison x outcome (x timepoint), keyed by import field names."""
    if reviewer not in (None, "consensus") and store.reviewer_id(reviewer) is None:
        names = ", ".join(r.name for r in store.reviewers()) or "none"
        raise ExportError(f"no reviewer {reviewer!r} in this project; reviewers are: {names}")
    years = _years(store, reviewer)
    rows = []
    for outcome_id in _outcome_ids(store, outcome, comparison):
        data = load_outcome(store, outcome_id)
        for row in data.rows:
            record = {"comparison": data.comparison.label, "outcome": data.outcome.label,
                      "study": row.study, "year": years.get(row.study_id),
                      "timepoint": row.timepoint or None,
                      "data_type": str(data.outcome.data_type)}
            for name in (*data.fields, "subgroup", "notes"):
                record[name] = row.value(name, reviewer)
            rows.append(record)
    return rows


def characteristics_rows(store: Store, reviewer: str | None = None) -> list[dict[str, Any]]:
    """One dict per study: label, year, design and RevMan's characteristics of the study."""
    years = _years(store, reviewer)
    rows = []
    for study in store.studies():
        row = {"study": study.label, "year": years.get(study.id), "design": study.design}
        row.update(store.study_characteristics(study.id))
        rows.append(row)
    return rows
