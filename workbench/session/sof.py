"""The Summary of Findings of a comparison: the `sof --json` document of cli.md."""

from __future__ import annotations

from typing import Any

from workbench.core.grade import statements
from workbench.core.grade.absolute import absolute_effect, baseline_risk, difference
from workbench.core.grade.certainty import counted, label
from workbench.core.grade.model import DEFAULT_BASELINES, DOMAIN_NAMES, DOMAINS, Baseline
from workbench.core.model import DataType
from workbench.session.certainty import size_and_direction
from workbench.session.certainty_data import (
    Assessment,
    assess,
    comparator_mean,
    comparator_pairs,
)
from workbench.session.scenario import Scenario
from workbench.storage import certainty_store as cs
from workbench.storage.store import Store

MAX_ROWS = 7  # GRADE's advice: warn beyond it, never refuse
MARKS = "abcdefghijklmnopqrstuvwxyz"

# `baselines` of sof_report: outcome id -> baselines for that outcome, and the key None ->
# baselines for every dichotomous outcome not named (cli.md: LABEL=RISK without OUTCOME:).
Baselines = dict[int | None, tuple[Baseline, ...]]


def sof_report(store: Store, comparison_id: int | None = None,
               baselines: Baselines | None = None, scenario: Scenario | None = None
               ) -> dict[str, Any]:
    """One comparison's document; without `comparison_id` and with several comparisons,
    {"tables": [...]}. `baselines` replaces the stored baselines for this call."""
    comparisons = [c for c in store.comparisons() if comparison_id in (None, c.id)]
    tables = [comparison_table(store, c.id, baselines, scenario) for c in comparisons]
    if comparison_id is None and len(tables) != 1:
        return {"tables": tables}
    return tables[0]


def row_outcomes(store: Store, comparison_id: int) -> list[int]:
    """The outcomes the reviewer chose for the table, in order; by default all of them."""
    own = [o.id for o in store.outcomes(comparison_id)]
    chosen = cs.sof_rows(store, comparison_id)
    return own if chosen is None else [oid for oid in chosen if oid in own]


def comparison_table(store: Store, comparison_id: int, baselines: Baselines | None = None,
                     scenario: Scenario | None = None) -> dict[str, Any]:
    found = [c for c in store.comparisons() if c.id == comparison_id]
    if not found:
        raise KeyError(f"no comparison with id {comparison_id}")
    comparison = found[0]
    ids = row_outcomes(store, comparison_id)
    rows = [sof_row(store, assess(store, oid, None, scenario), baselines, scenario)
            for oid in ids]
    _mark_footnotes(rows)
    warnings = []
    if len(rows) > MAX_ROWS:
        warnings.append(f"{len(rows)} outcomes: GRADE advises at most {MAX_ROWS} in a "
                        "Summary of Findings table")
    return {"comparison": comparison.label,
            "intervention": statements.intervention_name(comparison.label,
                                                         comparison.group_label_1),
            "comparator": comparison.group_label_2, "rows": rows, "warnings": warnings}


def _mark_footnotes(rows: list[dict[str, Any]]) -> None:
    """Marks run on through the table (a, b, ... z, aa, ab ...): one footnote list below it."""
    n = 0
    for row in rows:
        for note in row["footnotes"]:
            note["mark"] = _mark(n)
            n += 1


def _mark(n: int) -> str:
    return MARKS[n] if n < len(MARKS) else _mark(n // len(MARKS) - 1) + MARKS[n % len(MARKS)]


def sof_row(store: Store, a: Assessment, baselines: Baselines | None = None,
            scenario: Scenario | None = None) -> dict[str, Any]:
    o, p = a.outcome, a.inputs.pooled
    dichotomous = o.data_type is DataType.DICHOTOMOUS
    row = {"outcome": o.label, "data_type": o.data_type.value,
           "measure": _measure_name(a), "importance": o.importance,
           "follow_up": o.follow_up or None, "studies": len(a.complete),
           "participants": a.inputs.participants,
           "relative": ({"estimate": p.estimate, "ci_lower": p.ci_lower,
                         "ci_upper": p.ci_upper} if p is not None and a.inputs.ratio
                        else None),
           "absolute": _absolute(a, _baselines_for(store, a, baselines, scenario))
           if dichotomous and p is not None else None,
           "comparator_mean": comparator_mean(a.complete, o.data_type),
           "difference": (difference(a.inputs.measure, p) if p is not None
                          and o.data_type is DataType.CONTINUOUS else None),
           "certainty": a.certainty, "certainty_label": label(a.certainty),
           "provisional": a.provisional,
           "footnotes": footnotes(a), "comment": _comment(a), "narrative": None}
    row.update(_statement(store, a))
    if a.narrative is not None:  # the reviewer's text replaces the effects
        row.update(relative=None, absolute=None, comparator_mean=None, difference=None,
                   comment=a.narrative, studies=a.results, narrative=a.narrative)
    return row


def _measure_name(a: Assessment) -> str:
    s = a.outcome.settings
    return "Peto OR" if s.method.upper() == "PETO" else a.inputs.measure


def _baselines_for(store: Store, a: Assessment, given: Baselines | None,
                   scenario: Scenario | None) -> tuple[Baseline, ...]:
    if given is not None and (a.outcome.id in given or None in given):
        return tuple(given.get(a.outcome.id, given.get(None)))
    stored = a.grade.baselines or DEFAULT_BASELINES
    return (scenario or Scenario.none()).baselines_for(a.outcome.id, stored)


def _absolute(a: Assessment, chosen: tuple[Baseline, ...]) -> list[dict[str, Any]]:
    if a.inputs.measure not in ("RR", "OR", "RD"):
        return []
    pairs = comparator_pairs(a)
    out = []
    for baseline in chosen:
        risk = baseline_risk(baseline, pairs)
        if risk is not None:
            out.append(absolute_effect(a.inputs.measure, baseline, risk, a.inputs.pooled))
    return out


def footnotes(a: Assessment) -> list[dict[str, Any]]:
    """A footnote for every domain that moves the certainty, with its reason."""
    if not a.has_studies:
        return []
    notes = []
    for domain in DOMAINS:
        state = a.domains[domain]
        if counted(domain, state) != 0:
            reason = state.reason or state.rule
            notes.append({"mark": _mark(len(notes)), "domain": domain,
                          "text": f"{DOMAIN_NAMES[domain]} ({counted(domain, state):+d}): "
                                  f"{reason}"})
    return notes


def _comment(a: Assessment) -> str | None:
    if not a.has_studies:
        return "No studies"
    return None if a.estimable else "Not estimable"


def _statement(store: Store, a: Assessment) -> dict[str, Any]:
    size, direction = size_and_direction(a)
    intervention = statements.intervention_name(a.comparison.label,
                                                a.comparison.group_label_1)
    generated = statements.statement(a.certainty, size, direction, intervention,
                                     statements.outcome_name(a.outcome.label))
    edited = cs.statement(store, a.outcome.id)
    if edited is None:
        return {"statement": generated, "statement_edited": False, "statement_stale": False}
    now = statements.statement_snapshot(a.certainty, size, direction)
    return {"statement": edited[0], "statement_edited": True,
            "statement_stale": bool(edited[1]) and edited[1] != now}
