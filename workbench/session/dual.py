"""Dual extraction: conflicts between reviewers, their agreement, and blind-mode visibility."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from workbench.core.agreement import cohen_kappa, percent_agreement
from workbench.core.consensus import differ
from workbench.session.rob import final_judgement_items
from workbench.storage import certainty_store
from workbench.storage import conflicts as queries
from workbench.storage.conflicts import CellKey

if TYPE_CHECKING:
    from workbench.session.project import Project

_VARIANT = re.compile(r" \(merged(?: \d+)?\)$")


@dataclass(frozen=True)
class Conflict:
    """One cell on which reviewers' values differ after parsing, with any consensus."""

    key: CellKey
    study_id: int | None  # None for an outcome-level item (a certainty judgement)
    study: str
    comparison: str | None
    outcome: str | None
    outcome_id: int | None
    timepoint: str
    field: str
    values: dict[str, Any]
    sources: dict[str, str] = field(default_factory=dict)
    consensus: tuple | None = None  # (value, resolved by, resolved at, reason)

    @property
    def resolved(self) -> bool:
        return self.consensus is not None

    def to_json(self) -> dict[str, Any]:
        """The cli.md entry, plus `key`, `timepoint` and `sources`."""
        study = None if self.key[0] == "grade" else self.study
        doc = {"study": study, "comparison": self.comparison, "outcome": self.outcome,
               "field": self.field, "values": {k: _plain(v) for k, v in self.values.items()},
               "resolved": self.resolved, "timepoint": self.timepoint,
               "sources": self.sources, "key": key_to_text(self.key)}
        if self.consensus is not None:
            value, by, at, reason = self.consensus
            doc.update(value=_plain(value), by=by, reason=reason, resolved_at=at)
        return doc


def _plain(value: Any) -> Any:
    """Whole numbers print as integers: a count of 14 is 14, not 14.0."""
    return int(value) if isinstance(value, float) and value.is_integer() else value


def key_to_text(key: CellKey) -> str:
    """A cell key as one string (for the GUI and scripts): "result:12:events_1"."""
    if key[0] == "rob":
        _, tool, study_id, outcome_id, item = key
        return f"rob:{tool}:{study_id}:{'-' if outcome_id is None else outcome_id}:{item}"
    return f"{key[0]}:{key[1]}:{key[2]}"  # result, study and grade keys alike


def key_from_text(text: str) -> CellKey:
    kind = text.split(":", 1)[0]
    if kind == "rob":
        _, tool, study_id, outcome_id, item = text.split(":", 4)
        return ("rob", tool, int(study_id), None if outcome_id == "-" else int(outcome_id), item)
    if kind in ("result", "study", "grade"):
        _, cell_id, name = text.split(":", 2)
        return (kind, int(cell_id), name)
    raise ValueError(f"not a cell key: {text!r}")


# --- conflicts --------------------------------------------------------------------------
def all_cells(project: Project) -> list[Conflict]:
    """Every cell that two or more reviewers filled, agreeing or not, with its consensus."""
    store = project.store
    agreed = queries.consensus_rows(store)
    cells: dict[CellKey, dict[str, Any]] = {}
    for rid, sid, study, comp, outc, oid, tp, name, reviewer, value, source in \
            queries.result_cells(store):
        _add(cells, ("result", rid, name), reviewer, value, source,
             dict(study_id=sid, study=study, comparison=comp, outcome=outc, outcome_id=oid,
                  timepoint=tp, field=name))
    for sid, study, name, reviewer, value, source in queries.study_cells(store):
        _add(cells, ("study", sid, name), reviewer, value, source,
             dict(study_id=sid, study=study, comparison=None, outcome=None, outcome_id=None,
                  timepoint="", field=name))
    answers = [row for row in queries.rob_items(store)
               if row[6] != "overall" and not row[6].endswith(":judgement")]
    for tool, sid, study, oid, comp, outc, item, reviewer, value, source in \
            answers + final_judgement_items(store):
        _add(cells, ("rob", tool, sid, oid, item), reviewer, value, source,
             dict(study_id=sid, study=study, comparison=comp, outcome=outc, outcome_id=oid,
                  timepoint="", field=f"{tool}:{item}"))
    for oid, comp, outc, domain, reviewer, level, reason in \
            certainty_store.all_judgement_items(store):
        _add(cells, ("grade", oid, domain), reviewer, level, reason,
             dict(study_id=None, study="", comparison=comp, outcome=outc, outcome_id=oid,
                  timepoint="", field=f"grade:{domain}"))
    return [Conflict(key=key, consensus=agreed.get(key), **cell)
            for key, cell in cells.items() if len(cell["values"]) > 1]


def _add(cells: dict, key: CellKey, reviewer: str, value: Any, source: str,
         place: dict[str, Any]) -> None:
    cell = cells.setdefault(key, {**place, "values": {}, "sources": {}})
    cell["values"][reviewer] = value
    cell["sources"][reviewer] = source or ""


def list_conflicts(project: Project, outcome: int | None = None,
                   include_resolved: bool = False) -> list[Conflict]:
    """Cells where reviewers differ; `outcome` (an id) keeps that outcome's cells and the
    study-level cells of its studies. Resolved ones only with `include_resolved`."""
    found = [c for c in all_cells(project)
             if differ(list(c.values.values())) and (include_resolved or not c.resolved)]
    if outcome is None:
        return found
    studies = {r["study_id"] for r in project.store.results(outcome)}
    return [c for c in found if c.outcome_id == outcome
            or (c.outcome_id is None and c.study_id in studies)]


# --- agreement --------------------------------------------------------------------------
def agreement(project: Project) -> dict[str, Any]:
    """The `agreement --json` document of cli.md."""
    cells = all_cells(project)
    extraction = [c for c in cells if c.key[0] not in ("rob", "grade")]
    agreed = sum(1 for c in extraction if not differ(list(c.values.values())))
    return {"reviewers": queries.reviewers_with_data(project.store),
            "extraction": {"cells_compared": len(extraction), "cells_agreed": agreed,
                           "percent": percent_agreement(agreed, len(extraction))},
            "rob": _rob_agreement([c for c in cells if c.key[0] == "rob"]),
            "grade": _grade_agreement([c for c in cells if c.key[0] == "grade"])}


def _grade_agreement(cells: list[Conflict]) -> dict[str, dict[str, Any]]:
    """Kappa per certainty domain over the outcomes both (the first two) reviewers judged."""
    pairs: dict[str, list[tuple]] = defaultdict(list)
    for cell in cells:
        first, second = list(cell.values.values())[:2]
        pairs[cell.key[2]].append((first, second))
    return {domain: _kappa_json(found) for domain, found in sorted(pairs.items())}


def _rob_agreement(cells: list[Conflict]) -> dict[str, dict[str, Any]]:
    """Kappa per tool and domain over the results both reviewers judged.

    Cohen's kappa is for two raters: with more than two reviewers on a result, the first two
    (in the order they joined the project) are paired.
    """
    pairs: dict[str, dict[str, list[tuple]]] = defaultdict(lambda: defaultdict(list))
    for cell in cells:
        tool, item = cell.key[1], cell.key[4]
        if item != "overall" and not item.endswith(":judgement"):
            continue  # answers to signalling questions are conflicts, not agreement items
        domain = item.split(":")[0]
        first, second = list(cell.values.values())[:2]
        pairs[tool][domain].append((first, second))
    return {tool: {domain: _kappa_json(pairs_) for domain, pairs_ in sorted(domains.items())}
            for tool, domains in sorted(pairs.items())}


def _kappa_json(pairs: list[tuple]) -> dict[str, Any]:
    result = cohen_kappa(pairs)
    return {"n": result.n, "percent": result.percent, "kappa": result.kappa,
            "kappa_ci_lower": result.ci_lower, "kappa_ci_upper": result.ci_upper}


# --- blind mode -------------------------------------------------------------------------
def base_reviewer(name: str) -> str:
    """The person behind a merge variant: "Ann (merged 2)" is Ann's."""
    return _VARIANT.sub("", name)


def hidden_studies(project: Project, reviewer: str, study_ids: set[int]) -> set[int]:
    """hidden_for over many studies in two queries (the grid asks on every edit)."""
    entered = queries.study_reviewers(project.store)
    finished = queries.finished_by_study(project.store)
    return {sid for sid in study_ids
            if _hidden(reviewer, entered.get(sid, set()), finished.get(sid, set()))}


def _hidden(reviewer: str, entered: set[str], finished: set[str]) -> bool:
    others = {base_reviewer(n) for n in entered}
    others.discard(reviewer)
    if not others:
        return False  # nothing of anyone else's to hide
    done = {base_reviewer(n) for n in finished}
    return not ({reviewer} | others) <= done


def hidden_for(project: Project, reviewer: str, study_id: int) -> bool:
    """Blind mode: other reviewers' values of a study stay hidden from `reviewer` until every
    reviewer who extracted it (and `reviewer`) has marked it finished."""
    store = project.store
    return _hidden(reviewer, queries.reviewers_of_study(store, study_id),
                   queries.finished_reviewers(store, study_id))
