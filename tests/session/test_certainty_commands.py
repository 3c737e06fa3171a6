"""Certainty commands round trip (apply -> revert -> apply); dual appraisal of certainty."""

from __future__ import annotations

import pytest

from workbench.core.grade.model import Baseline
from workbench.session.certainty import grade_report, sof_report
from workbench.session.commands.certainty import (
    SetBaselines,
    SetCertaintyJudgement,
    SetCertaintySettings,
    SetSofRows,
    SetSofStatement,
)
from workbench.session.commands.resolve import ResolveConflict
from workbench.session.commands.structure import CommandError
from workbench.session.dual import agreement, key_from_text, key_to_text, list_conflicts

COMP = "Drug versus placebo"
ROWS = [(COMP, out, s, {"events_1": e1, "total_1": 100, "events_2": e2, "total_2": 100})
        for out in ("Death", "Stroke") for s, e1, e2 in (("A", 10, 20), ("B", 12, 25))]
TABLES = ("certainty_judgements", "certainty_consensus", "certainty_settings",
          "sof_baselines", "sof_rows", "sof_statements")


@pytest.fixture
def project(empty_project, fill_values):
    fill_values(empty_project.store, "Ann", ROWS)
    empty_project.set_reviewer("Ann")
    return empty_project


def dump(project) -> dict:
    db = project.store.db
    out = {t: sorted(tuple(r.values()) for r in db[t].rows) for t in TABLES}
    out["outcomes"] = [(o.importance, o.higher_is_better) for o in project.store.outcomes()]
    return out


def ids(project) -> tuple[int, int, int]:
    outcomes = project.store.outcomes()
    return outcomes[0].comparison_id, outcomes[0].id, outcomes[1].id


def test_commands_round_trip(project, round_trip):
    cid, death, stroke = ids(project)
    for command in (
            SetCertaintyJudgement(death, "risk_of_bias", -2, "blinding broken"),
            SetCertaintySettings(death, thresholds=(0.8, 1.2), threshold_kind="natural",
                                 design="non-randomised", importance=9,
                                 higher_is_better=False),
            SetBaselines(death, [Baseline.study(), Baseline.typed("High risk", 0.3)]),
            SetBaselines(death, ["median", ("Low risk", 0.05)]),
            SetSofStatement(death, "Drug may lower deaths."),
            SetSofRows(cid, [stroke, death])):
        round_trip(project, command, dump)


def test_clearing_a_judgement_round_trips(project, round_trip):
    _cid, death, _stroke = ids(project)
    project.execute(SetCertaintyJudgement(death, "indirectness", -1, "older patients"))
    round_trip(project, SetCertaintyJudgement(death, "indirectness", None), dump)


def test_settings_change_the_report(project):
    cid, death, stroke = ids(project)
    project.execute(SetCertaintySettings(death, thresholds=(-50, 50),
                                         threshold_kind="per_1000", importance=8))
    entry = grade_report(project.store, death)["outcomes"][0]
    # study population risk 45/200 = 0.225: +50 per 1,000 -> 0.275 / 0.225 = 1.2222
    assert entry["thresholds"][1] == pytest.approx(0.275 / 0.225)
    assert entry["importance"] == 8
    project.execute(SetCertaintySettings(death, design="non-randomised"))
    assert grade_report(project.store, death)["outcomes"][0]["start"] == 2
    project.execute(SetSofRows(cid, [stroke]))
    assert [r["outcome"] for r in sof_report(project.store)["rows"]] == ["Stroke"]


@pytest.mark.parametrize("kwargs, message", [
    ({"importance": 10}, "importance"), ({"design": "cohort"}, "design"),
    ({"thresholds": (1.1, 1.3), "threshold_kind": "natural"}, "thresholds need"),
    ({"threshold_kind": "percent"}, "threshold kind")])
def test_bad_settings_refused_and_nothing_changed(project, kwargs, message):
    _cid, death, _stroke = ids(project)
    before = dump(project)
    with pytest.raises(CommandError, match=message):
        project.execute(SetCertaintySettings(death, **kwargs))
    assert dump(project) == before


def test_bad_rows_and_statements_refused(project):
    cid, death, _stroke = ids(project)
    before = dump(project)
    with pytest.raises(CommandError, match="distinct outcomes"):
        project.execute(SetSofRows(cid, [death, death]))
    with pytest.raises(CommandError, match="needs some text"):
        project.execute(SetSofStatement(death, "   "))
    with pytest.raises(CommandError, match="between 0 and 1"):
        project.execute(SetBaselines(death, [Baseline("typed", "x", 1.5)]))
    with pytest.raises(CommandError, match="not a baseline"):
        project.execute(SetBaselines(death, ["mean"]))
    assert dump(project) == before


def test_edited_statement_kept_then_stale(project):
    _cid, death, _stroke = ids(project)
    project.execute(SetSofStatement(death, "Drug may lower deaths."))
    r = sof_report(project.store)["rows"][0]
    assert (r["statement"], r["statement_edited"], r["statement_stale"]) == (
        "Drug may lower deaths.", True, False)
    # Rating down by 2 more changes the certainty under the edited text.
    project.execute(SetCertaintyJudgement(death, "risk_of_bias", -2, "no blinding"))
    assert sof_report(project.store)["rows"][0]["statement_stale"] is True
    project.execute(SetSofStatement(death, None))
    r = sof_report(project.store)["rows"][0]
    assert r["statement_edited"] is False and r["statement"] != "Drug may lower deaths."


def test_differing_judgements_are_a_conflict_resolved_like_any_other(project):
    _cid, death, _stroke = ids(project)
    project.execute(SetCertaintyJudgement(death, "imprecision", -1, "few events"))
    project.set_reviewer("Bob")
    project.execute(SetCertaintyJudgement(death, "imprecision", -2, "very few events"))
    found = [c for c in list_conflicts(project) if c.field == "grade:imprecision"]
    assert len(found) == 1
    doc = found[0].to_json()
    assert (doc["study"], doc["comparison"], doc["outcome"], doc["values"]) == (
        None, COMP, "Death", {"Ann": -1, "Bob": -2})
    assert key_from_text(key_to_text(found[0].key)) == found[0].key
    entry = grade_report(project.store, death)["outcomes"][0]["domains"]["imprecision"]
    assert entry["judged"] is None  # a disagreement counts as unjudged
    assert grade_report(project.store, death, reviewer="Bob")["outcomes"][0]["domains"][
        "imprecision"]["judged"] == -2
    kappa = agreement(project)["grade"]["imprecision"]
    assert kappa["n"] == 1 and kappa["percent"] == 0.0
    project.execute(ResolveConflict(found[0].key, -2, "agreed at the meeting"))
    entry = grade_report(project.store, death)["outcomes"][0]["domains"]["imprecision"]
    assert (entry["judged"], entry["reason"], entry["stale"]) == (-2, "very few events", False)
    assert not [c for c in list_conflicts(project) if c.field == "grade:imprecision"]
    project.undo()
    assert grade_report(project.store, death)["outcomes"][0]["domains"]["imprecision"][
        "judged"] is None


def test_resolving_with_a_level_out_of_range_is_refused(project):
    _cid, death, _stroke = ids(project)
    with pytest.raises(CommandError, match="level must"):
        project.execute(ResolveConflict(("grade", death, "imprecision"), -4, "why"))
    with pytest.raises(CommandError, match="whole number"):
        project.execute(ResolveConflict(("grade", death, "imprecision"), "lots", "why"))


def test_narrative_outcome(project, round_trip):
    from workbench.session.commands.certainty import SetNarrative

    _cid, death, _stroke = ids(project)
    round_trip(project, SetNarrative(death, "Two trials reported no deaths in either arm."),
               lambda p: (dump(p), p.store.db["sof_narratives"].count))
    r = sof_report(project.store)["rows"][0]
    # grade.md 4: the text replaces the effects and every domain is judged by hand.
    assert (r["comment"], r["narrative"], r["relative"], r["absolute"]) == (
        "Two trials reported no deaths in either arm.",
        "Two trials reported no deaths in either arm.", None, None)
    domains = grade_report(project.store, death)["outcomes"][0]["domains"]
    assert all(d["suggested"] is None for d in domains.values())
    assert grade_report(project.store, death)["outcomes"][0]["certainty"] == 4
    project.execute(SetCertaintyJudgement(death, "imprecision", -1, "two small trials"))
    assert sof_report(project.store)["rows"][0]["certainty"] == 3
    with pytest.raises(CommandError, match="needs its text"):
        project.execute(SetNarrative(death, "  "))
    project.execute(SetNarrative(death, None))
    assert sof_report(project.store)["rows"][0]["narrative"] is None


def test_generic_log_scale_takes_ratio_thresholds(empty_project):
    from workbench.core.model import AnalysisSettings, DataType

    store = empty_project.store
    cid = store.add_comparison(COMP)
    oid = store.add_outcome(cid, "Hazard", DataType.GENERIC,
                            AnalysisSettings(measure="GEN", method="FE", log_scale=True))
    empty_project.execute(SetCertaintySettings(oid, thresholds=(0.8, 1.25),
                                               threshold_kind="natural"))
    with pytest.raises(CommandError, match="thresholds need LO < 1 < HI"):
        empty_project.execute(SetCertaintySettings(oid, thresholds=(-0.2, 0.2)))
