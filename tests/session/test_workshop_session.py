"""The workshop's session layer: what-if toggles as Scenarios, SoF cells and their changes."""

from __future__ import annotations

from dataclasses import replace

from workbench.core.model import AnalysisSettings, DataType
from workbench.session import whatif as wi
from workbench.session.certainty import sof_report
from workbench.session.etd import etd_report
from workbench.session.workshop import (
    changed_cells,
    high_rob_results,
    outcome_slide,
    sof_cells,
)

REML = AnalysisSettings(measure="RR", method="REML")


def test_fixed_random_toggle_goes_to_mantel_haenszel_and_back():
    w = wi.toggle_model(wi.WhatIf(1), REML, DataType.DICHOTOMOUS)
    assert w.settings.method == "MH" and not w.settings.hksj
    assert wi.toggle_model(w, REML, DataType.DICHOTOMOUS).settings is None  # back: stored
    md = AnalysisSettings(measure="MD", method="REML")
    assert wi.toggle_model(wi.WhatIf(1), md, DataType.CONTINUOUS).settings.method == "FE"


def test_tau2_estimators_cycle_and_hksj_has_no_effect_under_mh():
    w = wi.next_tau2(wi.WhatIf(1), REML)
    assert w.settings.method == "ML"  # the estimator after REML in core.model.RANDOM_METHODS
    mh = replace(REML, method="MH")
    assert wi.toggle_hksj(wi.WhatIf(1), mh) == wi.WhatIf(1)
    assert wi.toggle_hksj(wi.WhatIf(1), REML).settings.hksj is True


def test_leave_one_out_walks_the_studies_then_none():
    w = wi.WhatIf(1)
    seen = []
    for _ in range(4):
        w = wi.next_left_out(w, [11, 12, 13])
        seen.append(w.left_out)
    assert seen == [11, 12, 13, None]


def test_scenario_of_the_toggles():
    w = wi.WhatIf(7, settings=replace(REML, method="DL"), without_high_rob=True, left_out=3,
                  baseline_risk=0.2)
    scenario = w.scenario(frozenset({1, 2}))
    assert scenario.excluded == frozenset({1, 2, 3})
    assert scenario.settings_for(7, REML).method == "DL"
    assert scenario.baselines_for(7, ())[0].risk == 0.2
    assert wi.WhatIf(7).scenario().is_empty


def test_a_slide_under_a_what_if_is_the_sof_report_under_the_same_scenario(demo_project):
    high = high_rob_results(demo_project, 1)
    assert high  # the demo has studies judged at high risk of bias for outcome 1
    scenario = wi.WhatIf(1, without_high_rob=True).scenario(high)
    slide = outcome_slide(demo_project, 1, scenario)
    expected = sof_report(demo_project.store, 1, scenario=scenario)["rows"][0]
    assert slide.sof_row == expected
    stored = outcome_slide(demo_project, 1)
    changed = changed_cells(sof_cells(stored.sof_row), sof_cells(slide.sof_row))
    assert "Participants (studies)" in changed
    assert slide.result.k < stored.result.k
    # Nothing was written by looking.
    assert demo_project.store.outcome(1).settings == stored.data.outcome.settings


def test_sof_cells_of_a_missing_row_are_dashes():
    assert set(sof_cells(None).values()) == {"—"}


def test_proposals_follow_importance_and_direction(demo_project):
    store = demo_project.store
    for outcome in store.outcomes():
        store.set_outcome_attribute(outcome.id, "importance", 8)
    store.set_outcome_attribute(1, "higher_is_better", True)  # pain relief: more is good
    document = etd_report(store)
    desirable = next(c for c in document["criteria"] if c["id"] == "desirable_effects")
    assert desirable["proposed"]["judgement"] is not None
    first = store.outcome(1).label
    assert any(line.startswith(first) for line in desirable["evidence_from_sof"])
    certainty = next(c for c in document["criteria"] if c["id"] == "certainty")
    rows = sof_report(store, 1)["rows"]
    lowest = min(r["certainty"] for r in rows if r["certainty"] is not None)
    assert certainty["proposed"]["judgement"] == {1: "Very low", 2: "Low", 3: "Moderate",
                                                  4: "High"}[lowest]
