"""The outline editor in the window: each structure change by key or menu, undone and redone."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402
from PySide6.QtCore import Qt  # noqa: E402

from workbench.core.model import DataType  # noqa: E402
from workbench.gui.outline_menu import DATA_ROLE, KIND_ROLE, build_menu  # noqa: E402
from workbench.session.commands.outline import OutcomeSpec  # noqa: E402


def _items(panel, kind: str) -> list[str]:
    return [i.text(0) for i in panel._walk() if i.data(0, KIND_ROLE) == kind]


def _select(panel, kind: str, data):
    item = panel.select(kind, data)
    assert item is not None, f"no {kind} {data!r} in the panel"
    panel.setFocus()
    return item


def _key(qtbot, panel, key, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    qtbot.keyClick(panel, key, modifier)


def _undo_redo(qtbot, window, check_before, check_after) -> None:
    """Edit ▸ Undo brings the outline back, Edit ▸ Redo brings the change again."""
    check_after()
    window.undo_action.trigger()
    qtbot.waitUntil(check_before, timeout=3000)
    window.redo_action.trigger()
    qtbot.waitUntil(check_after, timeout=3000)


@pytest.fixture
def panel(main_window, monkeypatch):
    """The demo's panel with its dialogs answered and every deletion confirmed."""
    actions = main_window.panel.actions
    monkeypatch.setattr(actions, "confirm", lambda title, text: True)
    return main_window.panel


def test_ctrl_n_on_the_section_adds_a_comparison(qtbot, main_window, panel, monkeypatch):
    monkeypatch.setattr(panel.actions, "ask_comparison",
                        lambda c=None: ("Ketamine versus lidocaine", "Ketamine", "Lidocaine"))
    _select(panel, "comparisons", None)
    _key(qtbot, panel, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    _undo_redo(qtbot, main_window,
               lambda: "Ketamine versus lidocaine" not in _items(panel, "comparison"),
               lambda: "Ketamine versus lidocaine" in _items(panel, "comparison"))


def test_f2_edits_a_comparison_and_its_groups(qtbot, main_window, panel, monkeypatch):
    monkeypatch.setattr(panel.actions, "ask_comparison",
                        lambda c=None: ("Ketamine vs saline", "Ketamine", "Saline"))
    _select(panel, "comparison", 1)
    _key(qtbot, panel, Qt.Key.Key_F2)
    grid = main_window.outcome_view.model
    column = grid.columns.index("events_2")

    def header() -> str:
        return str(grid.headerData(column, Qt.Orientation.Horizontal,
                                   Qt.ItemDataRole.DisplayRole))

    _undo_redo(qtbot, main_window,
               lambda: _items(panel, "comparison") == ["Ketamine versus placebo"]
               and "Placebo" in header(),
               lambda: _items(panel, "comparison") == ["Ketamine vs saline"]
               and "Saline" in header())


def test_ctrl_n_on_a_comparison_adds_an_outcome_with_its_direction(qtbot, main_window, panel,
                                                                   monkeypatch):
    spec = OutcomeSpec("Nausea", DataType.DICHOTOMOUS, "OR", False)
    monkeypatch.setattr(panel.actions, "ask_outcome", lambda o=None: spec)
    _select(panel, "comparison", 1)
    _key(qtbot, panel, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    _undo_redo(qtbot, main_window, lambda: "Nausea · OR" not in _items(panel, "outcome"),
               lambda: "Nausea · OR" in _items(panel, "outcome"))


def test_f2_on_an_outcome_changes_its_direction_and_the_favours_sides(qtbot, main_window,
                                                                     panel, monkeypatch):
    # Any adverse event (outcome 3) is a harm in the demo: Favours Ketamine on the left.
    view = main_window.outcome_view
    _select(panel, "outcome", 3)
    qtbot.waitUntil(lambda: view.outcome_id == 3)
    assert view.panel.shown_favours() == ("Favours Ketamine", "Favours Placebo")
    spec = OutcomeSpec("Any adverse event", DataType.DICHOTOMOUS, "RR", True)
    monkeypatch.setattr(panel.actions, "ask_outcome", lambda o=None: spec)
    _key(qtbot, panel, Qt.Key.Key_F2)
    _undo_redo(qtbot, main_window,
               lambda: view.panel.shown_favours() == ("Favours Ketamine", "Favours Placebo"),
               lambda: view.panel.shown_favours() == ("Favours Placebo", "Favours Ketamine"))


def test_ctrl_down_reorders_outcomes(qtbot, main_window, panel):
    first = _items(panel, "outcome")
    _select(panel, "outcome", 1)
    _key(qtbot, panel, Qt.Key.Key_Down, Qt.KeyboardModifier.ControlModifier)
    swapped = [first[1], first[0], *first[2:]]
    _undo_redo(qtbot, main_window, lambda: _items(panel, "outcome") == first,
               lambda: _items(panel, "outcome") == swapped)


def test_del_on_an_outcome_says_how_much_goes_and_is_one_undo(qtbot, main_window, panel,
                                                              monkeypatch):
    asked = []
    monkeypatch.setattr(panel.actions, "confirm",
                        lambda title, text: asked.append(text) or True)
    _select(panel, "outcome", 5)
    _key(qtbot, panel, Qt.Key.Key_Delete)
    # Withdrawals: 13 studies (resources/demo/ketamine.json), each a result.
    assert "13 results" in asked[0] and "extracted values" in asked[0]
    _undo_redo(qtbot, main_window, lambda: "Withdrawals · RR" in _items(panel, "outcome"),
               lambda: "Withdrawals · RR" not in _items(panel, "outcome"))


def test_f2_and_del_on_a_study(qtbot, main_window, panel, monkeypatch):
    brandt = main_window.controller.project.store.study_id("Brandt 1994")
    panel.select("studies", None).setExpanded(True)
    monkeypatch.setattr(panel.actions, "ask_study", lambda s=None: {
        "name": "Brandt 1994a", "year": 1994, "design": "RCT", "notes": ""})
    _select(panel, "study", brandt)
    _key(qtbot, panel, Qt.Key.Key_F2)
    _undo_redo(qtbot, main_window, lambda: "Brandt 1994" in _items(panel, "study"),
               lambda: "Brandt 1994a" in _items(panel, "study"))
    _select(panel, "study", brandt)
    _key(qtbot, panel, Qt.Key.Key_Delete)
    _undo_redo(qtbot, main_window, lambda: "Brandt 1994a" in _items(panel, "study"),
               lambda: not any(t.startswith("Brandt") for t in _items(panel, "study")))


def test_subgroups_add_rename_move_and_delete(qtbot, main_window, panel, monkeypatch):
    actions = panel.actions
    monkeypatch.setattr(actions, "ask_text", lambda title, label, text="": "Cancer pain")
    actions.new_subgroup(1)
    _undo_redo(qtbot, main_window,
               lambda: "Subgroup: Cancer pain" not in _items(panel, "subgroup"),
               lambda: "Subgroup: Cancer pain" in _items(panel, "subgroup"))
    monkeypatch.setattr(actions, "ask_text", lambda title, label, text="": "Neuropathic")
    _select(panel, "subgroup", (1, "neuropathic pain"))
    _key(qtbot, panel, Qt.Key.Key_F2)
    _undo_redo(qtbot, main_window,
               lambda: "Subgroup: neuropathic pain" in _items(panel, "subgroup"),
               lambda: "Subgroup: Neuropathic" in _items(panel, "subgroup"))
    adeyemi = main_window.controller.project.store.results(1)[0]["result_id"]
    item = _select(panel, "result", (1, adeyemi, "Neuropathic"))
    move = next(a for a in build_menu(panel, item).actions() if a.text() == "Move to subgroup")
    next(a for a in move.menu().actions() if a.text() == "Cancer pain").trigger()
    grid = main_window.outcome_view.model
    _undo_redo(qtbot, main_window,
               lambda: grid.data(grid.index(0, grid.columns.index("subgroup"))) == "Neuropathic",
               lambda: grid.data(grid.index(0, grid.columns.index("subgroup"))) == "Cancer pain")


def test_merge_two_studies_from_the_menu(qtbot, main_window, panel, monkeypatch):
    store = main_window.controller.project.store
    monkeypatch.setattr(panel.actions, "ask_choice", lambda title, label, options: "Adeyemi 2010")
    panel.actions.merge_into(store.study_id("Brandt 1994"))
    _undo_redo(qtbot, main_window, lambda: "Brandt 1994" in _items(panel, "study"),
               lambda: "Brandt 1994" not in _items(panel, "study")
               and "Reviewer A (as Brandt 1994)" in _items(panel, "reviewer"))


def test_copy_settings_to_other_outcomes(qtbot, main_window, panel, monkeypatch):
    store = main_window.controller.project.store
    monkeypatch.setattr(panel.actions, "ask_many", lambda t, p, items: [2])
    from dataclasses import replace

    from workbench.session.commands import SetAnalysisSettings

    main_window.controller.execute(SetAnalysisSettings(
        1, replace(store.outcome(1).settings, method="DL")))
    panel.actions.copy_settings(1)
    _undo_redo(qtbot, main_window, lambda: store.outcome(2).settings.method == "REML",
               lambda: store.outcome(2).settings.method == "DL")


def test_characteristics_form_saves_one_step(qtbot, main_window, panel):
    store = main_window.controller.project.store
    adeyemi = store.study_id("Adeyemi 2010")
    form = main_window.outline.characteristics(adeyemi)
    qtbot.keyClicks(form.edits["participants"], "62 adults with neuropathic pain")
    form.save()
    assert store.study_characteristics(adeyemi) == {
        "participants": "62 adults with neuropathic pain"}
    _undo_redo(qtbot, main_window, lambda: store.study_characteristics(adeyemi) == {},
               lambda: bool(store.study_characteristics(adeyemi)))


def test_context_menus_offer_the_actions_of_each_kind(main_window, panel):
    texts = {}
    for kind, data in (("comparison", 1), ("outcome", 1), ("subgroup", (1, "mixed"))):
        texts[kind] = [a.text() for a in build_menu(panel, panel.select(kind, data)).actions()]
    assert "New outcome…" in texts["comparison"]
    assert "Copy analysis settings to other outcomes…" in texts["outcome"]
    assert "Rename subgroup…" in texts["subgroup"]
    assert panel.select("outcome", 1).data(0, DATA_ROLE) == 1


def test_history_lists_changes_filters_them_and_jumps_to_the_cell(qtbot, main_window, panel,
                                                                 monkeypatch):
    store = main_window.controller.project.store
    brandt = store.study_id("Brandt 1994")
    monkeypatch.setattr(panel.actions, "ask_study", lambda s=None: {
        "name": "Brandt 1994a", "year": 1994, "design": "RCT", "notes": ""})
    panel.actions.edit_study(brandt)
    from workbench.session.commands import CellEdit, EditCells

    result = store.results(2)[3]  # Dąbrowski 2004 in pain intensity
    main_window.controller.execute(EditCells([CellEdit(result["result_id"], 2,
                                                       result["study_id"], "mean_1", 4.4)]))
    history = main_window.outline.history
    main_window.tabs.setCurrentWidget(history)
    qtbot.waitUntil(lambda: len(history.entries) == 2)
    assert history.table.item(0, 1).text() == "Reviewer A"
    assert history.table.item(0, 2).text() == "Dąbrowski 2004 · Pain intensity (0-10)"
    assert history.table.item(1, 4).text() == "label: Brandt 1994, design: RCT, notes: — → " \
        "label: Brandt 1994a, design: RCT, notes: —"
    history.study.setCurrentIndex(history.study.findData(brandt))
    assert [e.command for e in history.entries] == ["EditStudy"]
    history.study.setCurrentIndex(0)
    history.reviewer.setCurrentIndex(history.reviewer.findData("Reviewer A"))
    assert len(history.entries) == 2
    history.table.cellDoubleClicked.emit(0, 0)  # the value typed in pain intensity
    view = main_window.outcome_view
    assert main_window.tabs.currentWidget() is view and view.outcome_id == 2
    assert view.current_row().study_id == result["study_id"]


def test_ctrl_up_reorders_subgroups_and_studies_in_the_plot(qtbot, main_window, panel):
    view = main_window.outcome_view

    def headings() -> list[str]:
        return [r.cells[0] for r in view.forest.layout_.rows if r.kind == "heading"]

    # The demo's pain-relief subgroups, in the order the studies first name them.
    before = ["neuropathic pain", "fibromyalgia", "CRPS", "mixed"]
    assert headings() == before
    _select(panel, "subgroup", (1, "CRPS"))
    _key(qtbot, panel, Qt.Key.Key_Up, Qt.KeyboardModifier.ControlModifier)
    _undo_redo(qtbot, main_window, lambda: headings() == before,
               lambda: headings() == ["neuropathic pain", "CRPS", "fibromyalgia", "mixed"])
    studies = [r["study"] for r in main_window.controller.project.store.results(1)]
    second = main_window.controller.project.store.results(1)[1]["result_id"]
    _select(panel, "result", (1, second, "neuropathic pain"))
    _key(qtbot, panel, Qt.Key.Key_Up, Qt.KeyboardModifier.ControlModifier)

    def order() -> list[str]:
        return [view.model.row_at(i).study for i in range(view.model.rowCount())]

    _undo_redo(qtbot, main_window, lambda: order() == studies,
               lambda: order() == [studies[1], studies[0], *studies[2:]])


def test_dragging_a_study_onto_a_subgroup_moves_it(qtbot, main_window, panel):
    from workbench.gui.project_panel import drop_move

    adeyemi = main_window.controller.project.store.results(1)[0]["result_id"]
    source = panel.select("result", (1, adeyemi, "neuropathic pain"))
    target = panel.select("subgroup", (1, "mixed"))
    assert drop_move(source, target) == (1, adeyemi, "mixed")
    assert drop_move(source, panel.select("subgroup", (1, "neuropathic pain"))) is None
    assert drop_move(source, panel.select("comparison", 1)) is None
    panel.actions.move_to_subgroup(*drop_move(source, target))
    _undo_redo(qtbot, main_window,
               lambda: "Adeyemi 2010" not in _members(panel, "mixed"),
               lambda: "Adeyemi 2010" in _members(panel, "mixed"))


def _members(panel, subgroup: str) -> list[str]:
    item = panel.select("subgroup", (1, subgroup))
    return [item.child(i).text(0) for i in range(item.childCount())]
