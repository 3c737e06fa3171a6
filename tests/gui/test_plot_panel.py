"""What-if toggles on the working screen, the funnel view, and figure export from the GUI."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from workbench.session.rob import rob_table  # noqa: E402


def _high_risk_studies(window) -> set[str]:
    table = rob_table(window.controller.project, "rob2", window.outcome_view.outcome_id)
    return {row.study for row in table.rows if row.overall == "High"}


def test_demo_shows_risk_of_bias_beside_the_plot(main_window):
    view = main_window.outcome_view
    assert view.plots.exclude_high.isEnabled()
    assert view.forest.layout_ is not None and "Overall" in str(view.forest.layout_)


def test_excluding_high_risk_studies_is_a_what_if_that_changes_nothing(qtbot, main_window):
    view = main_window.outcome_view
    high = _high_risk_studies(main_window)
    assert high, "the demo has studies at high risk of bias"
    k_before = view.result.k
    # k counts studies with complete data; a high-risk study in conflict was not counted.
    counted_high = {s.study for s in view.result.studies if s.study in high and s.yi is not None}
    before = main_window.controller.project.store.counts()
    with qtbot.waitSignal(view.result_ready, timeout=3000):
        view.plots.exclude_high.setChecked(True)
    shown = {s.study for s in view.result.studies}
    assert not (shown & high)
    assert view.result.k == k_before - len(counted_high)
    assert "what if" in view.summary.text()
    assert main_window.controller.project.store.counts() == before
    assert main_window.controller.project.history.undo_label() is None
    with qtbot.waitSignal(view.result_ready, timeout=3000):
        view.plots.exclude_high.setChecked(False)
    assert view.result.k == k_before


def test_leave_one_out(qtbot, main_window):
    view = main_window.outcome_view
    with qtbot.waitSignal(view.result_ready, timeout=3000):
        view.plots.leave_out.setCurrentText("Adeyemi 2010")
    assert "Adeyemi 2010" not in {s.study for s in view.result.studies}


def test_funnel_view_shows_the_egger_test(qtbot, main_window):
    view = main_window.outcome_view
    with qtbot.waitSignal(view.result_ready, timeout=3000):
        view.plots.view.setCurrentIndex(1)
    assert view.result.egger is not None
    assert "Egger" in view.plots.funnel.egger_text


def test_export_from_the_gui_writes_every_study_label(main_window, tmp_path):
    path = main_window.outcome_view.plots.export(str(tmp_path / "forest"), "SVG (*.svg)")
    with open(path, encoding="utf-8") as handle:
        svg = handle.read()
    for row in main_window.outcome_view.data.rows:
        assert row.study in svg
    png = main_window.outcome_view.plots.export(str(tmp_path / "forest.png"))
    assert os.path.getsize(png) > 10_000


def test_studies_in_dispute_are_marked_on_the_plot(qtbot, main_window):
    """Brandt 1994's responders differ between the demo's reviewers (5 against 7)."""
    view = main_window.outcome_view

    def labels() -> set[str]:
        return {r.cells[0] for r in view.forest.layout_.rows if r.kind == "study"}

    assert "Brandt 1994 †" in labels() and "Adeyemi 2010" in labels()
    assert any("Reviewers disagree" in r.cells[0] for r in view.forest.layout_.rows)
    assert "reviewers disagree" in view.summary.text()
    with qtbot.waitSignal(view.result_ready, timeout=3000):
        view.plots.mark_conflicts.setChecked(False)
    assert "Brandt 1994" in labels()


def test_subtotals_count_events_and_participants_of_the_same_studies(main_window):
    """Neuropathic pain: Brandt 1994's responders are disputed, so neither its events nor its
    47 participants count; ketamine arms 32 + 30 + 51 = 113, responders 20 + 9 + 10 = 39
    (resources/demo/ketamine.json)."""
    rows = main_window.outcome_view.forest.layout_.rows
    subtotal = next(r for r in rows if r.kind == "subtotal")
    events = next(r for r in rows if r.kind == "events")
    assert "113" in subtotal.cells and "39" in events.cells


def test_the_export_dialog_suggests_a_name_in_the_project_folder(main_window):
    view = main_window.outcome_view
    project = main_window.controller.project
    suggested = view.plots.suggested_path()
    outcome = project.store.outcome(view.outcome_id).label
    assert suggested.startswith(str(project.path.parent))
    assert outcome in suggested and suggested.endswith("forest plot.svg")


def test_the_rob_figure_dialog_suggests_a_name_in_the_project_folder(main_window):
    from workbench.gui.rob_figures_view import RobFiguresView

    view = main_window.findChild(RobFiguresView)
    view.show_outcome(main_window.outcome_view.outcome_id)
    suggested = view.suggested_path()
    assert suggested.startswith(str(main_window.controller.project.path.parent))
    assert suggested.endswith("traffic-light.svg")
