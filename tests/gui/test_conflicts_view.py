"""The conflicts view: pick a side or type a third value, a reason is required, undo works."""

import pytest
from PySide6.QtCore import Qt

from workbench.core.model import AnalysisSettings, DataType
from workbench.gui.conflicts_view import ConflictsView
from workbench.gui.controller import Controller
from workbench.session.project import Project


def _fill(project: Project, reviewer: str, values: dict) -> None:
    store = project.store
    with store.db.atomic():
        rid = store.reviewer_id(reviewer) or store.add_reviewer(reviewer)
        cid = store.comparison_id("K vs P") or store.add_comparison("K vs P")
        oid = store.outcome_id(cid, "Pain") or store.add_outcome(
            cid, "Pain", DataType.DICHOTOMOUS, AnalysisSettings())
        sid = store.study_id("Smith 2001") or store.add_study("Smith 2001")
        result = store.result_id(sid, oid) or store.add_result(sid, oid)
        for name, value in values.items():
            store.set_value(result, rid, name, value, source=f"{reviewer}: Table 2")


@pytest.fixture
def view(qtbot, tmp_path):
    project = Project.create(tmp_path / "dual.wbproj")
    _fill(project, "Ann", {"events_1": 10, "total_1": 50})
    _fill(project, "Bob", {"events_1": 12, "total_1": 51})
    project.set_reviewer("Ann")
    controller = Controller()
    controller.blind = False  # neither has finished Smith 2001: blind mode would hide it all
    controller.set_project(project)
    widget = ConflictsView(controller)
    qtbot.addWidget(widget)
    widget.show()  # a hidden view defers its refresh until shown
    yield widget
    controller.close()


def _row_of(view: ConflictsView, name: str) -> int:
    return next(i for i, c in enumerate(view.conflicts) if c.field == name)


def test_lists_conflicts_side_by_side_with_sources(view):
    assert view.table.rowCount() == 2
    headers = [view.table.horizontalHeaderItem(i).text() for i in range(view.table.columnCount())]
    assert headers[4:6] == ["Ann", "Bob"]
    row = _row_of(view, "events_1")
    assert view.table.item(row, 4).text() == "10" and view.table.item(row, 5).text() == "12"
    assert "Bob: Table 2" in view.table.item(row, 5).toolTip()
    assert "0 of 2 cells agree" in view.agreement_report.text()


def test_pick_a_side_then_undo(qtbot, view):
    view.table.selectRow(_row_of(view, "events_1"))
    qtbot.keyClicks(view.reason, "Checked the full report")
    with qtbot.waitSignal(view.controller.changed, timeout=2000):
        qtbot.mouseClick(view.pick_buttons["Bob"], Qt.MouseButton.LeftButton)
    assert [c.field for c in view.conflicts] == ["total_1"]
    view.show_resolved.setChecked(True)
    resolved = next(c for c in view.conflicts if c.field == "events_1")
    assert resolved.consensus[0] == 12.0 and resolved.consensus[3] == "Checked the full report"
    with qtbot.waitSignal(view.controller.changed, timeout=2000):
        view.controller.undo()
    assert not next(c for c in view.conflicts if c.field == "events_1").resolved


def test_third_value_needs_a_reason(qtbot, view):
    view.table.selectRow(_row_of(view, "total_1"))
    qtbot.keyClicks(view.other_value, "52")
    qtbot.mouseClick(view.resolve_other, Qt.MouseButton.LeftButton)
    assert "reason" in view.message.text()
    assert view.controller.project.history.undo_label() is None
    qtbot.keyClicks(view.reason, "Randomised, from the CONSORT diagram")
    with qtbot.waitSignal(view.controller.changed, timeout=2000):
        qtbot.mouseClick(view.resolve_other, Qt.MouseButton.LeftButton)
    assert [c.field for c in view.conflicts] == ["events_1"]
    assert view.controller.project.history.undo_label() == "Resolve conflict"
