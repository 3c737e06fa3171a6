"""GRADE certainty of a project's outcomes: the `grade --json` document of cli.md, and what the
certainty commands need (a domain's suggestion and evidence snapshot)."""

from __future__ import annotations

from typing import Any

from workbench.core.grade import statements
from workbench.core.grade.certainty import DomainState, label
from workbench.core.grade.model import DOMAINS
from workbench.session.certainty_data import Assessment, assess
from workbench.session.scenario import Scenario
from workbench.storage.store import Store


def grade_report(store: Store, outcome_id: int | None = None, reviewer: str | None = None,
                 scenario: Scenario | None = None) -> dict[str, Any]:
    """The `grade --json` document: {"outcomes": [...]}, one outcome or all in project
    order. `reviewer` chooses whose judgements count (None/"consensus": the agreed ones)."""
    ids = [o.id for o in store.outcomes() if outcome_id in (None, o.id)]
    return {"outcomes": [outcome_entry(assess(store, oid, reviewer, scenario))
                         for oid in ids]}


def outcome_entry(a: Assessment) -> dict[str, Any]:
    """One outcome of the grade document."""
    return {"comparison": a.comparison.label, "outcome": a.outcome.label,
            "design": a.design, "start": a.start, "importance": a.outcome.importance,
            "thresholds": list(a.inputs.thresholds) if a.inputs.thresholds else None,
            "domains": {d: domain_entry(a.domains[d]) for d in DOMAINS},
            "certainty": a.certainty, "certainty_label": label(a.certainty),
            "provisional": a.provisional}


def domain_entry(state: DomainState) -> dict[str, Any]:
    return {"suggested": state.suggested, "judged": state.judged, "reason": state.reason,
            "rule": state.rule, "stale": state.stale, "evidence": dict(state.evidence)}


def domain_state(store: Store, outcome_id: int, domain: str,
                 scenario: Scenario | None = None) -> DomainState:
    """A domain of the outcome as things stand (the agreed judgement, if any)."""
    return assess(store, outcome_id, None, scenario).domains[domain]


def size_and_direction(a: Assessment) -> tuple[str | None, str | None]:
    """The statement's size (trivial/important) and direction (reduce/increase)."""
    p = a.inputs.pooled
    if p is None:
        return None, None
    return (statements.size(p.estimate, a.inputs.thresholds, a.inputs.null),
            statements.direction(p.estimate, a.inputs.null))


def statement_snapshot(store: Store, outcome_id: int, scenario: Scenario | None = None) -> str:
    """What an edited statement is written against: certainty, size and direction now."""
    a = assess(store, outcome_id, None, scenario)
    return statements.statement_snapshot(a.certainty, *size_and_direction(a))


def sof_report(store: Store, comparison_id: int | None = None,
               baselines: dict | None = None, scenario: Scenario | None = None
               ) -> dict[str, Any]:
    """The `sof --json` document (see workbench.session.sof.sof_report)."""
    from workbench.session.sof import sof_report as build

    return build(store, comparison_id, baselines, scenario)
