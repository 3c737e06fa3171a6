"""Workshop mode: opens full screen on a chosen screen, keys, what-ifs shown as changes."""

from __future__ import annotations

import pytest
import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication

from workbench.gui.workshop.framework_page import FrameworkPage
from workbench.gui.workshop.keys import KEY_MAP
from workbench.gui.workshop.theme import TypeSizes

# resources/demo/ketamine.json, in project order.
OUTCOMES = ["At least 30% pain relief", "Pain intensity (0-10)", "Any adverse event",
            "Psychotomimetic adverse events", "Withdrawals"]


@pytest.fixture
def workshop(main_window, qtbot):
    window = main_window.workshop_actions.open_workshop(QGuiApplication.screens()[0])
    qtbot.waitUntil(lambda: window.isVisible())
    yield window
    # pytest-qt closes the main window first; closing its project closes the workshop too.
    if shiboken6.isValid(window):
        window.close()


def _keys(qtbot, window, *keys):
    for key in keys:
        if isinstance(key, str):
            qtbot.keyClicks(window, key)
        else:
            qtbot.keyClick(window, key)


def _stored(window):
    store = window.controller.project.store
    return store.outcome(window.outcome_id).settings, [r["included"] for r in
                                                       store.results(window.outcome_id)]


def test_opens_full_screen_on_the_chosen_screen(workshop):
    screen = QGuiApplication.screens()[0]
    assert workshop.screen() is screen
    assert workshop.isFullScreen() and workshop.geometry() == screen.geometry()
    assert workshop.outcome_page.title.text() == OUTCOMES[0]


def test_body_type_is_at_least_24_px_at_1080p():
    # issue 10: "body type >= 24 px at 1080p", sized from the screen, not fixed pixels.
    assert TypeSizes.for_height(1080).body >= 24
    assert TypeSizes.for_height(768).body < TypeSizes.for_height(1080).body


def test_arrows_and_digits_move_between_outcomes(workshop, qtbot):
    _keys(qtbot, workshop, Qt.Key.Key_Right)
    assert workshop.outcome_page.title.text() == OUTCOMES[1]
    _keys(qtbot, workshop, "5")
    assert workshop.outcome_page.title.text() == OUTCOMES[4]
    _keys(qtbot, workshop, Qt.Key.Key_Right)  # past the last: stays
    assert workshop.outcome_page.title.text() == OUTCOMES[4]
    _keys(qtbot, workshop, Qt.Key.Key_Left, "1")
    assert workshop.outcome_page.title.text() == OUTCOMES[0]


def test_a_what_if_changes_the_sof_row_and_shows_old_to_new(workshop, qtbot):
    relative = workshop.outcome_page.cells["Relative effect (95% CI)"]
    before = relative.text()
    stored = _stored(workshop)
    _keys(qtbot, workshop, "w", "h")  # leave out the studies at high risk of bias
    assert "→" in relative.text() and relative.text().startswith(before)
    assert relative.objectName() == "changed"
    assert "Relative effect (95% CI)" in workshop.changed_cells
    assert "without high risk of bias" in workshop.outcome_page.whatif_bar.text()
    assert _stored(workshop) == stored  # nothing stored until "keep this"
    _keys(qtbot, workshop, "0")
    assert relative.text() == before and not workshop.changed_cells


def test_keep_this_stores_one_command_that_undo_reverts(workshop, qtbot):
    stored = _stored(workshop)
    _keys(qtbot, workshop, "w", "m")  # random -> fixed
    assert _stored(workshop) == stored
    _keys(qtbot, workshop, Qt.Key.Key_Return)
    settings, _ = _stored(workshop)
    assert settings.method != stored[0].method and not settings.is_random
    project = workshop.controller.project
    assert project.history.undo_label() == "Keep what-if"
    assert project.store.audit_entries(1)[0][2] == "KeepWhatIf"
    _keys(qtbot, workshop, "w")
    qtbot.keyClick(workshop, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert _stored(workshop) == stored


def test_framework_keys_judge_a_criterion_and_undo(workshop, qtbot):
    _keys(qtbot, workshop, "e", Qt.Key.Key_Right)  # overview -> priority of the problem
    assert isinstance(workshop.stack.currentWidget(), FrameworkPage)
    assert workshop.framework_page.page == "priority"
    _keys(qtbot, workshop, "4")  # the fourth option of its scale: Yes
    store = workshop.controller.project.store
    assert store.one("SELECT judgement FROM etd_judgements WHERE criterion = 'priority'") \
        == "Yes"
    qtbot.keyClick(workshop, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert store.one("SELECT COUNT(*) FROM etd_judgements") == 0
    _keys(qtbot, workshop, "e")
    assert workshop.stack.currentWidget() is workshop.outcome_page


def test_blank_key_map_and_escape(workshop, qtbot):
    _keys(qtbot, workshop, "b")
    assert workshop.stack.currentWidget() is workshop.blank_page
    _keys(qtbot, workshop, Qt.Key.Key_Space)
    assert workshop.stack.currentWidget() is workshop.outcome_page
    _keys(qtbot, workshop, "?")
    assert workshop.stack.currentWidget() is workshop.keys_page
    assert len(workshop.keys_page.findChildren(type(workshop.outcome_page.title))) == \
        2 * len(KEY_MAP) + 1
    _keys(qtbot, workshop, Qt.Key.Key_Space, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not workshop.isVisible())


def test_g_shows_certainty_with_reasons(workshop, qtbot):
    _keys(qtbot, workshop, "g")
    assert workshop.outcome_page.showing_certainty
    _keys(qtbot, workshop, "g")
    assert not workshop.outcome_page.showing_certainty


def test_handout_menu_item_writes_the_pdf(main_window, tmp_path):
    out = tmp_path / "handout.pdf"
    assert main_window.workshop_actions.export_handout(str(out))
    assert out.read_bytes().startswith(b"%PDF")


def test_f11_opens_the_workshop_and_esc_leaves(main_window, qtbot):
    action = main_window.workshop_actions.open_action
    assert action.shortcut().toString() == "F11"
    action.trigger()
    window = main_window.workshop_actions.workshop
    qtbot.waitUntil(lambda: window is not None and window.isVisible())
    qtbot.keyClick(window, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: main_window.workshop_actions.workshop is None)


def test_typed_tallies_and_members_are_parsed_in_option_order():
    from workbench.gui.workshop.panel_actions import parse_member, parse_tally

    options = ["No", "Probably no", "Probably yes", "Yes"]
    assert parse_tally("0 1, 5 3", options) == {"Probably no": 1, "Probably yes": 5, "Yes": 3}
    with pytest.raises(ValueError, match="up to 4 whole numbers"):
        parse_tally("1 2 3 4 5", options)
    with pytest.raises(ValueError, match="up to 4 whole numbers"):
        parse_tally("two", options)
    assert parse_member("Ann Lee; Chair; Grant X") == ("Ann Lee", "Chair", "Grant X")
    assert parse_member("Bo") == ("Bo", "", "")


def test_r_on_the_recommendation_page_switches_only_in_research(workshop, qtbot):
    _keys(qtbot, workshop, "e", Qt.Key.Key_Left)  # the overview wraps to the recommendation
    assert workshop.framework_page.page == "recommendation"
    _keys(qtbot, workshop, "2", "r")
    store = workshop.controller.project.store
    row = store.execute("SELECT type, research_only FROM etd_recommendations").fetchone()
    assert tuple(row) == ("Conditional against", 1)


def test_handout_reports_progress_to_the_last_page(demo_project, qapp, tmp_path):
    from workbench.gui.workshop.handout import write_handout

    seen = []
    pages = write_handout(demo_project, None, tmp_path / "h.pdf",
                          lambda done, total: seen.append((done, total)))
    assert pages == len(OUTCOMES) + 1  # the SoF page, then one page per outcome
    assert seen == [(n, pages) for n in range(1, pages + 1)]


def test_certainty_recomputes_under_a_what_if(workshop, qtbot):
    from workbench.session.certainty import grade_report

    store = workshop.controller.project.store
    _keys(qtbot, workshop, "w", "h", "g")
    expected = grade_report(store, workshop.outcome_id, scenario=workshop.scenario())
    label = expected["outcomes"][0]["certainty_label"]
    heading = workshop.outcome_page.certainty_grid.itemAtPosition(0, 0).widget().text()
    assert heading.startswith(f"Certainty: {label}")
    cell = workshop.outcome_page.cells["Certainty"].text()
    assert cell.split("→ ")[-1].startswith(label)


class _Typed:
    """QInputDialog stand-in: the facilitator's typed answers, in order."""

    def __init__(self, *answers):
        self.answers = list(answers)

    def getText(self, *_args, **_kwargs):
        return self.answers.pop(0), True

    getItem = getMultiLineText = getDouble = getText


def test_votes_dissent_notes_and_members_typed_on_a_criterion_page(workshop, qtbot,
                                                                   monkeypatch):
    from workbench.gui.workshop import panel_actions
    from workbench.session.etd import etd_report

    monkeypatch.setattr(panel_actions, "QInputDialog", _Typed(
        "0 1 5 3", "Dr Ng: costs", "research_evidence", "Survey of 40 clinics",
        "Ann Lee; Chair; Grant X"))
    _keys(qtbot, workshop, "e", Qt.Key.Key_Right, "v", "d", "n", "p")
    document = etd_report(workshop.controller.project.store)
    priority = document["criteria"][0]
    assert priority["votes"] == {"Probably no": 1, "Probably yes": 5, "Yes": 3}
    assert priority["dissent"] == [{"member": "Dr Ng", "note": "costs"}]
    assert priority["research_evidence"] == "Survey of 40 clinics"
    assert document["panel"] == [{"name": "Ann Lee", "role": "Chair", "present": True,
                                  "coi_declared": True, "coi_text": "Grant X"}]
    monkeypatch.setattr(panel_actions, "QInputDialog", _Typed("Ann Lee"))
    _keys(qtbot, workshop, "p")  # a known name switches presence
    assert etd_report(workshop.controller.project.store)["panel"][0]["present"] is False


def test_a_baseline_risk_what_if_changes_the_absolute_effect_only(workshop, qtbot,
                                                                  monkeypatch):
    from workbench.gui.workshop import panel_actions

    monkeypatch.setattr(panel_actions, "QInputDialog", _Typed(300.0))
    stored = _stored(workshop)
    _keys(qtbot, workshop, "w", "r")
    assert set(workshop.changed_cells) == {"Anticipated absolute effect"}
    assert "baseline risk 300 per 1,000" in workshop.outcome_page.whatif_bar.text()
    assert _stored(workshop) == stored


def test_a_project_without_outcomes_says_so_instead_of_opening(main_window, qtbot, tmp_path):
    assert main_window.open_path(tmp_path / "empty.wbproj")
    with qtbot.waitSignal(main_window.controller.failed) as failure:
        assert main_window.workshop_actions.open_workshop() is None
    assert "has none yet" in failure.args[0]
