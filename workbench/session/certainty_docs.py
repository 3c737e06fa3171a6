"""The documents of the certainty exports and the GUI's text panel: per comparison, the SoF
and grade reports with the methods paragraph and results sentences built from the project."""

from __future__ import annotations

from typing import Any

from workbench.core.grade.document import CertaintyDocument
from workbench.core.grade.methods_text import (
    OutcomeMethods,
    methods_paragraph,
    results_sentence,
)
from workbench.core.rob.tools import load_tools
from workbench.session.certainty import grade_report
from workbench.session.exporting import ExportError
from workbench.session.scenario import Scenario
from workbench.session.sof import comparison_table
from workbench.storage import rob_store
from workbench.storage.store import Store


def comparison_ids(store: Store, comparison: str | None) -> list[int]:
    """Every comparison, or the one named; an unknown name lists the known ones."""
    found = [c.id for c in store.comparisons() if comparison in (None, c.label)]
    if comparison is not None and not found:
        known = ", ".join(c.label for c in store.comparisons()) or "none"
        raise ExportError(f"--comparison {comparison!r}: no such comparison in this project; "
                          f"comparisons are: {known}")
    return found


def rob_tool_names(store: Store) -> list[str]:
    """The risk-of-bias tools the project's assessments use, by their published names."""
    return [tool.name for tool in load_tools().values()
            if rob_store.has_assessments(store, tool.id)]


def grade_of_comparison(store: Store, comparison_id: int,
                        scenario: Scenario | None = None) -> dict[str, Any]:
    """The `grade --json` document restricted to one comparison's outcomes."""
    outcomes = []
    for outcome in store.outcomes(comparison_id):
        outcomes.extend(grade_report(store, outcome.id, None, scenario)["outcomes"])
    return {"outcomes": outcomes}


def certainty_document(store: Store, comparison_id: int, baselines: dict | None = None,
                       scenario: Scenario | None = None,
                       rob_tools: list[str] | None = None) -> CertaintyDocument:
    sof = comparison_table(store, comparison_id, baselines, scenario)
    grade = grade_of_comparison(store, comparison_id, scenario)
    return assemble(store, comparison_id, sof, grade,
                    rob_tool_names(store) if rob_tools is None else rob_tools)


def assemble(store: Store, comparison_id: int, sof: dict[str, Any], grade: dict[str, Any],
             rob_tools: list[str]) -> CertaintyDocument:
    """The document around a comparison's `sof` and `grade` reports: units, the methods
    paragraph from the stored settings, a results sentence per SoF row."""
    outcomes = store.outcomes(comparison_id)
    by_name = {o.label: o for o in outcomes}
    methods = methods_paragraph(
        [OutcomeMethods(o.label, str(o.data_type), o.settings) for o in outcomes], rob_tools)
    grade_by_name = {o["outcome"]: o for o in grade.get("outcomes") or []}
    results = [results_sentence(row, grade_by_name.get(row["outcome"]),
                                by_name[row["outcome"]].settings.ci_level
                                if row["outcome"] in by_name else 0.95)
               for row in sof["rows"]]
    return CertaintyDocument(sof=sof, grade=grade,
                             review_title=store.review().get("title") or "",
                             units={o.label: o.units for o in outcomes if o.units},
                             methods=methods, results=results)


def certainty_documents(store: Store, comparison: str | None = None,
                        baselines: dict | None = None,
                        scenario: Scenario | None = None) -> list[CertaintyDocument]:
    """One document per comparison (or the one named), for the SoF and profile exports."""
    tools = rob_tool_names(store)
    return [certainty_document(store, cid, baselines, scenario, tools)
            for cid in comparison_ids(store, comparison)]
