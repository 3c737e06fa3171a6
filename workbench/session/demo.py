"""Build the bundled demo review (ketamine for chronic pain, illustrative) from its data file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from workbench.core.model import FIELDS_BY_TYPE, AnalysisSettings, DataType
from workbench.io.resources import load_json_resource
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


def _add_outcome(store: Store, comparison_id: int, outcome: dict[str, Any]) -> int:
    settings = AnalysisSettings(measure=outcome["measure"], method=outcome["method"])
    outcome_id = store.add_outcome(comparison_id, outcome["label"],
                                   DataType(outcome["data_type"]), settings)
    if "favours" in outcome:  # a beneficial outcome: higher risk ratios favour ketamine
        store.set_favours(outcome_id, *outcome["favours"])
    return outcome_id
