"""What the workshop shows of one outcome: its analysis, SoF row and certainty under a what-if."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from workbench.core.meta import MetaInputError
from workbench.core.model import StudyRow
from workbench.core.results import MetaResult
from workbench.session.analysis import OutcomeData, load_outcome
from workbench.session.certainty import grade_report, sof_report
from workbench.session.rob import rob_table
from workbench.session.scenario import Scenario

ROB_TOOL = "rob2"  # the judgements beside the forest plot, as on the working screen


@dataclass(frozen=True)
class OutcomeSlide:
    """One outcome as the panel sees it: forest plot inputs, SoF row, certainty."""

    data: OutcomeData
    rows: tuple[StudyRow, ...]
    result: MetaResult | None
    error: str | None
    rob: dict | None  # study -> {domain: judgement}, for the forest plot's dots
    sof_row: dict[str, Any] | None
    grade: dict[str, Any] | None  # this outcome's entry of `grade --json`


def analyse_under(data: OutcomeData, scenario: Scenario
                  ) -> tuple[OutcomeData, list[StudyRow], MetaResult | None, str | None]:
    """The outcome analysed with the scenario's settings, without its left-out results."""
    settings = scenario.settings_for(data.outcome.id, data.outcome.settings)
    data = replace(data, outcome=replace(data.outcome, settings=settings))
    # One pooled model, without the subgroup panels: the panel decides on the overall
    # effect, and a plot half as tall stays readable on a projector (the overall numbers
    # are the same with or without subgroups, cli.md).
    rows = [replace(r, subgroup=None)
            for r in data.study_rows(exclude=frozenset(scenario.excluded))]
    try:
        rows, result = data.analyse(rows)
    except MetaInputError as err:
        return data, rows, None, str(err)
    return data, rows, result, None


def outcome_slide(project, outcome_id: int, scenario: Scenario | None = None) -> OutcomeSlide:
    scenario = scenario or Scenario.none()
    data, rows, result, error = analyse_under(load_outcome(project.store, outcome_id),
                                              scenario)
    table = rob_table(project, ROB_TOOL, outcome_id)
    rob = table.for_forest() if table.rows else None
    sof = sof_table(project.store, data.comparison.id, scenario)
    row = next((r for r in sof["rows"] if r["outcome"] == data.outcome.label), None)
    return OutcomeSlide(data, tuple(rows), result, error, rob, row,
                        grade_entry(project.store, outcome_id, scenario))


def grade_entry(store, outcome_id: int, scenario: Scenario) -> dict[str, Any] | None:
    """This outcome's entry of `grade --json` under the scenario."""
    outcomes = grade_report(store, outcome_id, scenario=scenario)["outcomes"]
    return outcomes[0] if outcomes else None


def sof_table(store, comparison_id: int, scenario: Scenario) -> dict[str, Any]:
    """The `sof --json` document of one comparison under the scenario."""
    return sof_report(store, comparison_id, scenario=scenario)


SOF_CELLS = ("Relative effect (95% CI)", "Anticipated absolute effect", "Participants (studies)",
             "Certainty")


def sof_cells(row: dict[str, Any] | None) -> dict[str, str]:
    """The SoF row as the panel reads it, one text per column (for old → new comparisons)."""
    if row is None:
        return dict.fromkeys(SOF_CELLS, "—")
    rel = row.get("relative")
    relative = (f"{row['measure']} {rel['estimate']:.2f} ({rel['ci_lower']:.2f} to "
                f"{rel['ci_upper']:.2f})" if rel and rel.get("estimate") is not None else "—")
    if row.get("absolute"):
        several = len(row["absolute"]) > 1  # one baseline needs no name
        absolute = "\n".join(f"{a['baseline']}: {a['text']}" if several else a["text"]
                              for a in row["absolute"])
    elif row.get("difference"):
        absolute = row["difference"]["text"]
    else:
        absolute = row.get("comment") or "—"
    people = row.get("participants")
    count = f"{people} ({row['studies']})" if people is not None else f"({row['studies']})"
    label = row.get("certainty_label")
    certainty = (f"{label}{' (provisional)' if row.get('provisional') else ''}" if label
                 else "not assessed")
    return dict(zip(SOF_CELLS, (relative, absolute, count, certainty), strict=True))


def changed_cells(old: dict[str, str], new: dict[str, str]) -> dict[str, tuple[str, str]]:
    """The columns a what-if changed: name -> (stored, what-if)."""
    return {k: (old[k], new[k]) for k in old if old[k] != new.get(k)}


def certainty_reasons(grade: dict[str, Any] | None) -> list[tuple[str, str, str]]:
    """(domain, level, reason) of each domain that moves the certainty, else its rule."""
    if grade is None:
        return []
    out = []
    for domain, d in grade["domains"].items():
        level = d["judged"] if d["judged"] is not None else d["suggested"]
        if level:
            source = "judged" if d["judged"] is not None else "suggested"
            out.append((domain.replace("_", " "), f"{level:+d} ({source})",
                        d.get("reason") or d.get("rule") or ""))
    return out


def high_rob_results(project, outcome_id: int) -> frozenset[int]:
    """Result ids of the studies judged at high risk of bias overall (agreed judgements)."""
    table = rob_table(project, ROB_TOOL, outcome_id)
    high = {r.study for r in table.rows if r.overall == "High"}
    return frozenset(r["result_id"] for r in project.store.results(outcome_id)
                     if r["study"] in high)
