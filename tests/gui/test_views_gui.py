"""Whose numbers are on screen: the data-view selector, the empty state, New/Open/Close."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402

from workbench.gui.new_project_dialog import NewReview  # noqa: E402
from workbench.session.data_view import CONSENSUS, MINE, REVIEWER  # noqa: E402


def _choose_view(qtbot, view, kind: str, reviewer: str = "") -> None:
    combo = view.plots.data_view
    index = next(i for i in range(combo.count()) if combo.itemData(i).kind == kind
                 and (not reviewer or combo.itemData(i).reviewer == reviewer))
    if combo.currentIndex() == index:
        return
    with qtbot.waitSignal(view.result_ready, timeout=3000):
        combo.setCurrentIndex(index)


def _study(view, label: str):
    return next(s for s in view.result.studies if s.study == label)


def test_the_view_decides_whose_values_the_plot_uses(qtbot, main_window):
    """Brandt 1994, pain relief: Reviewer A typed 5 events, Reviewer B 7
    (resources/demo/ketamine.json, second_reviewer_differences), not yet resolved."""
    main_window.review_actions.blind_action.setChecked(False)
    view = main_window.outcome_view
    _choose_view(qtbot, view, CONSENSUS)
    brandt = _study(view, "Brandt 1994")
    assert not brandt.included and brandt.reason.startswith("reviewers disagree")
    assert "agreed values" in view.forest.layout_.effect_title[1]
    cells = next(r for r in view.forest.layout_.rows if r.cells[0].startswith("Brandt"))
    assert cells.cells[-1] == "Reviewers disagree"  # not "Not estimable"
    _choose_view(qtbot, view, MINE)
    brandt = _study(view, "Brandt 1994")
    assert brandt.included and brandt.disputed  # my 5 events are used, still marked †
    assert "my values (Reviewer A)" in view.forest.layout_.effect_title[1]
    assert "your value is used here" in view.summary.text()
    mine = brandt.yi
    _choose_view(qtbot, view, REVIEWER, "Reviewer B")
    brandt = _study(view, "Brandt 1994")
    assert brandt.included and not brandt.disputed and brandt.yi != pytest.approx(mine)
    assert "Reviewer B's values" in view.forest.layout_.effect_title[1]


def test_blind_mode_hides_the_other_reviewer_in_every_view(qtbot, main_window):
    from workbench.session.commands.resolve import SetStudyFinished

    controller = main_window.controller
    view = main_window.outcome_view
    main_window.review_actions.blind_action.setChecked(True)
    controller.project.set_reviewer("Reviewer B")
    brandt_id = controller.project.store.study_id("Brandt 1994")
    controller.execute(SetStudyFinished(brandt_id, False))  # B reopens Brandt
    controller.project.set_reviewer("Reviewer A")
    qtbot.waitUntil(lambda: brandt_id in view.model.hidden_studies)
    _choose_view(qtbot, view, CONSENSUS)
    brandt = _study(view, "Brandt 1994")
    assert brandt.included and not brandt.disputed  # only my own values, no hint of B's
    _choose_view(qtbot, view, REVIEWER, "Reviewer B")
    assert all(s.study != "Brandt 1994" for s in view.result.studies)
    conflicts = main_window.conflicts_view
    main_window.tabs.setCurrentWidget(conflicts)
    qtbot.waitUntil(lambda: conflicts.isVisible())
    conflicts.refresh()
    assert all(c.study != "Brandt 1994" for c in conflicts.conflicts)
    assert "blind mode" in conflicts.message.text()


def _views_hold_nothing(window) -> None:
    view = window.outcome_view
    assert view.stack.currentIndex() == 0 and view.model.rowCount() == 0
    assert view.result is None and view.summary.text() == ""
    assert window.panel.topLevelItemCount() == 0
    assert window.conflicts_view.conflicts == []
    assert window.outline.history.entries == []
    assert window.rob_figures.outcome_id is None


def test_close_clears_every_view_and_open_refills_them(qtbot, main_window, tmp_path,
                                                       monkeypatch):
    main_window.close_project()
    for tab in (main_window.conflicts_view, main_window.outline.history):
        main_window.tabs.setCurrentWidget(tab)
        tab.refresh()
    main_window.tabs.setCurrentWidget(main_window.outcome_view)
    _views_hold_nothing(main_window)
    assert main_window.outcome_view.empty.heading.text() == "No project is open"
    # A second, empty project: nothing of the demo may show anywhere.
    monkeypatch.setattr(main_window.outline, "ask_review", lambda path: NewReview(
        "Other review", "", "Drug versus nothing", "Drug", "Nothing"))
    assert main_window.outline.create(tmp_path / "other.wbproj")
    view = main_window.outcome_view
    assert view.stack.currentIndex() == 0
    assert view.empty.heading.text() == "This review has no outcomes yet"
    assert view.model.rowCount() == 0
    texts = [i.text(0) for i in main_window.panel._walk()]
    assert "Drug versus nothing" in texts
    assert not any("Ketamine" in t or "Adeyemi" in t for t in texts)
    assert "Other review" in main_window.windowTitle()


def test_empty_state_buttons_say_what_to_do_next(qtbot, main_window, tmp_path, monkeypatch):
    monkeypatch.setattr(main_window.outline, "ask_review", lambda path: NewReview(
        "Empty", "", "", "", ""))
    assert main_window.outline.create(tmp_path / "empty.wbproj")
    empty = main_window.outcome_view.empty
    shown = {k for k, b in empty.buttons.items() if not b.isHidden()}
    assert shown == {"import", "add_outcome", "add_study", "demo"}
    assert main_window.outcome_view.stack.currentWidget() is empty


@pytest.fixture
def bare_window(qtbot, tmp_path):
    """The main window with no project open, as on a first start without the demo."""
    from PySide6.QtCore import QSettings

    from workbench.gui.app import application
    from workbench.gui.main_window import MainWindow

    application()
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    settings.setValue("reviewer", "Ann")
    window = MainWindow(settings=settings)
    qtbot.addWidget(window)
    window.resize(1400, 900)
    window.show()
    yield window
    window.close()


def _type(qtbot, window, row: int, field: str, text: str) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QLineEdit

    view = window.outcome_view
    grid = view.grid
    index = grid.proxy.index(row, view.model.columns.index(field))
    grid.setCurrentIndex(index)
    grid.edit(index)
    # The last cell's editor may still wait for deletion: type into the one open now.
    editors = [e for e in grid.findChildren(QLineEdit) if e.isVisible()]
    assert len(editors) == 1, "no cell editor opened"
    editor = editors[0]
    editor.selectAll()
    qtbot.keyClicks(editor, text)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: view.model.data(index) == text, timeout=3000)


# Three made-up trials typed in by hand: (label, year, events_1, total_1, events_2, total_2).
TRIALS = [("Ames 2001", 2001, "12", "50", "6", "50"), ("Berg 2005", 2005, "20", "80", "11", "79"),
          ("Chen 2010", 2010, "9", "40", "8", "42")]


def test_a_whole_small_review_built_in_the_window_from_nothing(qtbot, bare_window, tmp_path,
                                                               monkeypatch):
    from PySide6.QtCore import Qt

    from workbench.core.meta import run_meta
    from workbench.core.model import FIELDS_BY_TYPE, DataType, StudyRow
    from workbench.session.commands.outline import OutcomeSpec

    window, view = bare_window, bare_window.outcome_view
    assert view.empty.heading.text() == "No project is open"
    outline, actions = window.outline, window.panel.actions
    monkeypatch.setattr(outline, "ask_review", lambda path: NewReview(
        "Drug X for migraine", "In adults with migraine, does drug X ...?",
        "Drug X versus placebo", "Drug X", "Placebo"))
    assert outline.create(tmp_path / "migraine.wbproj")
    monkeypatch.setattr(actions, "ask_outcome", lambda o=None: OutcomeSpec(
        "Pain free at 2 hours", DataType.DICHOTOMOUS, "RR", True))
    qtbot.mouseClick(view.empty.buttons["add_outcome"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.stack.currentIndex() == 1, timeout=3000)
    for label, year, *_ in TRIALS:
        monkeypatch.setattr(actions, "ask_study", lambda s=None, la=label, y=year: {
            "name": la, "year": y, "design": "RCT", "notes": ""})
        window.panel.select("outcome", view.outcome_id)
        window.panel.setFocus()
        qtbot.keyClick(window.panel, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: view.model.rowCount() == 3, timeout=3000)
    fields = FIELDS_BY_TYPE[DataType.DICHOTOMOUS]
    for row, (_label, _year, *values) in enumerate(TRIALS):
        for field, text in zip(fields, values, strict=True):
            _type(qtbot, window, row, field, text)
    monkeypatch.setattr(actions, "ask_text", lambda title, label, text="": "Episodic")
    actions.new_subgroup(view.outcome_id)
    monkeypatch.setattr(actions, "ask_many", lambda title, prompt, items: [
        items[0][1], items[1][1]])
    failures = []
    window.controller.failed.connect(failures.append)
    actions.fill_subgroup(view.outcome_id, "Episodic")
    assert not failures
    qtbot.waitUntil(lambda: view.result is not None and view.result.k == 3
                    and bool(view.result.subgroups), timeout=10000)
    # The same numbers through the core engine (validated against metafor in tests/core).
    rows = [StudyRow(label, dict(zip(fields, map(float, values), strict=True)),
                     subgroup="Episodic" if i < 2 else None)
            for i, (label, _y, *values) in enumerate(TRIALS)]
    expected = run_meta(rows, DataType.DICHOTOMOUS, window.controller.project.store.outcome(
        view.outcome_id).settings, subgroups=True)
    assert view.result.estimate == pytest.approx(expected.estimate, abs=1e-12)
    assert view.panel.shown_favours() == ("Favours Placebo", "Favours Drug X")
    figure = view.plots.export(str(tmp_path / "forest.svg"))
    with open(figure, encoding="utf-8") as file:
        svg = file.read()
    assert all(label in svg for label, *_ in TRIALS) and "Episodic" in svg


def _visible_texts(window) -> list[str]:
    """Every text any view holds: labels, tables, lists, combos, editors, tree items."""
    from PySide6.QtWidgets import (
        QComboBox,
        QLabel,
        QLineEdit,
        QPlainTextEdit,
        QTableWidget,
        QTextEdit,
        QTreeWidget,
    )

    texts = [w.text() for w in window.findChildren(QLabel)]
    texts += [w.text() for w in window.findChildren(QLineEdit)]
    texts += [w.toPlainText() for w in window.findChildren(QPlainTextEdit)]
    texts += [w.toPlainText() for w in window.findChildren(QTextEdit)]
    for combo in window.findChildren(QComboBox):
        texts += [combo.itemText(i) for i in range(combo.count())]
    for table in window.findChildren(QTableWidget):
        texts += [table.item(r, c).text() for r in range(table.rowCount())
                  for c in range(table.columnCount()) if table.item(r, c)]
    for tree in window.findChildren(QTreeWidget):
        texts += [i.text(0) for i in tree.findItems("", Qt.MatchFlag.MatchContains
                                                    | Qt.MatchFlag.MatchRecursive)]
    return texts


from PySide6.QtCore import Qt  # noqa: E402


def test_no_view_shows_the_previous_project_after_new(qtbot, main_window, tmp_path,
                                                      monkeypatch):
    for index in range(main_window.tabs.count()):  # every tab has drawn the demo once
        main_window.tabs.setCurrentIndex(index)
        qtbot.wait(10)
    assert any("Adeyemi" in t for t in _visible_texts(main_window))
    monkeypatch.setattr(main_window.outline, "ask_review", lambda path: NewReview(
        "Other review", "", "Drug versus nothing", "Drug", "Nothing"))
    assert main_window.outline.create(tmp_path / "other.wbproj")
    for index in range(main_window.tabs.count()):
        main_window.tabs.setCurrentIndex(index)
        qtbot.wait(10)
    # The demo's studies, outcomes and reviewers (resources/demo/ketamine.json).
    stale = [t for t in _visible_texts(main_window)
             if any(word in t for word in ("Adeyemi", "Brandt", "Ketamine", "ketamine",
                                           "Reviewer B", "pain relief"))]
    assert stale == []
