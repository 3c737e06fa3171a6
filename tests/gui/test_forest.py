"""Forest plot: items carry what the engine computed, live updates keep items, exports."""

from __future__ import annotations

import html
import math
import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402
from forest_data import COMPARISON, OUTCOME, SETTINGS, bcg_rows  # noqa: E402
from PySide6.QtGui import QFontDatabase, QImage  # noqa: E402

from workbench.core.meta import run_meta  # noqa: E402
from workbench.core.model import AnalysisSettings, DataType, Outcome, StudyRow  # noqa: E402
from workbench.gui.forest.export import export_figure  # noqa: E402
from workbench.gui.forest.widget import ForestPlotWidget  # noqa: E402

LN10 = math.log(10)


def _analyse(rows, settings=SETTINGS, data_type=DataType.DICHOTOMOUS):
    subgroups = any(r.subgroup for r in rows)
    return run_meta(rows, data_type, settings, subgroups=subgroups)


@pytest.fixture
def plot(qtbot):
    widget = ForestPlotWidget()
    qtbot.addWidget(widget)
    rows = bcg_rows()
    widget.set_data(_analyse(rows), rows, OUTCOME, COMPARISON)
    return widget, rows


def test_fonts_are_installed(qapp):
    # Without fonts every glyph is an empty box and nothing else fails.
    assert QFontDatabase.families()


def test_squares_sit_at_the_study_estimates(plot):
    widget, rows = plot
    result = _analyse(rows)
    xs, _ = widget.squares.getData()
    by_row = {r.study_index: r for r in widget.layout_.rows if r.kind == "study"}
    shown = [i for i, r in by_row.items() if r.glyph is not None]
    expected = [result.studies[i].yi / LN10 for i in shown]
    assert sorted(xs.tolist()) == pytest.approx(sorted(expected))
    assert len(xs) == len(rows)


def test_total_diamond_spans_the_pooled_ci(plot):
    widget, rows = plot
    result = _analyse(rows)
    total = next(i for i, r in enumerate(widget.layout_.rows) if r.kind == "total")
    polygons = widget.diamonds.path().toSubpathPolygons()
    diamond = next(p for p in polygons if any(abs(pt.y() - total) < 1e-9 for pt in p))
    xs = [pt.x() for pt in diamond]
    assert min(xs) == pytest.approx(result.ci_lower / LN10)
    assert max(xs) == pytest.approx(result.ci_upper / LN10)
    # One diamond per subgroup plus the total, all in one path item.
    assert len(polygons) == len(result.subgroups) + 1


def test_texts_follow_revman(plot):
    widget, _ = plot
    cells = [r.cells for r in widget.layout_.rows]
    assert ("Aronson 1948", "4", "123", "11", "139", "5.0%", "0.41 [0.13, 1.26]") in cells
    notes = [c[0] for c in cells]
    assert ("Heterogeneity: Tau² = 0.31; Chi² = 152.23, df = 12 (P < 0.00001); I² = 92%"
            in notes)
    assert "Test for overall effect: Z = 4.00 (P < 0.0001)" in notes
    assert "Test for subgroup differences: Chi² = 1.54, df = 2 (P = 0.46), I² = 0%" in notes
    total = next(c for c in cells if c[0] == "Total (95% CI)")
    assert total[-2:] == ("100.0%", "0.49 [0.34, 0.70]")


def test_set_data_keeps_items_and_updates_them(plot):
    widget, rows = plot
    items = (widget.squares, widget.whiskers, widget.diamonds, widget.texts, widget.viewbox,
             widget.axis, widget.null_line)
    count = len(widget.scene.items())
    values = dict(rows[0].values, events_1=40.0)
    edited = [StudyRow(rows[0].study, values, rows[0].subgroup, rows[0].year), *rows[1:]]
    result = _analyse(edited)
    widget.set_data(result, edited, OUTCOME, COMPARISON)
    assert (widget.squares, widget.whiskers, widget.diamonds, widget.texts, widget.viewbox,
            widget.axis, widget.null_line) == items
    assert len(widget.scene.items()) == count
    xs, _ = widget.squares.getData()
    assert min(abs(x - result.studies[0].yi / LN10) for x in xs) < 1e-12
    row = next(r for r in widget.layout_.rows if r.study_index == 0)
    assert row.cells[1] == "40"


def test_value_edit_rerecords_only_changed_rows(plot):
    widget, rows = plot
    result = _analyse(rows)
    # Same data again: nothing to re-record.
    widget.set_data(result, rows, OUTCOME, COMPARISON)
    assert widget.texts.update_rows(widget.layout_) == 0


def test_ratio_axis_has_log_ticks(plot):
    widget, _ = plot
    labels = [label for _, label in widget.layout_.scale.ticks]
    assert labels == ["0.01", "0.1", "1", "10", "100"]
    assert [x for x, _ in widget.layout_.scale.ticks] == pytest.approx([-2, -1, 0, 1, 2])
    assert widget.axis._tickLevels[0] == list(widget.layout_.scale.ticks)


def test_difference_measure_has_linear_axis(qtbot):
    rows = bcg_rows(subgroups=False)
    settings = AnalysisSettings(measure="RD", method="DL")
    outcome = Outcome(1, 1, "TB", DataType.DICHOTOMOUS, settings)
    widget = ForestPlotWidget()
    qtbot.addWidget(widget)
    widget.set_data(_analyse(rows, settings), rows, outcome, COMPARISON)
    ticks = widget.layout_.scale.ticks
    assert not widget.layout_.scale.log
    assert ticks[2] == (0.0, "0")
    assert ticks[0][0] == -ticks[-1][0]


def test_not_estimable_study_is_listed_without_a_glyph(qtbot):
    rows = bcg_rows(subgroups=False)
    rows.append(StudyRow("Missing 2001", {"events_1": 3.0, "total_1": None, "events_2": 4.0,
                                          "total_2": 50.0}))
    widget = ForestPlotWidget()
    qtbot.addWidget(widget)
    widget.set_data(_analyse(rows), rows, OUTCOME, COMPARISON)
    row = next(r for r in widget.layout_.rows if r.cells[0] == "Missing 2001")
    assert row.cells[-1] == "Not estimable"
    assert row.glyph is None
    assert len(widget.squares.getData()[0]) == len(rows) - 1


def test_sort_by_weight_orders_studies(plot):
    widget, _ = plot
    widget.set_sort("weight")
    rows = widget.layout_.rows
    first_group = []
    for r in rows[1:]:
        if r.kind != "study":
            break
        first_group.append(float(r.cells[5].rstrip("%")))
    assert first_group == sorted(first_group, reverse=True)


def test_rob_columns_are_drawn(qtbot, tmp_path):
    rows = bcg_rows()
    rob = {r.study: ["Low", "Some concerns", "High", "low", "+", "High"] for r in rows}
    widget = ForestPlotWidget()
    qtbot.addWidget(widget)
    widget.set_data(_analyse(rows), rows, OUTCOME, COMPARISON, rob=rob)
    assert widget.layout_.rob.domains == ("D1", "D2", "D3", "D4", "D5", "Overall")
    study = next(r for r in widget.layout_.rows if r.kind == "study")
    assert study.rob == ("low", "some concerns", "high", "low", "low", "high")
    svg = export_figure(widget, tmp_path / "rob.svg").read_text(encoding="utf-8")
    assert "#02c100" in svg.lower() and "Overall" in svg


def test_exports(plot, tmp_path):
    widget, rows = plot
    svg = export_figure(widget, tmp_path / "forest.svg").read_text(encoding="utf-8")
    for row in rows:
        assert html.escape(row.study, quote=False) in svg, row.study
    assert "Favours experimental" in svg
    pdf = export_figure(widget, tmp_path / "forest.pdf")
    assert pdf.read_bytes().startswith(b"%PDF") and pdf.stat().st_size > 5_000
    png = export_figure(widget, tmp_path / "forest.png", dpi=300)
    image = QImage(str(png))
    width = widget.figure_rect().width()
    assert image.width() == pytest.approx(width * 300 / 96, abs=2)
    assert image.width() > 3000  # wide enough for a full-page figure at 300 dpi
    assert round(image.dotsPerMeterX() * 0.0254) == 300


def test_export_refuses_unknown_format(plot, tmp_path):
    widget, _ = plot
    with pytest.raises(ValueError, match="format"):
        export_figure(widget, tmp_path / "forest.bmp")


def test_funnel_plot_shows_included_studies(qtbot, tmp_path):
    from workbench.gui.forest.funnel import FunnelPlotWidget

    rows = bcg_rows(subgroups=False)
    result = run_meta(rows, DataType.DICHOTOMOUS, SETTINGS, bias=True)
    widget = FunnelPlotWidget()
    qtbot.addWidget(widget)
    widget.set_figure_size(640, 480)
    widget.set_data(result)
    xs, ys = widget.points.getData()
    assert sorted(xs.tolist()) == pytest.approx(sorted(s.yi / LN10 for s in result.studies))
    assert sorted(ys.tolist()) == pytest.approx(sorted(math.sqrt(s.vi) for s in result.studies))
    assert widget.centre.value() == pytest.approx(result.estimate / LN10)
    assert widget.egger_text.startswith("Egger's test: intercept = -2.11")
    assert export_figure(widget, tmp_path / "funnel.png", dpi=150).stat().st_size > 5_000


# ai=c(5,0,0,3,4); n1i=c(20,20,10,15,12); ci=c(7,0,3,3,4); n2i=c(20,20,10,15,4): r$yi of
# rma.peto(...) in metafor 3.8-1 is -0.4642857, NA, -1.75, 0, -2.0923077; weights(r) puts the
# double zero (study 2) at 0.
PETO_TABLES = [(5, 20, 7, 20), (0, 20, 0, 20), (0, 10, 3, 10), (3, 15, 3, 15), (4, 12, 4, 4)]


def _peto():
    rows = [StudyRow(f"S{i + 1}", {"events_1": a, "total_1": n1, "events_2": c, "total_2": n2})
            for i, (a, n1, c, n2) in enumerate(PETO_TABLES)]
    settings = AnalysisSettings(measure="OR", method="PETO")
    outcome = Outcome(id=1, comparison_id=1, label="Peto", data_type=DataType.DICHOTOMOUS,
                      settings=settings)
    return rows, outcome, _analyse(rows, settings)


def test_a_peto_forest_plot_shows_peto_odds_ratios_and_zero_weights(qtbot):
    rows, outcome, result = _peto()
    widget = ForestPlotWidget()
    qtbot.addWidget(widget)
    widget.set_data(result, rows, outcome, COMPARISON)
    studies = {r.study_index: r for r in widget.layout_.rows if r.kind == "study"}
    # exp(-0.4642857) = 0.63, where the ordinary OR of study 1 would be 5·13/(15·7) = 0.62
    assert studies[0].cells[-1].startswith("0.63 [")
    assert studies[4].cells[-1].startswith(f"{math.exp(-2.0923077):.2f} [")
    assert studies[1].cells[-2] == "0.0%" and studies[1].cells[-1] == "Not estimable"
    xs, _ = widget.squares.getData()
    assert sorted(xs.tolist()) == pytest.approx(
        sorted(v / LN10 for v in (-0.4642857, -1.75, 0.0, -2.0923077)), abs=1e-7)


def test_a_peto_funnel_plot_shows_peto_odds_ratios(qtbot):
    from workbench.gui.forest.funnel import FunnelPlotWidget

    _rows, _outcome, result = _peto()
    widget = FunnelPlotWidget()
    qtbot.addWidget(widget)
    widget.set_data(result)
    xs, ys = widget.points.getData()
    assert sorted(xs.tolist()) == pytest.approx(
        sorted(v / LN10 for v in (-0.4642857, -1.75, 0.0, -2.0923077)), abs=1e-7)
    assert sorted(ys.tolist()) == pytest.approx(
        sorted(math.sqrt(v) for v in (0.4642857, 1.1666667, 0.8055556, 1.0461538)), abs=1e-6)
