"""GRADE from a project's own data: reports, judgements, staleness, conflicts and scenarios."""

from __future__ import annotations

import math

import pytest

from workbench.core.grade.model import Baseline
from workbench.core.model import AnalysisSettings
from workbench.session.certainty import grade_report, sof_report
from workbench.session.commands.certainty import SetCertaintyJudgement
from workbench.session.commands.edits import CellEdit, EditCells
from workbench.session.commands.structure import CommandError
from workbench.session.scenario import Scenario

COMP, OUT = "Drug versus placebo", "Death"
# Two studies worked by hand below: A 10/100 vs 20/100, B 15/50 vs 30/50.
ROWS = [(COMP, OUT, "A", {"events_1": 10, "total_1": 100, "events_2": 20, "total_2": 100}),
        (COMP, OUT, "B", {"events_1": 15, "total_1": 50, "events_2": 30, "total_2": 50})]


@pytest.fixture
def project(empty_project, fill_values):
    fill_values(empty_project.store, "Ann", ROWS)
    empty_project.set_reviewer("Ann")
    return empty_project


def outcome_id(project, label=OUT) -> int:
    return next(o.id for o in project.store.outcomes() if o.label == label)


def use(project, **settings) -> None:
    project.store.set_settings(outcome_id(project), AnalysisSettings(**settings))


def row(project, **kw) -> dict:
    return sof_report(project.store, **kw)["rows"][0]


def test_mantel_haenszel_rr_absolute_effect(project):
    use(project, measure="RR", method="MH")
    r = row(project)
    # MH RR = sum(a n2 / N) / sum(c n1 / N) = (10*100/200 + 15*50/100) / (20*100/200 +
    # 30*50/100) = (5 + 7.5) / (10 + 15) = 0.5. Study population risk = 50/150 = 1/3 -> 333;
    # intervention 0.5/3 = 0.1667 -> 167; difference -166.7 -> -167.
    assert r["relative"]["estimate"] == pytest.approx(0.5)
    a = r["absolute"][0]
    assert (a["risk_comparator_per_1000"], a["risk_intervention_per_1000"],
            a["difference_per_1000"]) == (333, 167, -167)
    assert a["text"].startswith("167 fewer per 1,000")
    assert (r["studies"], r["participants"], r["measure"]) == (2, 300, "RR")


def test_peto_or_absolute_effect(project):
    use(project, measure="OR", method="PETO")
    r = row(project)
    # Peto: A: E = 100*30/200 = 15, O-E = -5, V = 100*100*30*170/(200^2*199) = 6.407035;
    # B: E = 50*45/100 = 22.5, O-E = -7.5, V = 50*50*45*55/(100^2*99) = 6.25.
    # ln OR = -12.5 / 12.657035 = -0.987593, OR = exp(-0.987593) = 0.372472.
    v = 100 * 100 * 30 * 170 / (200 ** 2 * 199) + 50 * 50 * 45 * 55 / (100 ** 2 * 99)
    peto = math.exp(-12.5 / v)
    assert r["relative"]["estimate"] == pytest.approx(peto)
    assert peto == pytest.approx(0.372472, abs=1e-6)
    # risk = OR r / (1 - r + OR r), r = 1/3: 0.124157 / 0.790824 = 0.156997 -> 157;
    # difference 157.0 - 333.3 = -176.3 -> -176.
    a = r["absolute"][0]
    assert (a["risk_intervention_per_1000"], a["difference_per_1000"]) == (157, -176)
    assert r["measure"] == "Peto OR"


def test_risk_difference_and_typed_baselines(project):
    use(project, measure="RD", method="MH")
    # MH RD = sum((a n2 - c n1)/N) / sum(n1 n2 / N) = ((1000-2000)/200 + (750-1500)/100) /
    # (10000/200 + 2500/100) = (-5 - 7.5) / (50 + 25) = -1/6. Baseline 0.3 + (-1/6) =
    # 0.13333 -> 133, difference -166.7 -> -167.
    r = row(project, baselines={None: (Baseline.typed("High risk", 0.3),)})
    assert r["relative"] is None
    a = r["absolute"][0]
    assert (a["baseline"], a["kind"], a["risk_intervention_per_1000"],
            a["difference_per_1000"]) == ("High risk", "typed", 133, -167)


def test_continuous_row(empty_project, fill_values):
    from workbench.core.model import DataType

    store = empty_project.store
    cid = store.add_comparison(COMP)
    oid = store.add_outcome(cid, "Pain", DataType.CONTINUOUS,
                            AnalysisSettings(measure="MD", method="FE"))
    fill_values(store, "Ann", [
        (COMP, "Pain", s, {"mean_1": m1, "sd_1": 2.0, "total_1": 50, "mean_2": m2, "sd_2": 2.0,
                        "total_2": 50}) for s, m1, m2 in (("A", 4.0, 6.0), ("B", 5.0, 6.5),
                                                          ("C", 3.0, 5.0))])
    r = sof_report(store)["rows"][0]
    # comparator mean = median(6.0, 6.5, 5.0) = 6.0; equal SDs and sizes, so the FE MD is
    # the plain mean of -2.0, -1.5, -2.0 = -1.8333.
    assert r["comparator_mean"] == 6.0
    assert r["difference"]["estimate"] == pytest.approx(-11 / 6)
    assert r["difference"]["text"].startswith("MD 1.83 lower (")
    assert r["absolute"] is None and r["relative"] is None
    assert store.outcome(oid).data_type is DataType.CONTINUOUS


def test_stale_judgement_after_an_edit_and_judging_again(project):
    oid = outcome_id(project)
    suggested = grade_report(project.store)["outcomes"][0]["domains"]["imprecision"]
    project.execute(SetCertaintyJudgement(oid, "imprecision", suggested["suggested"]))
    d = grade_report(project.store)["outcomes"][0]["domains"]["imprecision"]
    assert d["judged"] == suggested["suggested"] and d["stale"] is False
    assert d["reason"] == d["rule"]  # accepting the suggestion: its rule is the footnote
    result = project.store.results(oid)[0]
    project.execute(EditCells([CellEdit(result["result_id"], oid, result["study_id"],
                                        "events_1", 40.0)]))
    after = grade_report(project.store)["outcomes"][0]
    assert after["domains"]["imprecision"]["stale"] is True and after["provisional"] is True
    assert after["domains"]["imprecision"]["judged"] == suggested["suggested"]  # still counts
    project.undo()
    assert grade_report(project.store)["outcomes"][0]["domains"]["imprecision"]["stale"] \
        is False
    project.redo()
    project.execute(SetCertaintyJudgement(oid, "imprecision", -1, "judged again"))
    assert grade_report(project.store)["outcomes"][0]["domains"]["imprecision"]["stale"] \
        is False


def test_override_needs_a_reason_and_changes_nothing(project):
    oid = outcome_id(project)
    before = project.store.one("SELECT COUNT(*) FROM certainty_judgements")
    s = grade_report(project.store)["outcomes"][0]["domains"]["risk_of_bias"]["suggested"]
    with pytest.raises(CommandError, match="risk_of_bias.*needs a reason"):
        project.execute(SetCertaintyJudgement(oid, "risk_of_bias", s - 1))
    with pytest.raises(CommandError, match="large_effect: level must"):
        project.execute(SetCertaintyJudgement(oid, "large_effect", -1, "why"))
    assert project.store.one("SELECT COUNT(*) FROM certainty_judgements") == before
    assert not project.history.done


def test_certainty_counts_judgements_and_labels(project):
    oid = outcome_id(project)
    for domain in ("risk_of_bias", "inconsistency", "indirectness", "publication_bias"):
        project.execute(SetCertaintyJudgement(oid, domain, 0, "none"))
    project.execute(SetCertaintyJudgement(oid, "imprecision", -2, "few events"))
    entry = grade_report(project.store)["outcomes"][0]
    # randomised: 4 - 2 = 2, every downgrading domain judged: not provisional
    assert (entry["start"], entry["certainty"], entry["certainty_label"],
            entry["provisional"]) == (4, 2, "Low", False)
    r = row(project)
    assert [n["domain"] for n in r["footnotes"]] == ["imprecision"]
    assert r["footnotes"][0]["mark"] == "a" and "few events" in r["footnotes"][0]["text"]
    assert r["statement"].startswith("Drug may ")


def test_scenario_excludes_and_overrides_without_writing(project):
    oid = outcome_id(project)
    first = project.store.results(oid)[0]["result_id"]
    audit = project.store.one("SELECT COUNT(*) FROM audit_log")
    what_if = Scenario.none().toggled(first).with_settings(
        oid, AnalysisSettings(measure="OR", method="FE"))
    r = row(project, scenario=what_if)
    assert (r["studies"], r["measure"]) == (1, "OR")
    assert row(project)["studies"] == 2
    assert grade_report(project.store, scenario=what_if)["outcomes"][0]["domains"][
        "inconsistency"]["rule"] == "one study"
    assert project.store.one("SELECT COUNT(*) FROM audit_log") == audit


def test_scenario_baselines(project):
    oid = outcome_id(project)
    what_if = Scenario.none().with_baselines(oid, [Baseline.median()])
    assert row(project, scenario=what_if)["absolute"][0]["kind"] == "median"
    assert Scenario.none().with_baselines(oid, None) == Scenario.none()


def test_sof_row_follows_the_data(project):
    oid = outcome_id(project)
    before = row(project)["absolute"][0]["difference_per_1000"]
    result = project.store.results(oid)[1]
    project.execute(EditCells([CellEdit(result["result_id"], oid, result["study_id"],
                                        "events_1", 30.0)]))
    assert row(project)["absolute"][0]["difference_per_1000"] != before


def test_outcome_without_studies(project):
    from workbench.core.model import DataType

    cid = project.store.comparison_id(COMP)
    project.store.add_outcome(cid, "Stroke", DataType.DICHOTOMOUS, AnalysisSettings())
    r = sof_report(project.store)["rows"][1]
    assert (r["certainty"], r["comment"], r["statement"], r["studies"]) == (
        None, "No studies", "No studies reported stroke.", 0)
    assert grade_report(project.store)["outcomes"][1]["certainty"] is None


def test_more_than_seven_rows_warn(project, fill_values):
    fill_values(project.store, "Ann", [(COMP, f"Outcome {i}", "A",
                                        {"events_1": 1, "total_1": 10, "events_2": 2,
                                         "total_2": 10}) for i in range(7)])
    doc = sof_report(project.store)
    assert len(doc["rows"]) == 8 and doc["warnings"] and "at most 7" in doc["warnings"][0]


GRADE_KEYS = {"comparison", "outcome", "design", "start", "importance", "thresholds",
              "domains", "certainty", "certainty_label", "provisional"}
SOF_ROW_KEYS = {"outcome", "data_type", "measure", "importance", "follow_up", "studies",
                "participants", "relative", "absolute", "comparator_mean", "difference",
                "certainty", "certainty_label", "provisional", "footnotes", "comment",
                "statement", "statement_edited", "statement_stale"}


def test_documents_have_the_cli_md_keys(project):
    entry = grade_report(project.store)["outcomes"][0]
    assert set(entry) == GRADE_KEYS
    assert set(entry["domains"]) == {"risk_of_bias", "inconsistency", "indirectness",
                                     "imprecision", "publication_bias", "large_effect",
                                     "dose_response", "confounding"}
    assert all(set(d) == {"suggested", "judged", "reason", "rule", "stale", "evidence"}
               for d in entry["domains"].values())
    doc = sof_report(project.store)
    assert set(doc) == {"comparison", "intervention", "comparator", "rows", "warnings"}
    # "narrative" is this branch's addition (docs/cli-additions/grade-core.md).
    assert set(doc["rows"][0]) == SOF_ROW_KEYS | {"narrative"}
    assert set(doc["rows"][0]["absolute"][0]) == {
        "baseline", "kind", "risk", "risk_comparator_per_1000", "risk_intervention_per_1000",
        "risk_intervention_ci_per_1000", "difference_per_1000", "difference_ci_per_1000",
        "clamped", "text"}


def test_not_estimable_outcome(project, fill_values):
    # Two double-zero tables under MH (which leaves them out, as metafor does): no RR
    # (grade.md 4, "Outcomes without numbers"), yet both studies and 40 participants count.
    fill_values(project.store, "Ann", [(COMP, "Rare harm", s, {
        "events_1": 0, "total_1": 10, "events_2": 0, "total_2": 10}) for s in ("A", "B")])
    project.store.set_settings(outcome_id(project, "Rare harm"),
                               AnalysisSettings(measure="RR", method="MH"))
    r = sof_report(project.store)["rows"][1]
    assert (r["studies"], r["participants"], r["comment"]) == (2, 40, "Not estimable")
    assert r["relative"] is None and r["absolute"] is None
    domains = grade_report(project.store)["outcomes"][1]["domains"]
    assert domains["imprecision"]["suggested"] is None
    assert domains["risk_of_bias"]["suggested"] is None


def test_demo_review_rates_its_outcomes(demo_project):
    # resources/demo/ketamine.json gives each outcome GRADE's importance (1-9).
    doc = sof_report(demo_project.store)
    assert [r["importance"] for r in doc["rows"]] == [9, 8, 6, 7, 5]
    assert all(r["certainty"] is not None and r["provisional"] for r in doc["rows"])


def test_common_effect_model_takes_its_prediction_interval_from_dl(project, fill_values):
    from workbench.core.meta import run_meta
    from workbench.session.analysis import load_outcome

    fill_values(project.store, "Ann", [(COMP, OUT, "C", {
        "events_1": 40, "total_1": 100, "events_2": 10, "total_2": 100})])
    use(project, measure="RR", method="FE")
    ev = grade_report(project.store)["outcomes"][0]["domains"]["inconsistency"]["evidence"]
    # grade.md 4: for a common-effect model, the PI (and tau2) of a DL fit of the same studies.
    rows = load_outcome(project.store, outcome_id(project)).study_rows()
    dl = run_meta(rows, "dichotomous", AnalysisSettings(measure="RR", method="DL"))
    assert ev["tau2"] == pytest.approx(dl.tau2) and dl.tau2 > 0
    assert ev["pi_lower"] == pytest.approx(math.exp(dl.pi_lower))
    assert ev["pi_upper"] == pytest.approx(math.exp(dl.pi_upper))
    assert ev["k"] == 3
