"""The panel's Commands: apply -> revert -> apply, audited; bad input changes nothing."""

from __future__ import annotations

from dataclasses import replace

import pytest

from workbench.session.commands.etd import (
    AddDissent,
    RemoveDissent,
    SetEtdJudgement,
    SetEtdText,
    SetRecommendation,
    SetVoteTally,
)
from workbench.session.commands.panel import (
    AddPanelMember,
    KeepWhatIf,
    RemovePanelMember,
    UpdatePanelMember,
)
from workbench.session.commands.structure import CommandError

TABLES = ("etd_judgements", "etd_votes", "etd_dissent", "etd_recommendations",
          "panel_members", "outcomes", "study_outcomes")
STAMPS = {"updated_at", "recorded_at"}


def dump(project) -> dict:
    db = project.store.db
    return {t: sorted(tuple(v for k, v in row.items() if k not in STAMPS)
                      for row in db[t].rows) for t in TABLES}


def _commands(project):
    outcome = project.store.outcome(1)
    result = project.store.results(1)[0]["result_id"]
    return [
        SetEtdJudgement(1, "priority", judgement="Probably yes"),
        SetEtdText(1, "equity", text_field="additional_considerations", text="Rural access"),
        SetVoteTally(1, "balance", {"Favours the intervention": 7, "Favours neither": 2}),
        SetVoteTally(1, "recommendation", {"Conditional for": 8}),
        AddDissent(1, "recommendation", "Dr Ng", "harms outweigh benefits"),
        SetRecommendation(1, "type", "Strong for"),
        SetRecommendation(1, "research_only", True),
        SetRecommendation(1, "monitoring", "Audit psychotomimetic events"),
        AddPanelMember("Ann Lee", "Patient partner", coi_declared=True, coi_text="Grant"),
        KeepWhatIf(1, replace(outcome.settings, method="DL", hksj=True), frozenset({result})),
    ]


@pytest.mark.parametrize("index", range(10))
def test_every_panel_command_round_trips(demo_project, round_trip, index):
    round_trip(demo_project, _commands(demo_project)[index], dump)


def test_member_update_and_removal_round_trip(demo_project, round_trip):
    demo_project.execute(AddPanelMember("Ann Lee"))
    member = demo_project.store.one("SELECT id FROM panel_members")
    round_trip(demo_project, UpdatePanelMember(member, "present", False), dump)
    round_trip(demo_project, RemovePanelMember(member), dump)


def test_removing_dissent_round_trips(demo_project, round_trip):
    demo_project.execute(AddDissent(1, "values", "Dr Ng", "varies by culture"))
    dissent = demo_project.store.one("SELECT id FROM etd_dissent")
    round_trip(demo_project, RemoveDissent(dissent), dump)


def test_each_command_is_one_audit_entry(demo_project):
    before = demo_project.store.counts()["audit_log"]
    demo_project.execute(SetEtdJudgement(1, "equity", judgement="Probably no impact"))
    entries = demo_project.store.audit_entries(1)
    assert demo_project.store.counts()["audit_log"] == before + 1
    assert entries[0][2] == "SetEtdJudgement" and "Probably no impact" in entries[0][3]


@pytest.mark.parametrize(("command", "message"), [
    (SetEtdJudgement(1, "values", judgement="Varies"), "Values: 'Varies' is not on its scale"),
    (SetEtdJudgement(1, "costs", judgement="Yes"), "unknown criterion 'costs'"),
    (SetEtdText(1, "equity", text_field="notes", text="x"), "equity: no text field 'notes'"),
    (SetVoteTally(1, "priority", {"Maybe": 2}), "votes on priority: 'Maybe' is not an option"),
    (SetVoteTally(1, "priority", {"Yes": -1}), "votes on priority, Yes: -1 is not a count"),
    (AddDissent(1, "priority", "  ", "x"), "dissent on priority: name the panel member"),
    (SetRecommendation(1, "type", "Weak for"), "recommendation: 'Weak for' is not a type"),
    (SetRecommendation(1, "colour", "x"), "recommendation: no part 'colour'"),
    (AddPanelMember(" "), "panel member: a name is needed"),
    (UpdatePanelMember(99, "role", "x"), "panel member 99: not on the panel"),
    (KeepWhatIf(999, None), "outcome 999: no such outcome"),
])
def test_bad_input_names_the_place_and_changes_nothing(demo_project, command, message):
    before = dump(demo_project)
    with pytest.raises(CommandError, match=message):
        demo_project.execute(command)
    assert dump(demo_project) == before


def test_a_second_member_of_the_same_name_is_refused(demo_project):
    demo_project.execute(AddPanelMember("Ann Lee"))
    before = dump(demo_project)
    with pytest.raises(CommandError, match="'Ann Lee' is already on the panel"):
        demo_project.execute(AddPanelMember("Ann  Lee"))
    assert dump(demo_project) == before


def test_keep_what_if_stores_settings_and_leaves_out_results_then_undo(demo_project):
    store = demo_project.store
    stored = store.outcome(1).settings
    result = store.results(1)[0]["result_id"]
    demo_project.execute(KeepWhatIf(1, replace(stored, method="FE"), frozenset({result})))
    assert store.outcome(1).settings.method == "FE"
    assert not store.results(1)[0]["included"]
    demo_project.undo()
    assert store.outcome(1).settings == stored
    assert store.results(1)[0]["included"]
