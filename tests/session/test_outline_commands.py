"""Outline commands: apply -> revert -> apply restores the whole file, refusals change nothing."""

from __future__ import annotations

from dataclasses import replace

import pytest

from workbench.core.model import DataType
from workbench.session.commands import SetAnalysisSettings
from workbench.session.commands.deleting import (
    delete_comparison,
    delete_outcome,
    delete_study,
    deletion_preview,
    remove_from_outcome,
)
from workbench.session.commands.outline import (
    AddComparison,
    AddOutcome,
    CopyOutcomeSettings,
    EditComparison,
    EditOutcome,
    MoveItem,
    OutcomeSpec,
)
from workbench.session.commands.outline_studies import (
    AddStudy,
    EditStudy,
    MergeStudies,
    SetCharacteristic,
)
from workbench.session.commands.structure import CommandError
from workbench.session.commands.subgroups import (
    AddSubgroup,
    DeleteSubgroup,
    MoveSubgroup,
    MoveToSubgroup,
    RenameSubgroup,
)
from workbench.storage import outline


def whole_file(project) -> dict:
    """Every table's rows (audit log and time stamps aside): nothing may differ after undo."""
    db = project.store.db
    names = [r[0] for r in db.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
        "AND name NOT IN ('audit_log', '_sqlite_migrations')")]
    return {t: sorted((tuple(v for k, v in row.items() if not k.endswith("_at"))
                       for row in db[t].rows), key=repr) for t in names}


def _study(project, label):
    return project.store.study_id(label)


def _commands(project):
    store = project.store
    adeyemi, brandt = _study(project, "Adeyemi 2010"), _study(project, "Brandt 1994")
    first = store.results(1)[0]
    return [
        AddComparison("Ketamine versus lidocaine", "Ketamine", "Lidocaine"),
        EditComparison(1, "Ketamine vs placebo", "Ketamine (any dose)", "Saline"),
        MoveItem("outcomes", 2, -1),
        AddOutcome(1, OutcomeSpec("Nausea", DataType.DICHOTOMOUS, "OR", False)),
        EditOutcome(1, OutcomeSpec("Pain relief ≥ 30%", DataType.DICHOTOMOUS, "OR", True)),
        AddStudy("Zhou 2020", 2020, "RCT", "cross-over", outcome_id=1),
        EditStudy(adeyemi, "Adeyemi 2010a", "cluster RCT", "a note"),
        SetCharacteristic(adeyemi, "participants", "62 adults with neuropathic pain"),
        delete_comparison(store, 1),
        delete_outcome(store, 1),
        delete_study(store, brandt),
        remove_from_outcome(store, first["result_id"]),
        MergeStudies(adeyemi, brandt),
        AddSubgroup(1, "Cancer pain"),
        RenameSubgroup(1, outline.subgroups(store, 1)[0], "Neuropathic"),
        MoveToSubgroup(1, first["result_id"], "Fibromyalgia (new)"),
        MoveToSubgroup(1, first["result_id"], ""),
        DeleteSubgroup(1, outline.subgroups(store, 1)[0]),
        MoveSubgroup(1, outline.subgroups(store, 1)[2], -1),
        MoveItem("study_outcomes", first["result_id"], 1),
    ]


def test_every_outline_command_round_trips(demo_project, round_trip):
    demo_project.set_reviewer("Reviewer A")  # a reviewer new to the file stays in it
    for command in _commands(demo_project):
        round_trip(demo_project, command, whole_file)
        demo_project.undo()  # each command starts from the demo as it was


def test_copying_settings_round_trips_and_keeps_each_measure_fitting(demo_project,
                                                                    round_trip):
    store = demo_project.store
    source = store.outcome(1)
    demo_project.execute(SetAnalysisSettings(1, replace(source.settings, method="DL",
                                                        hksj=True, ci_level=0.9)))
    round_trip(demo_project, CopyOutcomeSettings(1, [2, 3]), whole_file)
    continuous = store.outcome(2)  # pain intensity: MD stays, RR does not fit means
    assert (continuous.settings.measure, continuous.settings.method) == ("MD", "DL")
    assert store.outcome(3).settings.ci_level == 0.9


def test_each_step_is_one_audit_entry_with_its_ids(demo_project):
    before = demo_project.store.counts()["audit_log"]
    adeyemi = _study(demo_project, "Adeyemi 2010")
    demo_project.execute(EditStudy(adeyemi, "Adeyemi 2010a", "RCT", ""))
    assert demo_project.store.counts()["audit_log"] == before + 1
    ids = demo_project.store.one("SELECT study_ids FROM audit_log ORDER BY id DESC LIMIT 1")
    assert ids == f",{adeyemi},"


def test_a_delete_says_how_much_it_takes(demo_project):
    store = demo_project.store
    brandt = _study(demo_project, "Brandt 1994")
    # The demo (resources/demo/ketamine.json) gives Brandt 1994 data for all five outcomes;
    # Reviewer A entered every field, Reviewer B differs on one (events_1 of pain relief).
    results = store.one("SELECT COUNT(*) FROM study_outcomes WHERE study_id = ?", [brandt])
    values = store.one("SELECT COUNT(*) FROM extracted_values v JOIN study_outcomes so ON "
                       "so.id = v.study_outcome_id WHERE so.study_id = ?", [brandt])
    preview = deletion_preview(store, "studies", brandt)
    assert preview.startswith(f"{results} results, {values} extracted values")
    command = delete_study(store, brandt)
    demo_project.execute(command)
    assert command.loss() == preview
    assert store.study_id("Brandt 1994") is None
    demo_project.undo()
    assert store.study_id("Brandt 1994") == brandt


def _values_of(store, study_id) -> set[tuple]:
    """(reviewer, outcome, field, number, text) of every value a study holds."""
    return set(store.execute(
        "SELECT r.name, so.outcome_id, v.field, v.value_num, v.value_text FROM extracted_values"
        " v JOIN study_outcomes so ON so.id = v.study_outcome_id JOIN reviewers r ON r.id = "
        "v.reviewer_id WHERE so.study_id = ?", [study_id]))


def test_merging_keeps_every_value_and_turns_differences_into_conflicts(demo_project):
    store = demo_project.store
    keep, absorb = _study(demo_project, "Adeyemi 2010"), _study(demo_project, "Brandt 1994")
    kept, absorbed = _values_of(store, keep), _values_of(store, absorb)
    demo_project.execute(MergeStudies(keep, absorb))
    merged = _values_of(store, keep)
    assert kept <= merged  # the kept study's values are untouched
    shadow = "Reviewer A (as Brandt 1994)"
    for reviewer, outcome, name, num, text in absorbed - kept:
        # A value that differs stays, under the reviewer's second name: a conflict to resolve.
        assert (reviewer + " (as Brandt 1994)", outcome, name, num, text) in merged
    assert store.reviewer_id(shadow) is not None
    assert store.study_id("Brandt 1994") is None
    demo_project.undo()
    assert store.reviewer_id(shadow) is None
    assert _values_of(store, absorb) == absorbed


def test_moving_to_a_subgroup_writes_it_for_every_reviewer_who_placed_the_study(demo_project):
    demo_project.set_reviewer("Reviewer A")
    store = demo_project.store
    first = store.results(1)[0]
    placed = [r for r, _ in outline.result_subgroup_values(store, first["result_id"])]
    demo_project.execute(MoveToSubgroup(1, first["result_id"], "Other pain"))
    after = outline.result_subgroup_values(store, first["result_id"])
    assert {r for r, t in after if t == "Other pain"} >= set(placed)
    assert "Other pain" in outline.subgroups(store, 1)


@pytest.mark.parametrize("make, message", [
    (lambda p: AddComparison("Ketamine versus placebo"), "already a comparison called"),
    (lambda p: AddComparison("   "), "needs a name"),
    (lambda p: AddOutcome(1, OutcomeSpec("Nausea", DataType.CONTINUOUS, "RR")),
     "Outcome 'Nausea': RR is not a measure for continuous"),
    (lambda p: EditOutcome(1, OutcomeSpec("Pain", DataType.CONTINUOUS, "MD")),
     "holds dichotomous values"),
    (lambda p: AddStudy("Adeyemi 2010"), "already a study called 'Adeyemi 2010'"),
    (lambda p: AddStudy("Zhou 2020", year=20), "Study 'Zhou 2020': year 20"),
    (lambda p: MergeStudies(1, 1), "two different studies"),
    (lambda p: RenameSubgroup(1, "No such", "X"), "no subgroup called 'No such'"),
    (lambda p: MoveItem("comparisons", 1, -1), "already at the top"),
    (lambda p: MoveSubgroup(1, "mixed", 1), "already at the bottom"),
    (lambda p: SetCharacteristic(1, "colour", "x"), "'colour' is not one of"),
])
def test_refusals_name_the_place_and_change_nothing(demo_project, make, message):
    before = whole_file(demo_project)
    with pytest.raises(CommandError, match=message.replace("(", r"\(")):
        demo_project.execute(make(demo_project))
    assert whole_file(demo_project) == before
