"""Build the bundled demo review (ketamine for chronic pain, illustrative) from its data file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from workbench.core.model import FIELDS_BY_TYPE, AnalysisSettings, DataType
from workbench.io.resources import load_json_resource
from workbench.session.command import Context
from workbench.session.commands.rob import SetRobAnswer, SetRobEffect
from workbench.session.project import Project
from workbench.storage import conflicts
from workbench.storage.store import Store, now

DEMO_FILE = ("demo", "ketamine.json")


def write_demo(path: Path | str) -> Path:
    """Create the demo project at `path` (which must not exist yet) and return the path."""
    spec = load_json_resource(*DEMO_FILE)
    project = Project.create(path, spec["review"]["title"])
    try:
        with project.store.db.atomic():
            _fill(project.store, spec)
    finally:
        project.close()
    return Path(path)


def _fill(store: Store, spec: dict[str, Any]) -> None:
    store.set_review_field("question", spec["review"]["question"])
    store.set_review_field("notes", spec["review"]["notes"])
    reviewer_ids = [store.add_reviewer(name) for name in spec["reviewers"]]
    comparison = spec["comparison"]
    comparison_id = store.add_comparison(comparison["label"], *comparison["group_labels"])
    outcome_ids = {o["key"]: _add_outcome(store, comparison_id, o) for o in spec["outcomes"]}
    types = {o["key"]: DataType(o["data_type"]) for o in spec["outcomes"]}
    differences = {(d["study"], d.get("outcome"), d["field"]): d["value"]
                   for d in spec["second_reviewer_differences"]}
    for study in spec["studies"]:
        study_id = store.add_study(study["label"])
        # Both reviewers have finished extracting: the demo is at the reconciling stage,
        # so blind mode shows their disagreements.
        for reviewer_id in reviewer_ids:
            conflicts.set_finished(store, study_id, reviewer_id, now())
        for index, reviewer_id in enumerate(reviewer_ids):
            year = study["year"]
            if index == 1:
                year = differences.get((study["label"], None, "year"), year)
            store.set_study_value(study_id, reviewer_id, "year", year, "demo data file")
        for key, values in study["data"].items():
            result_id = store.add_result(study_id, outcome_ids[key])
            fields = dict(zip(FIELDS_BY_TYPE[types[key]], values or [None] * 9, strict=False))
            fields["subgroup"] = study["condition"]
            for index, reviewer_id in enumerate(reviewer_ids):
                for name, value in fields.items():
                    if index == 1:
                        value = differences.get((study["label"], key, name), value)
                    store.set_value(result_id, reviewer_id, name, value, "demo data file")
    _fill_rob(store, spec, reviewer_ids, outcome_ids)


def _fill_rob(store: Store, spec: dict[str, Any], reviewer_ids: list[int],
              outcome_ids: dict[str, int]) -> None:
    """Each reviewer's RoB 2 answers, written through the same commands the form uses."""
    rob = spec["rob"]
    outcome_id = outcome_ids[rob["outcome"]]
    names = spec["reviewers"]
    studies = {s["label"]: store.study_id(s["label"]) for s in spec["studies"]}
    for index, reviewer_id in enumerate(reviewer_ids):
        ctx = Context(store, reviewer_id, names[index])
        judgements = dict(rob["judgements"])
        if index == 1:
            judgements.update(rob["second_reviewer_judgements"])
        for label, codes in judgements.items():
            _assess(ctx, rob, studies[label], outcome_id, codes)


def _assess(ctx: Context, rob: dict[str, Any], study_id: int, outcome_id: int,
            codes: str) -> None:
    SetRobEffect(study_id, outcome_id, rob["tool"], effect=rob["effect"]).apply(ctx)
    for domain, code in zip(rob["answer_patterns"], codes, strict=True):
        for question, answer in rob["answer_patterns"][domain][code].items():
            SetRobAnswer(study_id, outcome_id, rob["tool"], question=question,
                         answer=answer).apply(ctx)


def _add_outcome(store: Store, comparison_id: int, outcome: dict[str, Any]) -> int:
    settings = AnalysisSettings(measure=outcome["measure"], method=outcome["method"])
    outcome_id = store.add_outcome(comparison_id, outcome["label"],
                                   DataType(outcome["data_type"]), settings)
    if "favours" in outcome:  # a beneficial outcome: higher risk ratios favour ketamine
        store.set_favours(outcome_id, *outcome["favours"])
    for attribute in ("importance", "higher_is_better"):  # GRADE's 1-9 and direction
        if attribute in outcome:
            store.set_outcome_attribute(outcome_id, attribute, outcome[attribute])
    return outcome_id
