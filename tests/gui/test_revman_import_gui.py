"""File ▸ Import RevMan review…: one undo step, the summary, forest plot = RevMan's result."""

import math
import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "io"))

from rm5_canonical import REVMAN_FILES  # noqa: E402

from workbench.gui.revman_actions import import_revman  # noqa: E402


def test_import_summary_forest_and_undo(main_window, qtbot):
    shown = []
    store = main_window.controller.project.store
    before = store.counts()["outcomes"]
    lines = import_revman(main_window, main_window.controller, REVMAN_FILES / "Fleiss1993.rm5",
                          show=lambda *args: shown.append(args))
    assert lines and "compared 51 cached values: no differences" in lines[1]
    assert shown and shown[0][3] is False  # an information box, not a warning
    aspirin = next(o for o in store.outcomes() if o.label.startswith("Aspirin"))
    main_window.outcome_view.show_outcome(aspirin.id)
    # Fleiss1993.rm5 CMP-001.01: EFFECT_SIZE 0.8968655609130709 [0.8405144008917793,
    # 0.9569947088336491] (MH, OR, fixed) is what the plot's pooled row shows
    qtbot.waitUntil(lambda: main_window.outcome_view.result is not None and
                    main_window.outcome_view.result.k == 7)
    result = main_window.outcome_view.result
    assert math.isclose(math.exp(result.estimate), 0.8968655609130709, rel_tol=1e-9)
    assert math.isclose(math.exp(result.ci_upper), 0.9569947088336491, rel_tol=1e-9)
    main_window.controller.undo()
    assert store.counts()["outcomes"] == before


def test_a_refused_file_is_shown_and_changes_nothing(main_window, tmp_path):
    bad = tmp_path / "bad.rm5"
    bad.write_text("<COCHRANE_REVIEW><ANALYSES_AND_DATA>")
    shown = []
    store = main_window.controller.project.store
    before = store.counts()
    assert import_revman(main_window, main_window.controller, bad,
                         show=lambda *args: shown.append(args)) is None
    assert "bad.rm5: line" in shown[0][2] and shown[0][3] is True
    assert store.counts() == before


def test_the_forest_plot_keeps_revmans_sort(main_window):
    """antibiotics-for-sore-throat.rm5: one outcome has SORT_BY="EFFECT_SIZE", the rest STUDY."""
    import_revman(main_window, main_window.controller,
                  REVMAN_FILES / "antibiotics-for-sore-throat.rm5", show=lambda *args: None)
    store = main_window.controller.project.store
    imported = {c.id for c in store.comparisons() if c.label.startswith("Antibiotics")}
    sorts = {o.id: store.one("SELECT sort_by FROM outcomes WHERE id = ?", [o.id])
             for o in store.outcomes() if o.comparison_id in imported}
    by_effect = next(i for i, s in sorts.items() if s == "effect_size")
    main_window.outcome_view.show_outcome(by_effect)
    assert main_window.outcome_view.plots.sort.currentData() == "effect"
    by_study = next(i for i, s in sorts.items() if s == "study")
    main_window.outcome_view.show_outcome(by_study)
    assert main_window.outcome_view.plots.sort.currentData() == "study"
    demo = next(o.id for o in store.outcomes() if o.comparison_id not in imported)
    main_window.outcome_view.show_outcome(demo)  # no sort of its own: the choice stays
    assert main_window.outcome_view.plots.sort.currentData() == "study"


def test_export_to_revman_writes_a_file_the_importer_reads(main_window, tmp_path):
    from workbench.gui.revman_actions import export_revman
    from workbench.io.rm5.reader import read_rm5

    shown = []
    out = tmp_path / "demo.rm5"
    assert export_revman(main_window, main_window.controller, out,
                         show=lambda *args: shown.append(args)) == [str(out)]
    review = read_rm5(out)
    store = main_window.controller.project.store
    assert len(review.outcomes()) == len(store.outcomes())
    # the demo's outcomes use REML, which RevMan 5 cannot hold: the user is told
    assert shown[0][3] is True and "written as DerSimonian-Laird" in shown[0][2]
    zipped = export_revman(main_window, main_window.controller, tmp_path / "CD000001.zip",
                           show=lambda *args: None)
    assert zipped == [str(tmp_path / "CD000001.zip")]
