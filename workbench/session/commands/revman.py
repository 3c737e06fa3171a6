"""ImportReview: a whole RevMan review into the project as one transaction and one undo step."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from workbench.core.model import AnalysisSettings
from workbench.core.rob.tools import get_tool
from workbench.io.spreadsheet.cells import normalise_label
from workbench.session.changes import Changes
from workbench.session.command import Command, Context
from workbench.session.commands.structure import CommandError
from workbench.session.revman_plan import Plan, PlannedOutcome
from workbench.storage import imports, rob_store
from workbench.storage.revman_store import (
    RevmanOutcome,
    revman_study_ids,
    set_revman_outcome,
    set_revman_study_id,
    set_sort_by,
)
from workbench.storage.rob_store import Judgement
from workbench.storage.store import Store

TEXT_FIELDS = ("subgroup", "notes")
OVERALL = "overall"


@dataclass
class _Undo:
    reviewer_id: int | None = None
    title: str | None = None
    studies: list[int] = field(default_factory=list)
    comparisons: list[int] = field(default_factory=list)
    assessments: list[int] = field(default_factory=list)
    # existing studies: (study id, year before, characteristics before, RevMan ID before)
    study_before: list[tuple[int, tuple | None, dict[str, str], str | None]] = field(
        default_factory=list)
    judgements: list[tuple[int, str, Judgement | None]] = field(default_factory=list)
    headers: list[tuple[int, tuple]] = field(default_factory=list)  # overall judgements


@dataclass
class ImportReview(Command):
    """Comparisons, outcomes (with RevMan's settings), studies, values, RoB judgements and
    characteristics of a RevMan review. Comparisons are new; studies match by label."""

    plan: Plan
    reviewer: str | None = None
    source_name: str = ""
    label: str = "Import RevMan review"
    outcome_ids: list[tuple[int, PlannedOutcome]] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    _reviewer_name: str | None = field(default=None, repr=False)
    _undo: _Undo = field(default_factory=_Undo, repr=False)

    def apply(self, ctx: Context) -> Changes:
        self._reviewer_name = self._reviewer_name or self.reviewer or ctx.reviewer
        self._undo, self.outcome_ids = _Undo(), []
        store = ctx.store
        self._refuse_clashes(store)
        reviewer_id = self._reviewer_id(store)
        if self.plan.title:
            self._undo.title = store.review().get("title", "")
            store.set_review_field("title", self.plan.title)
        studies = _StudyWriter(store, reviewer_id, self._undo).write(self.plan)
        values = self._outcomes(store, reviewer_id, studies)
        assessed = self._rob(store, reviewer_id, studies)
        self.counts = {"studies_added": len(self._undo.studies),
                       "studies_updated": len(self._undo.study_before),
                       "comparisons_added": len(self._undo.comparisons),
                       "outcomes_added": len(self.outcome_ids), "values": values,
                       "rob_judgements": assessed}
        return Changes.all()

    def _refuse_clashes(self, store: Store) -> None:
        for comparison in dict.fromkeys(o.comparison for o in self.plan.outcomes):
            if store.comparison_id(normalise_label(comparison)) is not None:
                raise CommandError(f"{self.source_name}: the project already has a comparison "
                                   f"{comparison!r}; import into a new project or rename it")

    def _reviewer_id(self, store: Store) -> int:
        found = store.reviewer_id(self._reviewer_name)
        if found is not None:
            return found
        self._undo.reviewer_id = store.add_reviewer(self._reviewer_name)
        return self._undo.reviewer_id

    def _outcomes(self, store: Store, reviewer_id: int, studies: dict[str, int]) -> int:
        comparisons: dict[str, int] = {}
        bulk: list[tuple] = []
        for planned in self.plan.outcomes:
            name = normalise_label(planned.comparison)
            if name not in comparisons:
                comparisons[name] = store.add_comparison(name, *planned.group_labels)
                self._undo.comparisons.append(comparisons[name])
            outcome_id = _add_outcome(store, comparisons[name], planned)
            self.outcome_ids.append((outcome_id, planned))
            # A new outcome: rows numbered in file order without a MAX() query per row
            for position, row in enumerate(planned.rows, start=1):
                result_id = imports.add_result_at(store, studies[row.study_id], outcome_id,
                                                  row.timepoint, position)
                bulk.extend(_value_rows(result_id, reviewer_id, row.values, self.source_name))
        store.set_values_bulk(bulk)
        return len(bulk)

    def _rob(self, store: Store, reviewer_id: int, studies: dict[str, int]) -> int:
        opened: dict[tuple[str, int], int] = {}
        for item in self.plan.rob:
            study_id = studies[item.study_id]
            key = (item.tool, study_id)
            if key not in opened:
                opened[key] = self._assessment(store, reviewer_id, item.tool, study_id)
            aid = opened[key]
            if item.domain == OVERALL:
                self._undo.headers.append((aid, rob_store.header(store, aid)))
                rob_store.set_overall(store, aid, item.judgement, item.support)
                continue
            self._undo.judgements.append((aid, item.domain,
                                          rob_store.get_judgement(store, aid, item.domain)))
            rob_store.set_judgement(store, aid, item.domain,
                                    Judgement(item.judgement, item.support, ""))
        return len(self.plan.rob)

    def _assessment(self, store: Store, reviewer_id: int, tool_id: str, study_id: int) -> int:
        found = rob_store.find_assessment(store, reviewer_id, tool_id, study_id, None)
        if found is not None:
            return found
        aid = rob_store.create_assessment(store, reviewer_id, tool_id,
                                          get_tool(tool_id).version, study_id, None)
        self._undo.assessments.append(aid)
        return aid

    def revert(self, ctx: Context) -> Changes:
        store, undo = ctx.store, self._undo
        for aid, domain, before in reversed(undo.judgements):
            if aid not in undo.assessments:
                rob_store.set_judgement(store, aid, domain, before)
        for aid, header in reversed(undo.headers):
            if aid not in undo.assessments:
                rob_store.set_header(store, aid, header)
        for aid in undo.assessments:
            rob_store.delete_assessment(store, aid)
        reviewer_id = store.reviewer_id(self._reviewer_name)
        for study_id, year, characteristics, revman_id in undo.study_before:
            _restore_study(store, study_id, reviewer_id, year, characteristics, revman_id)
        for comparison_id in undo.comparisons:
            store.delete_comparison(comparison_id)
        for study_id in undo.studies:
            store.delete_study(study_id)
        if undo.title is not None:
            store.set_review_field("title", undo.title)
        if undo.reviewer_id is not None:
            store.delete_reviewer(undo.reviewer_id)
        return Changes.all()

    def describe(self) -> str:
        return (f"Import RevMan review {self.plan.title!r} from {self.source_name} as "
                f"{self._reviewer_name or 'reviewer'}")

    def audit(self) -> tuple[Any, Any]:
        return None, dict(self.counts)


def _add_outcome(store: Store, comparison_id: int, planned: PlannedOutcome) -> int:
    ours = planned.settings
    settings: AnalysisSettings = ours.analysis
    outcome_id = store.add_outcome(comparison_id, normalise_label(planned.label),
                                   ours.data_type, settings)
    store.set_favours(outcome_id, *planned.favours)
    if ours.units:
        store.set_outcome_attribute(outcome_id, "units", ours.units)
    set_sort_by(store, outcome_id, ours.sort_by)
    set_revman_outcome(store, outcome_id, RevmanOutcome(
        **ours.extras, group_label_1=planned.group_labels[0],
        group_label_2=planned.group_labels[1], revman_id=planned.source.id or None))
    return outcome_id


def _value_rows(result_id: int, reviewer_id: int, values: dict, source: str) -> list[tuple]:
    rows = []
    for name, value in values.items():
        if name in TEXT_FIELDS:
            rows.append((result_id, reviewer_id, name, None, value, source))
        elif value is not None:
            rows.append((result_id, reviewer_id, name, float(value), None, source))
        else:  # reported as missing: a row with both values NULL (schema v1)
            rows.append((result_id, reviewer_id, name, None, None, source))
    return rows


def _restore_study(store: Store, study_id: int, reviewer_id: int | None, year: tuple | None,
                   characteristics: dict[str, str], revman_id: str | None) -> None:
    if reviewer_id is not None:
        if year is None:
            store.delete_study_value(study_id, reviewer_id, "year")
        else:
            store.set_study_value(study_id, reviewer_id, "year", year[0], year[2])
    for name in ("methods", "participants", "interventions", "outcomes", "notes"):
        store.set_study_characteristic(study_id, name, characteristics.get(name, ""))
    set_revman_study_id(store, study_id, revman_id)


class _StudyWriter:
    """Studies by label (existing ones reused), with year, RevMan ID and characteristics."""

    def __init__(self, store: Store, reviewer_id: int, undo: _Undo):
        self.store, self.reviewer_id, self.undo = store, reviewer_id, undo

    def write(self, plan: Plan) -> dict[str, int]:
        ids: dict[str, int] = {}
        known_ids = revman_study_ids(self.store)
        taken: set[str] = set()
        for study in plan.review.studies.values():
            label = _unique(normalise_label(study.name) or study.id, taken)
            found = self.store.study_id(label)
            if found is None:
                found = self.store.add_study(label)
                self.undo.studies.append(found)
            else:
                self.undo.study_before.append((
                    found, self.store.study_value(found, self.reviewer_id, "year"),
                    self.store.study_characteristics(found), known_ids.get(found)))
            ids[study.id] = found
            self._details(found, study)
        return ids

    def _details(self, study_id: int, study) -> None:
        set_revman_study_id(self.store, study_id, study.raw_id)
        if study.year is not None:
            self.store.set_study_value(study_id, self.reviewer_id, "year", study.year)
        for name, text in study.characteristics.items():
            self.store.set_study_characteristic(study_id, name, text)


def _unique(label: str, taken: set[str]) -> str:
    candidate, number = label, 1
    while candidate in taken:
        number += 1
        candidate = f"{label} ({number})"
    taken.add(candidate)
    return candidate
