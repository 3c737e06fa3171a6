"""Conflicts tab: readable field names, where a value came from, and the items to look at."""

from __future__ import annotations

import pytest

from workbench.core.model import AnalysisSettings, DataType
from workbench.gui.conflicts_view import ConflictsView
from workbench.gui.controller import Controller
from workbench.session.field_names import readable_field, readable_source
from workbench.session.importing import build_command, import_file, prepare_import
from workbench.session.lookat import items_to_look_at
from workbench.session.project import Project


def _fill(project: Project, reviewer: str, study: str, values: dict, source: str) -> None:
    store = project.store
    with store.db.atomic():
        rid = store.reviewer_id(reviewer) or store.add_reviewer(reviewer)
        cid = store.comparison_id("K vs P") or store.add_comparison("K vs P", "Ketamine",
                                                                     "Placebo")
        oid = store.outcome_id(cid, "Pain") or store.add_outcome(
            cid, "Pain", DataType.DICHOTOMOUS, AnalysisSettings())
        sid = store.study_id(study) or store.add_study(study)
        result = store.result_id(sid, oid) or store.add_result(sid, oid)
        for name, value in values.items():
            store.set_value(result, rid, name, value, source=source)


@pytest.fixture
def project(tmp_path):
    project = Project.create(tmp_path / "dual.wbproj")
    _fill(project, "Ann", "Smith 2001", {"events_1": 10}, "ann.xlsx!Pain!E4")
    _fill(project, "Bob", "Smith 2001", {"events_1": 12}, "bob.xlsx!Sheet1!C7")
    _fill(project, "Ann", "Jones 2003", {"events_1": 4}, "ann.xlsx!Pain!E5")  # Ann only
    project.set_reviewer("Ann")
    yield project
    project.close()


@pytest.fixture
def view(qtbot, project):
    controller = Controller()
    controller.blind = False  # both reviewers' values in view: these tests are about naming
    controller.set_project(project)
    widget = ConflictsView(controller)
    qtbot.addWidget(widget)
    widget.show()
    yield widget
    controller.project = None  # the project fixture closes it


def test_field_names_read_as_reviewers_write_them():
    assert readable_field("events_1", ("Ketamine", "Placebo")) == "Ketamine events"
    assert readable_field("total_2", ("Ketamine", "Placebo")) == "Placebo N"
    # The RoB 2 tool's domain 3 is "Bias due to missing outcome data" (resources/rob_tools).
    assert readable_field("rob2:D3:judgement") == "D3: missing outcome data"
    assert readable_field("rob2:3.1").startswith("3.1: Were outcome data available")
    assert readable_field("rob2:D3:3.1").startswith("3.1: Were outcome data available")
    assert readable_field("grade:risk_of_bias") == "Certainty: risk of bias"


def test_source_reads_as_file_sheet_and_cell():
    assert readable_source("bob.xlsx!Sheet1!C7") == "bob.xlsx, sheet Sheet1, cell C7"
    assert readable_source("a.csv!D2") == "a.csv, cell D2"


def test_conflict_shows_readable_field_and_where_each_value_came_from(view):
    assert view.table.item(0, 3).text() == "Ketamine events"
    view.table.selectRow(0)
    text = view.where_from.text()
    assert "Ann: ann.xlsx, sheet Pain, cell E4" in text
    assert "Bob: bob.xlsx, sheet Sheet1, cell C7" in text


def test_a_study_only_one_reviewer_extracted_is_an_item_to_look_at(view, project):
    items = items_to_look_at(project)
    assert [(i.kind, i.reviewer, i.study) for i in items] == [("single", "Ann", "Jones 2003")]
    shown = [view.look_at.item(r).text() for r in range(view.look_at.count())]
    assert shown == [items[0].text] and "Only Ann extracted Jones 2003" in shown[0]


def test_rows_an_import_skipped_are_listed_until_undone(project, tmp_path):
    sheet = tmp_path / "bob.csv"
    # Row 3's events exceed its total: skipped as invalid by --skip-invalid's rule (cli.md).
    sheet.write_text("Study,Comparison,Outcome,events_1,total_1,events_2,total_2\n"
                     "Smith 2001,K vs P,Pain,12,50,9,50\n"
                     "Jones 2003,K vs P,Pain,60,40,5,41\n", encoding="utf-8")
    import_file(project, sheet, reviewer="Bob", skip_invalid=True)
    skipped = [i for i in items_to_look_at(project) if i.kind == "skipped"]
    assert [(i.reviewer, i.study, i.outcome) for i in skipped] == [("Bob", "Jones 2003", "Pain")]
    assert "bob.csv, row 3" in skipped[0].text and "“60”" in skipped[0].text
    project.undo()
    assert not [i for i in items_to_look_at(project) if i.kind == "skipped"]
    project.redo()
    assert [i.study for i in items_to_look_at(project) if i.kind == "skipped"] == ["Jones 2003"]


def test_a_skipped_row_closes_once_the_study_has_the_reviewers_values(project, tmp_path):
    bad = tmp_path / "bob.csv"
    bad.write_text("Study,Comparison,Outcome,events_1,total_1,events_2,total_2\n"
                   "Smith 2001,K vs P,Pain,12,50,9,50\n"
                   "Jones 2003,K vs P,Pain,60,40,5,41\n", encoding="utf-8")
    import_file(project, bad, reviewer="Bob", skip_invalid=True)
    assert any(i.kind == "skipped" for i in items_to_look_at(project))
    _fill(project, "Bob", "Jones 2003", {"events_1": 6}, "")  # typed in by hand later
    assert not any(i.kind == "skipped" for i in items_to_look_at(project))


def test_a_skipped_row_can_be_added_by_hand_then_filled(view, project, tmp_path, qtbot):
    sheet = tmp_path / "bob.csv"
    sheet.write_text("Study,Comparison,Outcome,events_1,total_1,events_2,total_2\n"
                     "Smith 2001,K vs P,Pain,12,50,9,50\n"
                     "Lee 2005,K vs P,Pain,60,40,5,41\n", encoding="utf-8")
    # Lee 2005's events exceed its total: the import leaves the row out (cli.md rules).
    view.controller.execute(build_command(prepare_import(sheet), "Bob"), None)
    row = next(i for i, item in enumerate(view.look_items) if item.kind == "skipped")
    view.look_at.setCurrentRow(row)
    assert view.add_by_hand.isEnabled()
    with qtbot.waitSignal(view.controller.changed, timeout=2000):
        view.add_by_hand.click()
    store = project.store
    lee = store.study_id("Lee 2005")
    assert lee is not None and store.result_id(lee, store.outcome_id(
        store.comparison_id("K vs P"), "Pain")) is not None
    row = next(i for i, item in enumerate(view.look_items) if item.kind == "skipped")
    view.look_at.setCurrentRow(row)  # still to look at (no values yet), but already added
    assert not view.add_by_hand.isEnabled()
    project.undo()
    assert store.study_id("Lee 2005") is None  # one undo step removes the added study
