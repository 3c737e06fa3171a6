"""Import each shared .rm5, export it, import the export: nothing changes (issue 12)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "io"))
from rm5_canonical import SHARED_RM5, differences  # noqa: E402

from workbench.io.rm5.writer import write_rm5  # noqa: E402
from workbench.session.project import Project  # noqa: E402
from workbench.session.revman_compute import compute  # noqa: E402
from workbench.session.revman_export import review_for_export  # noqa: E402
from workbench.session.revman_import import import_review  # noqa: E402
from workbench.storage.revman_store import revman_outcome  # noqa: E402

# RevMan 5.0 stored P_Q = 0 for an outcome without subgroups; 5.2 and later store 1, and we
# write what a current RevMan writes (Fleiss1993.rm5 is from 5.0.23, the others 5.2+).
VERSION_DIFFERENCES = {"Fleiss1993.rm5": ["<DICH_OUTCOME ID=CMP-001.01>: P_Q '0.0' vs '1.0'"]}


def content(project) -> dict:
    """Every value, setting and recomputed result, keyed by names rather than row ids."""
    store = project.store
    found: dict = {"title": store.review()["title"], "years": {
        store.study_label(k): v for k, v in store.study_years().items()},
        "characteristics": {s.label: store.study_characteristics(s.id) for s in store.studies()}}
    for comparison in store.comparisons():
        for outcome in store.outcomes(comparison.id):
            key = (comparison.label, outcome.label)
            computed = compute(store, outcome.id)
            found[key] = {
                "settings": (outcome.data_type, outcome.settings, outcome.favours_left,
                             outcome.favours_right, outcome.units, comparison.group_label_1),
                "revman": revman_outcome(store, outcome.id),
                "rows": [(r.study, r.timepoint, {f: s.values for f, s in r.cells.items()})
                         for r in computed.data.rows],
                "results": (computed.outcome, computed.subgroups, computed.row_attrs)}
    found["rob"] = sorted(store.execute(
        "SELECT s.label, j.domain, j.judgement, j.override_reason FROM rob_judgements j "
        "JOIN rob_assessments a ON a.id = j.assessment_id JOIN studies s ON s.id = a.study_id"))
    return found


@pytest.mark.parametrize("path", SHARED_RM5, ids=[p.name for p in SHARED_RM5])
def test_rm5_round_trip_changes_nothing(path, tmp_path):
    first = Project.create(tmp_path / "first.wbproj")
    import_review(first, path, reviewer="Ann")
    exported = tmp_path / "export.rm5"
    review, notes = review_for_export(first.store)
    write_rm5(review, exported)
    second = Project.create(tmp_path / "second.wbproj")
    report = import_review(second, exported, reviewer="Ann")
    assert notes == [] and report.check.differences == []
    assert content(second) == content(first)
    first.close()
    second.close()
    found, compared = differences(path, exported)
    assert found == VERSION_DIFFERENCES.get(path.name, [])
    assert compared > 200  # the comparison really looked at the analyses
