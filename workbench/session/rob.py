"""Risk-of-bias state of a result and per-outcome tables of final judgements for figures."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

from workbench.core.rob.evaluator import (
    INCOMPLETE,
    AnswerError,
    Evaluation,
    evaluate,
    overall_from_judgements,
)
from workbench.core.rob.model import Domain, Question, ToolDefinition
from workbench.core.rob.robvis import RobvisStudy
from workbench.core.rob.tools import get_tool, load_tools
from workbench.storage import rob_store
from workbench.storage.rob_store import Answer, Assessment, Judgement
from workbench.storage.store import Store

# RoB 2's randomization domain describes the trial, not one of its results: it is assessed
# once per study and reviewer, on the study-level assessment (outcome_id NULL), and every
# result-level assessment of that study reads it from there. Cluster trials share D1a only;
# D1b (recruitment after randomization) can differ between outcomes measured in different
# participants. ROBINS-I confounding depends on the outcome, so nothing is shared there.
SHARED_DOMAINS: dict[str, tuple[str, ...]] = {"rob2": ("D1",), "rob2-cluster": ("D1a",)}
OVERALL = "overall"


def storage_outcome(tool: ToolDefinition, domain_id: str, outcome_id: int | None) -> int | None:
    """The outcome_id of the assessment row that holds `domain_id` for this result."""
    return None if domain_id in SHARED_DOMAINS.get(tool.id, ()) else outcome_id


def find_question(tool: ToolDefinition, question_id: str) -> tuple[Domain, Question] | None:
    """The domain and (first variant's) question with this id; None if the tool lacks it."""
    for domain in tool.domains:
        for variant in domain.variants:
            for question in variant.questions:
                if question.id == question_id:
                    return domain, question
    return None


def allowed_answers(tool: ToolDefinition, question_id: str) -> set[str]:
    """Codes any variant of the question offers (variants may differ, e.g. 2.3 and NA)."""
    return {code for d in tool.domains for v in d.variants for q in v.questions
            if q.id == question_id for code in q.answers}


@dataclass(frozen=True)
class ResultState:
    """One reviewer's view of one result: merged stored items, proposals and final judgements."""

    tool: ToolDefinition
    study_id: int
    outcome_id: int | None
    answers: dict[str, Answer]
    judgements: dict[str, Judgement]
    effect: str | None
    deviations: tuple[str, ...]
    overall: str | None
    overall_reason: str
    evaluation: Evaluation
    finals: dict[str, str | None] = field(default_factory=dict)
    overall_proposal: str | None = None
    overall_final: str | None = None
    exists: bool = False

    def proposal(self, domain_id: str) -> str | None:
        """The algorithm's level label for a domain; None if incomplete or reviewer-judged."""
        if domain_id == OVERALL:
            return self.overall_proposal
        judgement = self.evaluation.domains[domain_id].judgement
        return None if judgement in (None, INCOMPLETE) else judgement


def safe_evaluate(tool: ToolDefinition, answers: dict[str, str], effect: str | None,
                  deviations: tuple[str, ...]) -> Evaluation:
    """Evaluate; a context still being filled in (adherence, nothing ticked yet) leaves the
    variant domains incomplete instead of failing the whole form."""
    try:
        return evaluate(tool, answers, effect, deviations)
    except AnswerError:
        return evaluate(tool, {q: a for q, a in answers.items()
                               if a in allowed_answers(tool, q)}, None, ())


def result_state(store: Store, tool: ToolDefinition, reviewer_id: int | None, study_id: int,
                 outcome_id: int | None) -> ResultState:
    """Merge the study-level and result-level assessments of one reviewer and evaluate."""
    study = _load(store, reviewer_id, tool.id, study_id, None)
    result = _load(store, reviewer_id, tool.id, study_id, outcome_id) if outcome_id else None
    main = result or study
    answers: dict[str, Answer] = {}
    judgements: dict[str, Judgement] = {}
    for domain in tool.domains:
        # Without a result-level row, a whole-study assessment applies to every result.
        source = study if storage_outcome(tool, domain.id, outcome_id) is None else main
        if source is None:
            continue
        answers.update({q: a for q, a in source.answers.items() if q in domain.question_ids})
        if domain.id in source.judgements:
            judgements[domain.id] = source.judgements[domain.id]
    effect = main.effect if main else None
    deviations = main.deviations if main else ()
    evaluation = safe_evaluate(tool, {q: a.answer for q, a in answers.items()}, effect,
                               deviations)
    state = ResultState(tool, study_id, outcome_id, answers, judgements, effect, deviations,
                        main.overall if main else None, main.overall_reason if main else "",
                        evaluation, exists=result is not None or _whole_study(tool, study))
    return _with_finals(state)


def _whole_study(tool: ToolDefinition, study: Assessment | None) -> bool:
    """A study-level row that holds more than the shared domain is a whole-study assessment;
    one holding only the shared D1 does not make every outcome of the study 'assessed'."""
    if study is None:
        return False
    shared = SHARED_DOMAINS.get(tool.id, ())
    shared_questions = {q for d in shared for q in tool.domain(d).question_ids}
    return bool(set(study.answers) - shared_questions or set(study.judgements) - set(shared)
                or study.overall is not None or study.effect is not None)


def _load(store: Store, reviewer_id: int | None, tool_id: str, study_id: int,
          outcome_id: int | None) -> Assessment | None:
    if reviewer_id is None:
        return None
    found = rob_store.find_assessment(store, reviewer_id, tool_id, study_id, outcome_id)
    return None if found is None else rob_store.get_assessment(store, found)


def _with_finals(state: ResultState) -> ResultState:
    """Final judgement = the reviewer's where set, else the algorithm's proposal; overall
    likewise, its proposal being the tool's overall rule over the final domain judgements."""
    finals: dict[str, str | None] = {}
    for domain in state.tool.domains:
        stored = state.judgements.get(domain.id)
        chosen = stored.judgement if stored is not None else None
        finals[domain.id] = chosen if chosen is not None else state.proposal(domain.id)
    proposal = overall_from_judgements(state.tool, finals)
    final = state.overall if state.overall is not None else proposal
    return replace(state, finals=finals, overall_proposal=proposal, overall_final=final)


@dataclass(frozen=True)
class RobRow:
    """A study's final judgements per domain id and overall (None: not judged or disputed)."""

    study_id: int
    study: str
    domains: dict[str, str | None]
    overall: str | None
    conflicts: tuple[str, ...] = ()


@dataclass(frozen=True)
class RobTable:
    tool: ToolDefinition
    outcome_id: int | None
    rows: tuple[RobRow, ...]

    def for_forest(self) -> dict[str, dict[str, str | None]]:
        """study -> {D1 .. Dn, Overall}, the mapping ForestPlotWidget.set_data(rob=) takes;
        a judgement the reviewers dispute is "Disputed", never shown as a level."""
        def shown(row: RobRow, key: str, value: str | None) -> str | None:
            return "Disputed" if key in row.conflicts else value

        return {row.study: {**{d.short: shown(row, d.id, row.domains.get(d.id))
                               for d in self.tool.domains},
                            "Overall": shown(row, OVERALL, row.overall)} for row in self.rows}

    def legend(self) -> tuple[str, ...]:
        """'D1: Bias arising from the randomization process', ... for a figure's legend."""
        return tuple(f"{d.short}: {d.name}" for d in self.tool.domains)


def rob_table(project, tool_id: str, outcome_id: int | None,
              reviewer: str | None = None) -> RobTable:
    """Final judgements of every study assessed with the tool for the outcome (or at study
    level when `outcome_id` is None), by one reviewer or, without one, agreed: the consensus
    where recorded, else the value all reviewers who judged share; disputed cells are None."""
    store: Store = project.store
    tool = get_tool(tool_id)
    if not rob_store.has_assessments(store, tool_id):
        return RobTable(tool, outcome_id, ())  # nothing to evaluate, study by study
    reviewer_ids = _reviewer_ids(store, reviewer)
    consensus = rob_store.consensus_items(store, tool_id) if reviewer is None else {}
    rows = []
    for study_id, label in _studies(store, outcome_id):
        states = [s for rid in reviewer_ids
                  if (s := result_state(store, tool, rid, study_id, outcome_id)).exists]
        if states:
            agreed = _agree(tool, states, _consensus_for(tool, consensus, study_id, outcome_id))
            rows.append(RobRow(study_id, label, *agreed))
    return RobTable(tool, outcome_id, tuple(rows))


def _reviewer_ids(store: Store, reviewer: str | None) -> list[int]:
    if reviewer is None or reviewer == "consensus":
        return [r.id for r in store.reviewers()]
    found = store.reviewer_id(reviewer)
    if found is None:
        raise KeyError(f"no reviewer called {reviewer!r}")
    return [found]


def _studies(store: Store, outcome_id: int | None) -> list[tuple[int, str]]:
    if outcome_id is None:
        return [(s.id, s.label) for s in store.studies()]
    seen = dict.fromkeys((r["study_id"], r["study"]) for r in store.results(outcome_id))
    return list(seen)


def _consensus_for(tool: ToolDefinition, consensus: dict, study_id: int,
                   outcome_id: int | None) -> dict[str, str]:
    """Agreed judgements by domain id (and OVERALL), each read where the domain is stored."""
    agreed = {}
    for domain in tool.domains:
        items = consensus.get((study_id, storage_outcome(tool, domain.id, outcome_id)), {})
        if f"{domain.id}:judgement" in items:
            agreed[domain.id] = items[f"{domain.id}:judgement"]
    overall = consensus.get((study_id, outcome_id), {}).get(OVERALL)
    if overall is not None:
        agreed[OVERALL] = overall
    return agreed


def _agree(tool: ToolDefinition, states: list[ResultState], agreed: dict[str, str]
           ) -> tuple[dict[str, str | None], str | None, tuple[str, ...]]:
    domains: dict[str, str | None] = {}
    conflicts = []
    for key in [d.id for d in tool.domains] + [OVERALL]:
        values = {s.overall_final if key == OVERALL else s.finals.get(key) for s in states}
        values.discard(None)
        if key in agreed:
            domains[key] = agreed[key]
        elif len(values) <= 1:
            domains[key] = next(iter(values), None)
        else:
            domains[key] = None
            conflicts.append(key)
    overall = domains.pop(OVERALL)
    return domains, overall, tuple(conflicts)


def outcome_weights(project, outcome_id: int, reviewer: str | None = None) -> dict[str, float]:
    """Percent weight of each study in the outcome's meta-analysis (its stored settings)."""
    from workbench.session.analysis import load_outcome

    _rows, result = load_outcome(project.store, outcome_id).analyse(reviewer=reviewer)
    weights: dict[str, float] = {}
    for study in result.studies:
        weights[study.study] = weights.get(study.study, 0.0) + (study.weight or 0.0)
    return weights


def robvis_studies(table: RobTable, weights: dict[str, float] | None = None
                   ) -> list[RobvisStudy]:
    """Rows for a robvis CSV; a study missing from `weights` gets None (refused later)."""
    return [RobvisStudy(row.study, row.domains, row.overall,
                        None if weights is None else weights.get(row.study))
            for row in table.rows]


def export_robvis(project, out: Path, outcome_id: int | None = None,
                  reviewer: str | None = None, weighted: bool = False) -> list[Path]:
    """One robvis CSV per tool x outcome with assessments, into folder `out`; or the single
    file `out` (a .csv path) when exactly one table results. Returns the paths written."""
    from workbench.core.rob.tools import load_tools
    from workbench.io.robvis import file_name, write_robvis_csv

    outcomes = [o for o in project.store.outcomes() if outcome_id in (None, o.id)]
    tables = [(o, rob_table(project, tool_id, o.id, reviewer)) for tool_id in load_tools()
              for o in outcomes]
    tables = [(o, t) for o, t in tables if t.rows]
    if not tables:
        raise ValueError("no risk-of-bias assessments to export")
    single = out.suffix.lower() == ".csv"
    if single and len(tables) > 1:
        raise ValueError(f"{out}: {len(tables)} tables to write; give a folder or --outcome")
    if not single:
        out.mkdir(parents=True, exist_ok=True)
    written = []
    for outcome, table in tables:
        weights = outcome_weights(project, outcome.id, reviewer) if weighted else None
        target = out if single else out / file_name(table.tool.id, outcome.label)
        written.append(write_robvis_csv(target, table.tool, robvis_studies(table, weights),
                                        weighted))
    return written


DISPUTED_LABEL = "Reviewers disagree"


def summary_proportions(table: RobTable, weights: dict[str, float] | None = None
                        ) -> list[tuple[str, dict[str, float]]]:
    """Per domain (and Overall): robvis label -> share of studies (0-1), unweighted or
    weighted by `weights` (study -> weight; studies without one count 0)."""
    from workbench.core.rob.robvis import robvis_label

    columns = [(d.short, d.id) for d in table.tool.domains] + [("Overall", OVERALL)]
    out = []
    for title, key in columns:
        shares: dict[str, float] = {}
        for row in table.rows:
            value = row.overall if key == OVERALL else row.domains.get(key)
            # An unresolved disagreement is not "No information": the summary says so.
            label = (DISPUTED_LABEL if key in row.conflicts
                     else robvis_label(table.tool, value))
            weight = 1.0 if weights is None else (weights.get(row.study) or 0.0)
            shares[label] = shares.get(label, 0.0) + weight
        total = sum(shares.values())
        out.append((title, {k: v / total for k, v in shares.items()} if total else {}))
    return out


def final_judgement_items(store: Store) -> list[tuple]:
    """Every reviewer's FINAL judgements (stored, else the algorithm's proposal) as conflict
    items: (tool, study_id, study, outcome_id, comparison, outcome, item, reviewer, value,
    source). Comparing stored judgements alone would miss every judgement the algorithm made.
    A shared domain (RoB 2's D1) is one item per study, keyed with outcome None."""
    names = {r.id: r.name for r in store.reviewers()}
    places = _outcome_places(store)
    items: dict[tuple, tuple] = {}
    for tool in load_tools().values():
        for assessment in rob_store.assessments(store, tool.id):
            # A study-level row holding only the shared domain speaks for that domain alone.
            shared_only = assessment.outcome_id is None and not _whole_study(tool, assessment)
            state = result_state(store, tool, assessment.reviewer_id, assessment.study_id,
                                 assessment.outcome_id)
            label = store.study_label(assessment.study_id)
            finals = [(d, storage_outcome(tool, d, assessment.outcome_id), value)
                      for d, value in state.finals.items()
                      if not shared_only or d in SHARED_DOMAINS.get(tool.id, ())]
            if not shared_only:
                finals.append((OVERALL, assessment.outcome_id, state.overall_final))
            for domain, outcome_id, value in finals:
                if value is None:
                    continue
                item = OVERALL if domain == OVERALL else f"{domain}:judgement"
                comparison, outcome = places.get(outcome_id, (None, None))
                key = (tool.id, assessment.study_id, outcome_id, item, assessment.reviewer_id)
                items[key] = (tool.id, assessment.study_id, label, outcome_id, comparison,
                              outcome, item, names[assessment.reviewer_id], value, "")
    return list(items.values())


def _outcome_places(store: Store) -> dict[int, tuple[str, str]]:
    comparisons = {c.id: c.label for c in store.comparisons()}
    return {o.id: (comparisons[o.comparison_id], o.label) for o in store.outcomes()}
